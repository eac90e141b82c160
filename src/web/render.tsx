/**
 * Rendering a page outside the jsxRenderer chain (error pages: the failure may have happened
 * before the renderer middleware ran). Same layout, same request context.
 */
import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import { RequestContext } from 'hono/jsx-renderer';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { WebEnv } from './env.js';
import { Layout, type PageProps } from './layout.js';

export async function renderPage(
  c: Context<WebEnv>,
  content: Child,
  props: PageProps,
  status: ContentfulStatusCode = 200,
) {
  const html = (
    <RequestContext.Provider value={c}>
      <Layout c={c} {...props}>
        {content}
      </Layout>
    </RequestContext.Provider>
  );
  return c.html(`<!DOCTYPE html>${await html.toString()}`, status);
}
