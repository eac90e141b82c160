/**
 * Static assets served by the app itself (nothing from a CDN): our stylesheet and scripts in
 * src/web/assets/, htmx and Swagger UI from node_modules. Each is served at
 * `/assets/<name>.<contenthash>.<ext>` with a year-long immutable cache; `asset('app.css')`
 * gives the current URL, so a changed file gets a new URL and no browser keeps a stale copy.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Hono } from 'hono';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const fromPackage = (pkg: string, file: string) =>
  path.join(path.dirname(require.resolve(`${pkg}/package.json`)), file);

/** Logical name → file on disk. Add a file here to serve it. */
const SOURCES: Record<string, string> = {
  'app.css': path.join(here, 'assets/app.css'),
  'app.js': path.join(here, 'assets/app.js'),
  'workbench.css': path.join(here, 'assets/workbench.css'),
  'docs.js': path.join(here, 'assets/docs.js'),
  'favicon.svg': path.join(here, 'assets/favicon.svg'),
  'htmx.js': fromPackage('htmx.org', 'dist/htmx.min.js'),
  'swagger-ui.css': fromPackage('swagger-ui-dist', 'swagger-ui.css'),
  'swagger-ui-bundle.js': fromPackage('swagger-ui-dist', 'swagger-ui-bundle.js'),
};

const TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

interface Asset {
  url: string;
  body: Uint8Array;
  type: string;
}

function load(): { byName: Map<string, Asset>; byUrl: Map<string, Asset> } {
  const byName = new Map<string, Asset>();
  const byUrl = new Map<string, Asset>();
  for (const [name, file] of Object.entries(SOURCES)) {
    const body = readFileSync(file);
    const ext = path.extname(name);
    const hash = createHash('sha256').update(body).digest('hex').slice(0, 12);
    const asset = {
      url: `/assets/${name.slice(0, -ext.length)}.${hash}${ext}`,
      body: new Uint8Array(body),
      type: TYPES[ext] ?? 'application/octet-stream',
    };
    byName.set(name, asset);
    byUrl.set(asset.url, asset);
  }
  return { byName, byUrl };
}

let loaded: ReturnType<typeof load> | undefined;
const assets = () => (loaded ??= load());

/** The hashed URL of an asset, e.g. `asset('app.css')` → `/assets/app.3f2a…css`. */
export function asset(name: keyof typeof SOURCES | string): string {
  const found = assets().byName.get(name);
  if (!found) throw new Error(`unknown asset ${name}; add it to SOURCES in src/web/assets.ts`);
  return found.url;
}

export function assetRoutes(app: Hono<any>) {
  app.get('/assets/:file', (c) => {
    const found = assets().byUrl.get(c.req.path);
    if (!found) return c.notFound();
    return c.body(found.body as Uint8Array<ArrayBuffer>, 200, {
      'content-type': found.type,
      'cache-control': 'public, max-age=31536000, immutable',
      'x-content-type-options': 'nosniff',
    });
  });
  // Browsers ask for /favicon.ico on their own (a file download, an old page): the icon, not a 404.
  app.get('/favicon.ico', (c) => c.redirect(asset('favicon.svg'), 302)); // not 301: the hashed URL changes with the file
}
