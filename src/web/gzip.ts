/**
 * gzip for pages and assets, buffered: the whole body is compressed at once and sent with its
 * Content-Length. (Hono's streaming `compress()` sends a page as several small chunks, which on a
 * new connection can wait on TCP's delayed ACK; a page here is tens of KB, so buffering costs
 * nothing.) Hashed assets never change, so each is compressed once and kept.
 */
import { gzipSync } from 'node:zlib';
import type { MiddlewareHandler } from 'hono';

const COMPRESSIBLE = /^(text\/|application\/(javascript|json|xml)|image\/svg\+xml)/;
const MIN_BYTES = 1024;

export function gzip(): MiddlewareHandler {
  const immutable = new Map<string, Uint8Array>();
  return async (c, next) => {
    await next();
    const res = c.res;
    if (c.req.method !== 'GET' || !res.body || res.headers.has('content-encoding')) return;
    if (!/\bgzip\b/.test(c.req.header('accept-encoding') ?? '')) return;
    if (!COMPRESSIBLE.test(res.headers.get('content-type') ?? '')) return;
    const key = res.status === 200 && res.headers.get('cache-control')?.includes('immutable') ? c.req.path : undefined;
    let body = key ? immutable.get(key) : undefined;
    if (!body) {
      const raw = new Uint8Array(await res.arrayBuffer());
      if (raw.byteLength < MIN_BYTES) {
        c.res = new Response(raw, res);
        return;
      }
      body = gzipSync(raw, { level: 6 });
      if (key) immutable.set(key, body);
    }
    c.res = new Response(body, res);
    c.res.headers.set('content-encoding', 'gzip');
    c.res.headers.set('content-length', String(body.byteLength));
    c.res.headers.append('vary', 'accept-encoding');
  };
}
