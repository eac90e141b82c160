/**
 * 草稿: an enterprise saves a problem as a draft, which only it sees — not the bureau (its lists, review
 * queue, search, pipeline, exports, figures), not universities — edits it, submits it (draft →
 * pending_review with a `submit` row) or deletes it; every refused step and role.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shanghaiToday } from '../../src/domain/calendar.js';
import { testApp, type TestApp } from '../support/app.js';
import { brokering, cast, MISSING_ID } from '../support/fixtures.js';

let t: TestApp;
let c: Awaited<ReturnType<typeof cast>>;
let b: ReturnType<typeof brokering>;
beforeAll(async () => {
  t = await testApp();
  c = await cast(t);
  b = brokering(t);
});
afterAll(() => t.close());

const draft = (over: Record<string, unknown> = {}) => b.pendingProblem(c.tokens.entA, { draft: true, ...over });
const submit = (id: string, token?: string, body: Record<string, unknown> = {}) =>
  t.call('POST', `/api/v1/problems/${id}/submit`, { token, body });
const allTokens = () => ({ ...c.tokens });

describe('saving a draft', () => {
  it('an enterprise saves a draft: 草稿, with no review row yet', async () => {
    const p = await draft();
    expect(p).toMatchObject({ reviewStatus: 'draft', reviewStatusLabel: '草稿', stage: 'open' });
    const reviews = await t.call('GET', `/api/v1/problems/${p.id}/reviews`, { token: c.tokens.entA });
    expect(reviews.body.items).toEqual([]);
    const mine = await t.call('GET', '/api/v1/problems?reviewStatus=draft', { token: c.tokens.entA });
    expect(mine.body.items.map((x: { id: string }) => x.id)).toContain(p.id);
  });

  it('only an enterprise may save one; draft must be a boolean', async () => {
    const r = await t.call('POST', '/api/v1/problems', {
      body: {
        enterpriseId: c.entA.id,
        title: '局方不能保存草稿',
        description: '区科技局代企业录入的难题不能保存为草稿，草稿只对企业自己可见。',
        domains: ['biomed'],
        draft: true,
      },
    });
    expect(r.status).toBe(403);
    expect(r.body.errors[0].path).toBe('draft');
    const bad = await t.call('POST', '/api/v1/problems', {
      token: c.tokens.entA,
      body: {
        title: '草稿字段类型错误',
        description: '草稿字段须为布尔值，这里故意给的是一个字符串。',
        domains: ['biomed'],
        draft: 'yes',
      },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0]).toMatchObject({ path: 'draft', message: 'draft 须为 true 或 false' });
  });
});

describe('who sees a draft', () => {
  it.each([
    ['entA', 200],
    ['entB', 404],
    ['admin', 404],
    ['bureau', 404],
    ['uniX', 404],
    ['uniY', 404],
  ] as const)('GET as %s → %i; history alike', async (who, status) => {
    const p = await draft();
    const token = allTokens()[who];
    expect((await t.call('GET', `/api/v1/problems/${p.id}`, { token })).status).toBe(status);
    expect((await t.call('GET', `/api/v1/problems/${p.id}/history`, { token })).status).toBe(status);
  });

  it('the bureau never lists, searches, exports or queues it; the owner finds it in its search', async () => {
    const p = await draft({ title: '草稿难题独有标题甲乙丙' });
    const pending = await b.pendingProblem(c.tokens.entA, { title: '已提交难题独有标题甲乙丙' });
    await t.deps.search.indexer.drain();
    const q = encodeURIComponent('独有标题甲乙丙');
    for (const token of [c.tokens.admin, c.tokens.bureau]) {
      const list = await t.call('GET', `/api/v1/problems?q=${q}&limit=100`, { token });
      expect(list.body.items.map((x: { id: string }) => x.id)).toEqual([pending.id]);
      const drafts = await t.call('GET', '/api/v1/problems?reviewStatus=draft', { token });
      expect(drafts.body.total).toBe(0);
      const queue = await t.call('GET', '/api/v1/problems?reviewStatus=pending_review&limit=100', { token });
      expect(queue.body.items.map((x: { id: string }) => x.id)).not.toContain(p.id);
      const search = await t.call('GET', `/api/v1/search?index=problems&q=${q}&limit=100`, { token });
      expect(search.body.hits.map((h: { id: string }) => h.id)).toEqual([pending.id]);
      const csv = String((await t.call('GET', '/api/v1/exports/problems?format=csv', { token })).body);
      expect(csv).toContain('已提交难题独有标题甲乙丙');
      expect(csv).not.toContain('草稿难题独有标题甲乙丙');
      const pipeline = await t.call(
        'GET',
        `/api/v1/pipeline?enterpriseId=${c.entA.id}&reviewStatus=draft,pending_review`,
        {
          token,
        },
      );
      expect(pipeline.status).toBe(200);
      const piped = pipeline.body.items.map((x: { problem: { id: string } }) => x.problem.id);
      expect(piped).toContain(pending.id);
      expect(piped).not.toContain(p.id);
      expect(pipeline.body.review.map((r: { status: string }) => r.status)).not.toContain('draft');
    }
    for (const token of [c.tokens.uniX, c.tokens.uniY, c.tokens.entB]) {
      const search = await t.call('GET', `/api/v1/search?index=problems&q=${q}&limit=100`, { token });
      expect(search.body.hits).toEqual([]);
    }
    const own = await t.call('GET', `/api/v1/search?index=problems&q=${q}&limit=100`, { token: c.tokens.entA });
    expect(own.body.hits.map((h: { id: string }) => h.id).sort()).toEqual([p.id, pending.id].sort());
    const doc = await t.store.db
      .selectFrom('problems')
      .select('reviewStatus')
      .where('id', '=', p.id)
      .executeTakeFirst();
    expect(doc?.reviewStatus).toBe('draft');
  });

  it('the half-year figures count submitted problems, never drafts', async () => {
    const today = shanghaiToday(new Date());
    const before = await t.call('GET', `/api/v1/reports/summary?from=${today}&to=${today}&detail=problems.collected`);
    const p = await draft();
    const q = await b.pendingProblem(c.tokens.entA);
    const after = await t.call('GET', `/api/v1/reports/summary?from=${today}&to=${today}&detail=problems.collected`);
    const listed = after.body.items.map((i: { id: string }) => i.id);
    expect(listed).toContain(q.id);
    expect(listed).not.toContain(p.id);
    expect(after.body.items.length).toBe(before.body.items.length + 1);
    const s = await t.call('GET', `/api/v1/reports/summary?from=${today}&to=${today}`);
    expect(s.body.figures.find((f: { key: string }) => f.key === 'problems.collected').value).toBe(listed.length);
  });
});

describe('editing, submitting, deleting', () => {
  it('the owner edits its draft, submits it: pending review with a submit row, and now the bureau sees it', async () => {
    const p = await draft();
    const edited = await t.call('PATCH', `/api/v1/problems/${p.id}`, {
      token: c.tokens.entA,
      body: { budgetWan: 30, version: p.version },
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ reviewStatus: 'draft', budgetWan: 30 });
    const stale = await submit(p.id, c.tokens.entA, { version: p.version });
    expect(stale.status).toBe(409);
    const r = await submit(p.id, c.tokens.entA, { version: edited.body.version });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ reviewStatus: 'pending_review', reviewStatusLabel: '待审核' });
    expect(r.body.postedAt > p.postedAt).toBe(true); // posted when submitted, not when the draft was begun
    const reviews = await t.call('GET', `/api/v1/problems/${p.id}/reviews`, { token: c.tokens.entA });
    expect(reviews.body.items).toMatchObject([
      { action: 'submit', actionLabel: '提交审核', fromStatus: 'draft', toStatus: 'pending_review' },
    ]);
    expect((await t.call('GET', `/api/v1/problems/${p.id}`)).status).toBe(200);
    const again = await submit(p.id, c.tokens.entA);
    expect(again.status).toBe(409);
    expect(again.body.detail).toContain('待审核');
    await b.approve(p.id);
    expect((await t.call('GET', `/api/v1/problems/${p.id}`, { token: c.tokens.uniX })).status).toBe(200);
  });

  it('the bureau cannot review, edit or delete a draft (it reads as missing); resubmit and stage changes are refused', async () => {
    const p = await draft();
    const review = await t.call('POST', `/api/v1/problems/${p.id}/review`, { body: { decision: 'approve' } });
    expect(review.status).toBe(404);
    expect(
      (await t.call('PATCH', `/api/v1/problems/${p.id}`, { body: { budgetWan: 1, version: p.version } })).status,
    ).toBe(404);
    expect((await t.call('DELETE', `/api/v1/problems/${p.id}`)).status).toBe(404);
    const resubmit = await t.call('POST', `/api/v1/problems/${p.id}/resubmit`, { token: c.tokens.entA, body: {} });
    expect(resubmit.status).toBe(409);
    const close = await t.call('PATCH', `/api/v1/problems/${p.id}`, {
      token: c.tokens.entA,
      body: { stage: 'closed', stageReason: '不需要了', version: p.version },
    });
    expect(close.status).toBe(409);
    expect(close.body.errors[0].path).toBe('stage');
    expect((await t.call('GET', `/api/v1/problems/${p.id}`, { token: c.tokens.entA })).body.reviewStatus).toBe('draft');
  });

  it('no contact or agreement may name a draft (until submitted it is no one else’s business)', async () => {
    const p = await draft();
    const contact = await t.call('POST', '/api/v1/contacts', {
      body: {
        kind: 'visit',
        occurredAt: b.daysAgo(1),
        enterpriseId: c.entA.id,
        summary: '上门了解企业技术需求，现场查看产线。',
        problemId: p.id,
      },
    });
    expect(contact.status).toBe(422);
    expect(contact.body.errors[0].path).toBe('problemId');
    const agreement = await t.call('POST', '/api/v1/agreements', {
      body: {
        title: '不能写明草稿的协议',
        type: 'service',
        enterpriseId: c.entA.id,
        universityId: c.uniX.id,
        amountWan: 20,
        signedOn: new Date().toISOString().slice(0, 10),
        problemIds: [p.id],
      },
    });
    expect(agreement.status).toBe(422);
    expect(agreement.body.errors[0].path).toBe('problemIds.0');
    await submit(p.id, c.tokens.entA);
    expect((await b.contact(c.entA.id, { problemId: p.id })).problemId).toBe(p.id);
  });

  it.each([
    ['entA', 200],
    ['entB', 404],
    ['admin', 403],
    ['bureau', 403],
    ['uniX', 403],
  ] as const)('submit as %s → %i; a missing id → 404 for the enterprise', async (who, status) => {
    const p = await draft();
    expect((await submit(p.id, allTokens()[who])).status).toBe(status);
    if (who.startsWith('ent')) expect((await submit(MISSING_ID, allTokens()[who])).status).toBe(404);
  });

  it('submitting a problem that is not a draft is 409; a bad body 422', async () => {
    const p = await b.pendingProblem(c.tokens.entA);
    expect((await submit(p.id, c.tokens.entA)).status).toBe(409);
    const bad = await submit(p.id, c.tokens.entA, { version: 'x' });
    expect(bad.status).toBe(422);
    expect((await submit(p.id, c.tokens.entA, { comment: '多余字段' })).status).toBe(422);
  });

  it('the owner deletes its draft', async () => {
    const p = await draft();
    expect((await t.call('DELETE', `/api/v1/problems/${p.id}`, { token: c.tokens.entA })).status).toBe(204);
    expect((await t.call('GET', `/api/v1/problems/${p.id}`, { token: c.tokens.entA })).status).toBe(404);
  });

  it('the OpenAPI document names the submit step and the draft field', async () => {
    const doc = (await t.call('GET', '/openapi.json')).body;
    expect(doc.paths['/api/v1/problems/{id}/submit'].post.summary).toBe('草稿提交审核');
    expect(doc.components.schemas.CreateProblem.properties.draft.type).toBe('boolean');
  });
});
