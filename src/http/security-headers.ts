/**
 * Security headers on every response (Hono's `secure-headers`): no MIME sniffing, no framing
 * (CSP `frame-ancestors 'none'` and `X-Frame-Options: DENY`), no referrer, and the one
 * Content-Security-Policy every web page is written to satisfy: everything from this app, no
 * inline script or style, no CDN (government intranets have no internet).
 */
import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';

const SELF = ["'self'"];

/** The policy of every response; pages satisfy it (no inline `<script>`, no `style="…"`, no `hx-on`). */
export const CONTENT_SECURITY_POLICY = {
  defaultSrc: SELF,
  scriptSrc: SELF,
  styleSrc: SELF,
  imgSrc: [...SELF, 'data:'],
  fontSrc: SELF,
  connectSrc: SELF,
  frameAncestors: ["'none'"],
  formAction: SELF,
  baseUri: SELF,
  objectSrc: ["'none'"],
};

/**
 * The API browser at /docs as @hono/swagger-ui renders it: the Swagger UI bundle and stylesheet from
 * jsDelivr and an inline start-up script. It is the only page allowed them, and it shows nothing but
 * our own OpenAPI document; once Swagger UI is served from node_modules with an external start-up
 * script, this exception goes.
 */
export const DOCS_PATH = '/docs';
const SWAGGER_CDN = 'https://cdn.jsdelivr.net';
export const DOCS_CONTENT_SECURITY_POLICY = {
  ...CONTENT_SECURITY_POLICY,
  scriptSrc: [...SELF, SWAGGER_CDN, "'unsafe-inline'"],
  styleSrc: [...SELF, SWAGGER_CDN],
};

const headers = (contentSecurityPolicy: typeof CONTENT_SECURITY_POLICY) =>
  secureHeaders({
    contentSecurityPolicy,
    xFrameOptions: 'DENY',
    referrerPolicy: 'no-referrer',
    xContentTypeOptions: 'nosniff',
  });

const everywhere = headers(CONTENT_SECURITY_POLICY);
const docs = headers(DOCS_CONTENT_SECURITY_POLICY);

export const securityHeaders = (): MiddlewareHandler => (c, next) => (c.req.path === DOCS_PATH ? docs : everywhere)(c, next);
