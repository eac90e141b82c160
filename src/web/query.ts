/**
 * List pages read their filters from the URL with the API's own query schema: `pageQuery(c, Schema)`
 * gives the parsed values, or — for a hand-edited URL that does not validate — the schema's defaults
 * plus the Chinese message per parameter, so the page shows what was ignored instead of failing.
 */
import type { Context } from 'hono';
import type { z } from 'zod';
import type { ChangeContext } from '../db/changes.js';
import { type FormErrors, formErrors } from './forms.js';
import type { WebEnv } from './env.js';

export function pageQuery<S extends z.ZodType>(
  c: Context,
  schema: S,
  fixed: Record<string, unknown> = {},
): { values: z.output<S>; errors: FormErrors } {
  const input = { ...c.req.query(), ...fixed };
  for (const [k, v] of Object.entries(input)) if (v === '') delete input[k];
  const parsed = schema.safeParse(input);
  if (parsed.success) return { values: parsed.data, errors: {} };
  const errors = formErrors(parsed.error.issues, input);
  // Drop what failed and keep the rest: one bad parameter should not lose the others.
  for (const k of Object.keys(errors)) delete input[k];
  const retry = schema.safeParse(input);
  return { values: retry.success ? retry.data : schema.parse(fixed), errors };
}

/** The ChangeContext a service write needs, for the signed-in user of this request. */
export const changeContext = (c: Context<WebEnv>): ChangeContext => ({
  actor: c.get('actor'),
  requestId: c.get('requestId'),
});

/** The current URL (path and query) of the request, for links that change one parameter. */
export const currentUrl = (c: Context) => {
  const u = new URL(c.req.url);
  return u.pathname + u.search;
};
