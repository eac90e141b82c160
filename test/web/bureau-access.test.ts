/**
 * The workbench is the bureau's: every page of issue 11 refuses a university or enterprise session
 * (403 page) and sends a visitor to sign in; the officer's navigation lists all of the workbench.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';
import { brokering } from '../support/fixtures.js';
import { expectCspClean, workbenchCast } from '../support/bureau.js';
import { WebClient } from '../support/web.js';

let t: TestApp;
let w: Awaited<ReturnType<typeof workbenchCast>>;
let problemId: string;
let agreementId: string;
let centreId: string;

beforeAll(async () => {
  t = await testApp();
  w = await workbenchCast(t);
  const b = brokering(t);
  problemId = (await b.publishedProblem(w.entA.id)).id;
  // The enterprise's and university's own records: still the bureau's pages, never theirs.
  agreementId = (await b.agreement(w.entA.id, w.uniX.id)).id;
  centreId = (await b.centre(w.entA.id, w.uniX.id, { agreementId })).id;
});
afterAll(() => t.close());

const pages = () => [
  '/bureau',
  '/bureau/review',
  `/bureau/review/${problemId}`,
  `/bureau/problems/${problemId}`,
  '/bureau/pipeline',
  '/bureau/pipeline?view=table',
  `/bureau/pipeline/${problemId}/move`,
  '/bureau/follow-ups',
  '/bureau/agreements',
  '/bureau/agreements/new',
  `/bureau/agreements/parties?enterpriseId=${w.entA.id}`,
  `/bureau/agreements/${agreementId}`,
  `/bureau/agreements/${agreementId}/edit`,
  '/bureau/centres',
  `/bureau/centres/new?agreementId=${agreementId}`,
  `/bureau/centres/parties?universityId=${w.uniX.id}`,
  `/bureau/centres/${centreId}`,
  `/bureau/centres/${centreId}/edit`,
];

describe('workbench access', () => {
  it('renders every page for the bureau, inside the CSP, with the workbench navigation', async () => {
    for (const path of pages()) {
      const res = await w.web.bureau.browser.get(path);
      expect(res.status, path).toBe(200);
      if (path.includes('/parties?')) expect(res.html, path).toMatch(/^<fieldset id="parties"/);
      else expectCspClean(res.html);
    }
    const home = await w.web.bureau.browser.get('/bureau');
    for (const href of [
      '/bureau/review',
      '/bureau/pipeline',
      '/bureau/follow-ups',
      '/bureau/agreements',
      '/bureau/centres',
      '/bureau/directory',
      '/bureau/reports',
      '/bureau/imports',
    ])
      expect(home.html).toContain(`href="${href}"`);
    expect(home.html).toMatch(
      /<a[^>]*href="\/bureau"[^>]*aria-current="page"|<a[^>]*aria-current="page"[^>]*href="\/bureau"/,
    );
  });

  it.each(['enterprise', 'university'] as const)(
    'refuses a %s session on every page and every action',
    async (role) => {
      const browser = w.web[role].browser;
      for (const path of pages()) expect((await browser.get(path)).status, path).toBe(403);
      for (const path of [
        `/bureau/review/${problemId}`,
        `/bureau/problems/${problemId}/stage`,
        `/bureau/problems/${problemId}/contacts`,
        `/bureau/pipeline/${problemId}/move`,
      ]) {
        expect(
          (await browser.post(path, { decision: 'approve', stage: 'closed', stageReason: '测试原因' })).status,
          path,
        ).toBe(403);
      }
      const after = await t.call('GET', `/api/v1/problems/${problemId}`, {});
      expect(after.body.stage).toBe('open');
      const record = { version: '1', status: 'terminated', statusNote: '测试原因', level: 'city', name: '越权' };
      for (const path of [
        '/bureau/agreements',
        `/bureau/agreements/${agreementId}`,
        `/bureau/agreements/${agreementId}/status`,
        `/bureau/agreements/${agreementId}/registration`,
        '/bureau/centres',
        `/bureau/centres/${centreId}`,
        `/bureau/centres/${centreId}/status`,
        `/bureau/centres/${centreId}/level`,
      ])
        expect((await browser.post(path, record)).status, path).toBe(403);
      const [a, x] = await Promise.all([
        t.call('GET', `/api/v1/agreements/${agreementId}`, {}),
        t.call('GET', `/api/v1/centres/${centreId}`, {}),
      ]);
      expect([a.body.version, a.body.status, x.body.version, x.body.name]).toEqual([1, 'signed', 1, x.body.name]);
      expect(x.body.status).toBe('planned');
    },
  );

  it('sends a visitor to sign in and back', async () => {
    const res = await new WebClient(t).get('/bureau/pipeline?view=table');
    expect(res.status).toBe(303);
    expect(res.location).toBe(`/login?next=${encodeURIComponent('/bureau/pipeline?view=table')}`);
  });
});
