/**
 * Helpers for the bureau workbench's page tests: a signed-in officer with the other two roles, the
 * audit rows of a record (to compare a page's write with the API's), and the CSP checks every page passes.
 */
import { expect } from 'vitest';
import type { TestApp } from './app.js';
import { cast } from './fixtures.js';
import { signedIn, type WebUser } from './web.js';

export async function workbenchCast(t: TestApp) {
  const c = await cast(t);
  const [bureau, enterprise, university] = await Promise.all([
    signedIn(t, 'bureau'),
    signedIn(t, 'enterprise', { enterpriseId: c.entA.id }),
    signedIn(t, 'university', { universityId: c.uniX.id }),
  ]);
  return { ...c, web: { bureau, enterprise, university } as Record<'bureau' | 'enterprise' | 'university', WebUser> };
}

/** The audit rows of one record, oldest first, in a shape that does not depend on who or when. */
export async function auditShape(t: TestApp, entityId: string) {
  const rows = await t.deps.db
    .selectFrom('auditLog')
    .select(['action', 'entity', 'after', 'actorUserId'])
    .where('entityId', '=', entityId)
    .orderBy('at')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    action: r.action,
    entity: r.entity,
    fields: Object.keys((r.after as object | null) ?? {}).sort(),
  }));
}

export async function auditActors(t: TestApp, entityId: string) {
  const rows = await t.deps.db
    .selectFrom('auditLog')
    .select(['actorUserId'])
    .where('entityId', '=', entityId)
    .execute();
  return rows.map((r) => r.actorUserId);
}

/** No inline script or style (the CSP), Chinese page, the workbench stylesheet. */
export function expectCspClean(html: string) {
  expect(html.startsWith('<!DOCTYPE html><html lang="zh-CN">')).toBe(true);
  for (const [, attrs] of html.matchAll(/<script([^>]*)>/g)) expect(attrs).toMatch(/src="\/assets\//);
  expect(html).not.toMatch(/<style|\sstyle="|\shx-on/);
}

/** The text of a page without tags (entities left alone), for "contains this sentence" checks. */
export const textOf = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
