/**
 * Optimistic concurrency: every record has a `version`; its ETag is `"v<version>"`.
 * An update names the version it read (body `version` or `If-Match`); a stale one is refused.
 */
import type { Context } from 'hono';
import { ApiError } from './errors.js';

export const etagOf = (version: number) => `"v${version}"`;

export interface ExpectedVersion {
  version: number;
  from: 'body' | 'if-match';
}

export function expectedVersion(c: Context, bodyVersion: number | undefined): ExpectedVersion {
  const ifMatch = c.req.header('if-match');
  if (ifMatch) {
    const m = /^(?:W\/)?"v(\d+)"$/.exec(ifMatch.trim());
    if (!m) throw new ApiError('precondition_failed', `If-Match 应为本资源的 ETag，例如 "v3"`);
    return { version: Number(m[1]), from: 'if-match' };
  }
  if (bodyVersion !== undefined) return { version: bodyVersion, from: 'body' };
  throw new ApiError('precondition_required', '请在请求体中提供读取时的 version，或在 If-Match 头中提供 ETag');
}

/** For action routes (POST …/approve and the like) and deletes (If-Match only): a version is checked when the caller sends one, not required. */
export function optionalExpectedVersion(c: Context, bodyVersion?: number): ExpectedVersion | undefined {
  return bodyVersion !== undefined || c.req.header('if-match') ? expectedVersion(c, bodyVersion) : undefined;
}

/** Throws 409 (body version) or 412 (If-Match) when the record moved on since it was read. */
export function assertVersion(current: number, expected: ExpectedVersion): void {
  if (current === expected.version) return;
  const detail = `当前版本为 ${current}，请求基于版本 ${expected.version}`;
  throw new ApiError(expected.from === 'if-match' ? 'precondition_failed' : 'version_conflict', detail);
}
