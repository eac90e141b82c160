/**
 * The body of a posted page form, read once for the CSRF check and the handler alike (Hono caches it).
 * A body that claims to be a form but cannot be read — multipart without a boundary, or cut short —
 * is the sender's mistake: a 400 with the Chinese error page, not a 500.
 */
import type { Context } from 'hono';
import { ApiError } from '../http/errors.js';

export type PostedForm = Record<string, string | File | (string | File)[]>;

export async function postedForm(c: Context): Promise<PostedForm> {
  try {
    return await c.req.parseBody({ all: true });
  } catch {
    throw new ApiError('invalid_request', '提交的表单无法读取，请刷新页面后重新提交');
  }
}
