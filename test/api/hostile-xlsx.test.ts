/**
 * Hostile spreadsheets (issue 12, defect 5): an XLSX whose zip declares more than the bounds
 * (shared strings, unpacked size, parts) is refused from its central directory with a Chinese 413
 * before anything is parsed; a workbook within the bounds is parsed in a worker thread, so the
 * event loop serving everyone else keeps turning meanwhile.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { XLSX_LIMITS } from '../../src/modules/imports/xlsx-bounds.js';
import { testApp, type TestApp } from '../support/app.js';
import { hostileXlsx, zip } from '../support/hostile-xlsx.js';
import { upload } from '../support/spreadsheets.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The longest gap between 5 ms ticks of the event loop while `work` runs. */
async function longestLoopGap<T>(work: () => Promise<T>): Promise<{ gapMs: number; ms: number; result: T }> {
  let last = performance.now();
  let gap = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    gap = Math.max(gap, now - last);
    last = now;
  }, 5);
  const started = performance.now();
  try {
    const result = await work();
    return { gapMs: gap, ms: performance.now() - started, result };
  } finally {
    clearInterval(timer);
  }
}

describe('hostile XLSX', () => {
  it('millions of shared strings in a small file: a 413 from the central directory, at once', async () => {
    const bytes = hostileXlsx(XLSX_LIMITS.sharedStrings + 200_000);
    expect(bytes.length).toBeLessThan(100 * 1024);
    const { ms, result: r } = await longestLoopGap(() => upload(t, 'enterprises', bytes, { contentType: XLSX }));
    expect(r.status, JSON.stringify(r.body)).toBe(413);
    expect(r.body.detail).toMatch(/^共享字符串表声明了 1200000 个字符串，超过上限 1000000。请删除无关的工作表/);
    expect(r.body.errors).toEqual([{ path: 'file', message: expect.stringContaining('共享字符串表') }]);
    expect(ms).toBeLessThan(2_000);
  });

  it('a zip of too many parts, or one declaring a huge unpacked size, is refused the same way', async () => {
    const parts = Object.fromEntries(
      Array.from({ length: XLSX_LIMITS.entries + 1 }, (_, i) => [`xl/media/p${i}.xml`, 'x']),
    );
    const many = await upload(t, 'enterprises', zip(parts), { contentType: XLSX });
    expect(many.status).toBe(413);
    expect(many.body.detail).toContain(`超过上限 ${XLSX_LIMITS.entries}`);

    const big = zip(
      { 'xl/worksheets/sheet1.xml': '<worksheet/>' },
      { 'xl/worksheets/sheet1.xml': XLSX_LIMITS.sheetBytes + 1 },
    );
    const r = await upload(t, 'enterprises', big, { contentType: XLSX });
    expect(r.status).toBe(413);
    expect(r.body.detail).toMatch(/^工作表 xl\/worksheets\/sheet1\.xml 解压后约 200 MB，超过上限 200 MB/);
  });

  it('a broken zip is a 400, not a 500', async () => {
    const bytes = hostileXlsx(10);
    const r = await upload(t, 'enterprises', bytes.subarray(0, bytes.length - 30), { contentType: XLSX });
    expect(r.status).toBe(400);
    expect(r.body.errors).toEqual([{ path: 'file', message: '不是有效的 XLSX 文件' }]);
  });

  it('a large workbook within the bounds is parsed off the event loop', async () => {
    // 800,000 shared strings (13 MB of XML): exceljs takes seconds; the loop must keep turning.
    const bytes = hostileXlsx(800_000);
    const { gapMs, ms, result: r } = await longestLoopGap(() => upload(t, 'enterprises', bytes, { contentType: XLSX }));
    expect(r.status).toBe(422); // two shared strings for headers, no required columns: read, then refused
    expect(ms).toBeGreaterThan(500);
    expect(gapMs, `parse took ${Math.round(ms)} ms`).toBeLessThan(Math.max(300, ms / 4));
  });
});
