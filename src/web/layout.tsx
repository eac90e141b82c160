/**
 * The one layout every page renders in (through Hono's jsxRenderer): <html lang="zh-CN">, the
 * page title ("错误：" first when the page shows errors), the role's navigation, the flash area.
 * Handlers end with `c.render(<Page/>, { title: '我的难题' })`.
 */
import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import { jsxRenderer } from 'hono/jsx-renderer';
import { ROLE_LABELS } from '../auth/actor.js';
import { asset } from './assets.js';
import { Flash } from './components/flash.js';
import { CsrfField } from './components/form.js';
import type { WebEnv } from './env.js';
import { isCurrent, NAV } from './nav.js';

export const SITE_NAME = '产学研对接平台';

export interface PageProps {
  /** The page's name: <title> and the <h1>. */
  title: string;
  /** True when the page shows form errors: the title gets the "错误：" prefix. */
  error?: boolean;
  /** A different <h1> than the title, or false when the page renders its own. */
  heading?: string | false;
}

declare module 'hono' {
  interface ContextRenderer {
    (content: string | Promise<string>, props: PageProps): Response | Promise<Response>;
  }
}

/** htmx may not eval code or inject its own <style> (our CSP allows neither). */
const HTMX_CONFIG = JSON.stringify({
  includeIndicatorStyles: false,
  allowEval: false,
  allowScriptTags: false,
  selfRequestsOnly: true,
  // Back to a page htmx no longer holds: load it anew, not the fragment an hx-request would get.
  refreshOnHistoryMiss: true,
});

export function Layout({ c, title, error, heading, children }: PageProps & { c: Context<WebEnv>; children?: Child }) {
  const actor = c.get('actor');
  const path = c.req.path;
  const flash = c.get('flash');
  const fullTitle = `${error ? '错误：' : ''}${title} · ${SITE_NAME}`;
  return (
    <html lang="zh-CN">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="htmx-config" content={HTMX_CONFIG} />
        <title>{fullTitle}</title>
        <link rel="icon" href={asset('favicon.svg')} type="image/svg+xml" />
        <link rel="stylesheet" href={asset('app.css')} />
        {c.get('actor')?.role === 'bureau' ? <link rel="stylesheet" href={asset('workbench.css')} /> : null}
        <script src={asset('htmx.js')} defer></script>
        <script src={asset('app.js')} defer></script>
      </head>
      <body hx-headers={JSON.stringify({ 'X-CSRF-Token': c.get('csrfToken') })}>
        <a class="skip-link" href="#main">
          跳到正文
        </a>
        <header class="site-header">
          <div class="site-header__inner">
            <a class="site-name" href="/">
              {SITE_NAME}
            </a>
            {actor ? (
              <nav class="site-nav" aria-label="主导航">
                <ul>
                  {NAV[actor.role].map((item) => (
                    <li>
                      <a href={item.href} aria-current={isCurrent(item, path) ? 'page' : undefined}>
                        {item.label}
                      </a>
                    </li>
                  ))}
                </ul>
              </nav>
            ) : null}
            {actor ? (
              <div class="site-user">
                <a href="/account" aria-current={path === '/account' ? 'page' : undefined}>
                  {actor.name}
                  <span class="site-user__role">（{ROLE_LABELS[actor.role]}）</span>
                </a>
                <form method="post" action="/logout" class="inline-form">
                  <CsrfField />
                  <button type="submit" class="button-link">
                    退出
                  </button>
                </form>
              </div>
            ) : path !== '/login' ? (
              <div class="site-user">
                <a href="/login">登录</a>
              </div>
            ) : null}
          </div>
        </header>
        <main id="main" class="page">
          {flash ? <Flash message={flash} /> : null}
          {heading === false ? null : <h1>{heading ?? title}</h1>}
          {children}
        </main>
        <footer class="site-footer">
          <p>
            {SITE_NAME} · <a href="/docs">接口文档</a>
          </p>
        </footer>
      </body>
    </html>
  );
}

export const layoutRenderer = () =>
  jsxRenderer<WebEnv>(({ children, Layout: _unused, ...props }, c) => (
    <Layout c={c as Context<WebEnv>} {...(props as PageProps)}>
      {children}
    </Layout>
  ));
