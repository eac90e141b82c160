/**
 * The browser-test harness: the REAL server (the app on a fresh store, listening on 127.0.0.1,
 * port 0), Debian's Chromium driven by playwright-core, and the checks every journey makes on
 * every page: no console error, no request leaving the app's origin, no serious or critical
 * axe-core violation, and full-page screenshots at 1280 and 390 px under test-results/.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { serve } from '@hono/node-server';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const RESULTS_DIR = path.resolve('test-results');

/**
 * The CSP the pages must satisfy (see docs/web.md). The app's own security headers set it once
 * they land; until then the test server adds it, so a violation shows up as a console error.
 */
export const PAGE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
  "frame-ancestors 'none'; form-action 'self'; base-uri 'self'; object-src 'none'";

export interface Site {
  url: string;
  t: TestApp;
  close(): Promise<void>;
}

export async function startSite(): Promise<Site> {
  const t = await testApp();
  const server = serve({
    hostname: '127.0.0.1',
    port: 0,
    fetch: async (req, env) => {
      const res = await t.app.fetch(req, env);
      if (!res.headers.has('content-security-policy') && res.headers.get('content-type')?.startsWith('text/html')) {
        const headers = new Headers(res.headers);
        headers.set('content-security-policy', PAGE_CSP);
        return new Response(res.body, { status: res.status, statusText: res.statusText, headers });
      }
      return res;
    },
  });
  await new Promise<void>((resolve) => (server.listening ? resolve() : server.once('listening', () => resolve())));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    t,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await t.close();
    },
  };
}

const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Chromium with a fresh user-data dir (one per person in a journey: separate cookies). */
export async function openBrowser(): Promise<Browser> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cxy-chromium-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: FLAGS,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 1280, height: 800 },
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface Watch {
  consoleErrors: string[];
  offsite: string[];
  /**
   * No console error and no request outside the app's origin so far. Chromium logs a page that
   * answers 4xx as a console error; a journey that means to reach one (a 404 for someone else's
   * record) passes `expected`, e.g. [/status of 404/].
   */
  expectClean(expected?: RegExp[]): void;
}

/** Records console errors, uncaught page errors and every request that leaves the app's origin (and blocks it). */
export async function watch(page: Page, site: Site): Promise<Watch> {
  const origin = new URL(site.url).origin;
  const consoleErrors: string[] = [];
  const offsite: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') consoleErrors.push(`${page.url()}: ${msg.text()}`);
  });
  page.on('pageerror', (err) => consoleErrors.push(`${page.url()}: ${err.message}`));
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('data:') || url.startsWith('blob:') || new URL(url).origin === origin) return route.continue();
    offsite.push(url);
    return route.abort('blockedbyclient');
  });
  return {
    consoleErrors,
    offsite,
    expectClean(expected = []) {
      expect(
        consoleErrors.filter((e) => !expected.some((re) => re.test(e))),
        'console errors',
      ).toEqual([]);
      expect(offsite, 'requests outside the app').toEqual([]);
    },
  };
}

/** On the activation page: choose a login name and password, then sign in with them (lands on the role's home). */
export async function setPasswordAndSignIn(page: Page, site: Site, loginName: string, password: string) {
  await page.getByLabel('登录名').fill(loginName);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByLabel('再输入一次密码').fill(password);
  await page.getByRole('button', { name: '设置密码' }).click();
  await page.waitForURL(`${site.url}/login`);
  await page.getByLabel('登录名').fill(loginName);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
}

/** axe-core on the page as it is: no serious or critical violation. */
export async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.impact} ${v.id}: ${v.help} — ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join(' | ')}`,
    );
  expect(bad, `accessibility violations on ${page.url()}`).toEqual([]);
}

/** Full-page screenshots at 1280 and 390 px wide: test-results/<name>-1280.png and -390.png. */
export async function screenshots(page: Page, name: string) {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const original = page.viewportSize() ?? { width: 1280, height: 800 };
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 800 });
    await page.screenshot({ path: path.join(RESULTS_DIR, `${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize(original);
}

/** What every journey does on every page: accessibility, screenshots, and nothing off-origin or in the console. */
export async function checkPage(page: Page, w: Watch, name: string) {
  await page.waitForLoadState('networkidle');
  await expectAccessible(page);
  await screenshots(page, name);
  w.expectClean();
}
