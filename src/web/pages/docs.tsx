/**
 * `/docs`: Swagger UI served from swagger-ui-dist by this app (no CDN: an intranet machine has
 * no internet), started by a static script so the page needs no inline code.
 */
import { Hono } from 'hono';
import { asset } from '../assets.js';
import type { WebEnv } from '../env.js';

export function docsPage() {
  const app = new Hono<WebEnv>();
  app.get('/docs', (c) =>
    c.html(
      `<!DOCTYPE html>${(
        <html lang="zh-CN">
          <head>
            <meta charset="utf-8" />
            <meta name="viewport" content="width=device-width, initial-scale=1" />
            <title>接口文档 · 产学研对接平台</title>
            <link rel="icon" href={asset('favicon.svg')} type="image/svg+xml" />
            <link rel="stylesheet" href={asset('swagger-ui.css')} />
            <script src={asset('swagger-ui-bundle.js')} defer></script>
            <script src={asset('docs.js')} defer></script>
          </head>
          <body>
            <main>
              <h1 class="visually-hidden">接口文档</h1>
              <div id="swagger-ui" data-spec-url="/openapi.json">
                <p>
                  正在加载接口文档……如果一直停在这里，请直接查看 <a href="/openapi.json">/openapi.json</a>。
                </p>
              </div>
            </main>
          </body>
        </html>
      ).toString()}`,
    ),
  );
  return app;
}
