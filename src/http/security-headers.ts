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

const headers = secureHeaders({
  contentSecurityPolicy: CONTENT_SECURITY_POLICY,
  xFrameOptions: 'DENY',
  referrerPolicy: 'no-referrer',
  xContentTypeOptions: 'nosniff',
});

/**
 * One policy for everything, /docs included: Swagger UI is served from swagger-ui-dist by this app
 * and started by a static script (src/web/pages/docs.tsx), so it needs no exception.
 */
export const securityHeaders = (): MiddlewareHandler => headers;
