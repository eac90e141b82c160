/**
 * The two leaks of issue 9, as an outside user would meet them through the API: the poster's name in
 * a problem's history before any introduction, and the bureau's shortlist (and agreement titles) in
 * stage reasons. Both failed before the policy module (checked against the code they were found in).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';
import { brokering, cast } from '../support/fixtures.js';

let t: TestApp;
let c: Awaited<ReturnType<typeof cast>>;
let b: ReturnType<typeof brokering>;
beforeAll(async () => {
  t = await testApp();
  c = await cast(t);
  b = brokering(t);
});
afterAll(() => t.close());

const history = async (problemId: string, token: string) => {
  const r = await t.call('GET', `/api/v1/problems/${problemId}/history`, { token });
  expect(r.status).toBe(200);
  return r.body.items as { kind: string; actorName: string | null; reason?: string | null }[];
};

describe('leak 1: the poster’s name reaches universities through the history', () => {
  it('a university never introduced reads the side, not the enterprise person who posted', async () => {
    const posted = await b.pendingProblem(c.tokens.entA, { title: '发布人姓名不应泄露给高校' });
    await b.approve(posted.id);
    const [posting] = await history(posted.id, c.tokens.admin);
    const poster = posting!.actorName!;
    expect(poster).toMatch(/^用户/);

    const problem = await t.call('GET', `/api/v1/problems/${posted.id}`, { token: c.tokens.uniX });
    expect(problem.body).toMatchObject({ enterpriseWithheld: true, enterprise: null });
    for (const token of [c.tokens.uniX, c.tokens.uniY]) {
      const items = await history(posted.id, token);
      expect(items[0]).toMatchObject({ kind: 'stage', toStage: 'open', actorName: '企业用户' });
      expect(JSON.stringify(items)).not.toContain(poster);
    }
    // The enterprise itself and the bureau read the name.
    expect((await history(posted.id, c.tokens.entA))[0]!.actorName).toBe(poster);
  });

  it('an introduced university reads the name, as it reads the enterprise’s identity', async () => {
    const lab = await c.f.lab(c.uniX.id);
    const posted = await b.pendingProblem(c.tokens.entA, { title: '引荐后高校可见发布人' });
    await b.approve(posted.id);
    const poster = (await history(posted.id, c.tokens.admin))[0]!.actorName!;
    await b.introduced(posted.id, lab.id);
    expect((await history(posted.id, c.tokens.uniX))[0]!.actorName).toBe(poster);
    expect(JSON.stringify(await history(posted.id, c.tokens.uniY))).not.toContain(poster);
  });
});

describe('leak 2: the bureau’s shortlist and agreement titles reach both sides through stage reasons', () => {
  it('a shortlisted, never introduced lab is named to the bureau only', async () => {
    const lab = await c.f.lab(c.uniX.id, { name: `候选名单实验室${Date.now()}` });
    const p = await b.publishedProblem(c.entA.id, { title: '候选名单不应外泄' });
    await t.call('POST', '/api/v1/introductions', {
      body: { problemId: p.id, labId: lab.id, source: 'match', matchScore: 0.8 },
    });

    const forBureau = await history(p.id, c.tokens.admin);
    expect(forBureau.at(-1)).toMatchObject({ toStage: 'matching', reason: `推荐候选实验室：${lab.name}` });
    for (const token of [c.tokens.entA, c.tokens.uniX, c.tokens.uniY]) {
      const items = await history(p.id, token);
      expect(items.at(-1)).toMatchObject({ toStage: 'matching', reason: '进入匹配' });
      expect(JSON.stringify(items)).not.toContain(lab.name);
    }
  });

  it('once the lab is introduced, its name reaches the enterprise and its university, not the others', async () => {
    const lab = await c.f.lab(c.uniX.id, { name: `已引荐实验室${Date.now()}` });
    const p = await b.publishedProblem(c.entA.id, { title: '引荐后可见实验室名称' });
    const n = await t.call('POST', '/api/v1/introductions', {
      body: { problemId: p.id, labId: lab.id, source: 'match' },
    });
    await t.call('POST', `/api/v1/introductions/${n.body.id}/introduce`, { body: {} });
    for (const token of [c.tokens.entA, c.tokens.uniX]) {
      expect((await history(p.id, token)).find((i) => i.kind === 'stage' && i.reason !== null)?.reason).toBe(
        `推荐候选实验室：${lab.name}`,
      );
    }
    expect(JSON.stringify(await history(p.id, c.tokens.uniY))).not.toContain(lab.name);
  });

  it('an agreement’s title reaches its parties and the bureau, not other universities', async () => {
    const p = await b.publishedProblem(c.entA.id, { title: '协议名称只给签约双方' });
    const title = `保密的合同名称${Date.now()}`;
    await b.agreement(c.entA.id, c.uniX.id, { title, problemIds: [p.id] });
    for (const token of [c.tokens.admin, c.tokens.entA, c.tokens.uniX]) {
      expect((await history(p.id, token)).find((i) => i.kind === 'stage' && i.reason)?.reason).toBe(
        `签订合作协议《${title}》`,
      );
    }
    const other = await history(p.id, c.tokens.uniY);
    expect(JSON.stringify(other)).not.toContain(title);
    expect(other.at(-1)).toMatchObject({ toStage: 'agreed', reason: '签订合作协议' });
  });
});
