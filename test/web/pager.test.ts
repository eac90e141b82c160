/**
 * Cursor-paged lists on the pages: "下一页" then "上一页" returns to the page before (not to the first),
 * with the filters and sort kept; the first page has no "上一页" and a page two links back without a cursor.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, previousCursor } from '../../src/db/pagination.js';
import { testApp, type TestApp } from '../support/app.js';
import { brokering, fixtures } from '../support/fixtures.js';
import { signedIn, type WebUser } from '../support/web.js';

let t: TestApp;
let entUser: WebUser;

beforeAll(async () => {
  t = await testApp();
  const f = fixtures(t);
  const ent = await f.enterprise();
  entUser = await signedIn(t, 'enterprise', { enterpriseId: ent.id });
  const b = brokering(t);
  for (let i = 1; i <= 7; i++) await b.publishedProblem(ent.id, { title: `分页难题第${i}号视觉检测` });
});
afterAll(() => t.close());

const titles = (html: string) => [...html.matchAll(/分页难题第(\d)号/g)].map((m) => Number(m[1]));
const link = (html: string, rel: 'prev' | 'next') =>
  new RegExp(`<a href="([^"]+)" rel="${rel}"`).exec(html)?.[1]?.replaceAll('&amp;', '&');

describe('previousCursor', () => {
  it('goes one page back, to no cursor at the first page, and keeps the total', () => {
    expect(previousCursor(undefined, 20)).toBeUndefined();
    expect(previousCursor(encodeCursor(20, 55), 20)).toBe('');
    const back = previousCursor(encodeCursor(40, 55), 20)!;
    expect(decodeCursor(back)).toBe(20);
    expect(back).toBe(encodeCursor(20, 55));
    expect(previousCursor(encodeCursor(5, 55), 20)).toBe('');
    expect(() => previousCursor('forged.cursor', 20)).toThrow(/游标无效/);
  });
});

describe('上一页 on 我的难题', () => {
  it('next, next, previous: lands on page two with the sort kept', async () => {
    const first = await entUser.browser.get('/enterprise/problems?limit=2&sort=title');
    expect(titles(first.html)).toEqual([1, 2]);
    expect(link(first.html, 'prev')).toBeUndefined();
    const second = await entUser.browser.get(link(first.html, 'next')!);
    expect(titles(second.html)).toEqual([3, 4]);
    expect(link(second.html, 'prev')).toBe('/enterprise/problems?limit=2&sort=title');
    const third = await entUser.browser.get(link(second.html, 'next')!);
    expect(titles(third.html)).toEqual([5, 6]);
    const prev = link(third.html, 'prev')!;
    expect(prev).toContain('sort=title');
    const back = await entUser.browser.get(prev);
    expect(titles(back.html)).toEqual([3, 4]);
    expect(back.html).toContain('共 7 项');
  });
});
