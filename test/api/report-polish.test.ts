/**
 * 工作总结草稿润色 against a loopback chat model: a faithful rewording is applied, a paragraph whose
 * numbers changed keeps its template text, a failing or slow model and no model leave the draft,
 * and only the bureau may ask.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { createOpenAIChat } from '../../src/llm/openai.js';
import { numbersIn } from '../../src/modules/reports/polish-check.js';
import { Narrative } from '../../src/modules/reports/schemas.js';
import { POLISH_PROMPT } from '../../src/modules/reports/templates.js';
import { client, testApp, type TestApp } from '../support/app.js';
import { startChatServer, type ChatServer } from '../support/chat-server.js';
import { brokering, cast } from '../support/fixtures.js';
import { storeMode } from '../support/store.js';

const PATH = '/api/v1/reports/summary/narrative?from=2025-01-01&to=2025-06-30';
let t: TestApp;
let server: ChatServer;
let c: Awaited<ReturnType<typeof cast>>;
let draft: { title: string; paragraphs: string[]; figures: Record<string, number | null>; missing: string[] };

/** Wording changes only, at least one per template paragraph. */
const reword = (text: string) =>
  text
    .replace('报告期内，', '本报告期内，')
    .replace('签订', '签署')
    .replace('新建', '新组建')
    .replace('期末', '截至期末')
    .replace('共征集', '累计征集')
    .replace('共开展', '累计开展');

const polished = async (token?: string) => {
  const r = await t.call('GET', `${PATH}&polish=true`, { token });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return Narrative.parse(r.body);
};
const sortedNumbers = (text: string) => numbersIn(text).sort();

beforeAll(async () => {
  server = await startChatServer();
  t = await testApp({
    llm: createOpenAIChat({
      baseURL: server.url,
      apiKey: 'sk-test',
      model: 'test-chat',
      timeoutMs: 3000,
      maxRetries: 0,
    }),
  });
  c = await cast(t);
  // A few records in H1 2025, so the paragraphs carry non-zero figures.
  const b = brokering(t);
  for (const domains of [['advanced_manufacturing'], ['new_materials', 'biomed']]) {
    const p = await b.publishedProblem(c.entA.id, { domains });
    await t.store.db
      .updateTable('problems')
      .set({ postedAt: new Date('2025-03-10T10:00:00+08:00') })
      .where('id', '=', p.id)
      .execute();
  }
  await b.contact(c.entA.id, { occurredAt: '2025-04-01T10:00:00+08:00' });
  await b.agreement(c.entA.id, c.uniX.id, { amountWan: 35.5, signedOn: '2025-05-20' });
  const r = await t.call('GET', PATH);
  expect(r.status).toBe(200);
  draft = r.body;
});
afterAll(async () => {
  await t.close();
  await server.close();
});
beforeEach(() => {
  server.reply = reword;
  server.delayMs = 0;
  server.failNext(500, 0);
});

describe(`narrative polish (${storeMode})`, () => {
  it('without polish=true the draft is unchanged and the model is not asked', async () => {
    const before = server.requests.length;
    for (const q of ['', '&polish=false']) {
      const r = await t.call('GET', `${PATH}${q}`);
      expect(r.status).toBe(200);
      expect(r.body).toEqual(draft);
      expect(r.body).not.toHaveProperty('polish');
    }
    expect(server.requests.length).toBe(before);
    expect(draft.paragraphs.join('')).toContain('共征集企业技术难题2项');
    expect(draft.paragraphs.join('')).toContain('签订校企合作协议1项（上期为0），协议金额35.5万元');
  });

  it('applies a faithful rewording: every paragraph reworded, the same numbers', async () => {
    const before = server.requests.length;
    const body = await polished();
    expect(body.polish).toEqual({ status: 'applied', model: 'test-chat', rejected: [] });
    expect(body.paragraphs).toEqual(draft.paragraphs.map(reword));
    body.paragraphs.forEach((p, i) => {
      expect(p).not.toBe(draft.paragraphs[i]);
      expect(sortedNumbers(p)).toEqual(sortedNumbers(draft.paragraphs[i]!));
    });
    expect({ ...body, paragraphs: draft.paragraphs, polish: undefined }).toEqual({ ...draft, polish: undefined });
    const made = server.requests.slice(before);
    expect(made.map((r) => r.user).sort()).toEqual([...draft.paragraphs].sort());
    expect(
      made.every((r) => r.system === POLISH_PROMPT && r.model === 'test-chat' && r.authorization === 'Bearer sk-test'),
    ).toBe(true);
  });

  it('keeps the template paragraph whose numbers the model changed, in digits or in Chinese numerals', async () => {
    server.reply = (text) => {
      if (text.startsWith('二、')) return reword(text).replace(/\d+/, (n) => String(Number(n) + 1));
      if (text.startsWith('三、')) return reword(text).replace('协议1项', '协议一项');
      return reword(text);
    };
    const body = await polished();
    expect(body.polish?.status).toBe('partial');
    expect(body.polish?.rejected.map((r) => r.paragraph)).toEqual([1, 2]);
    for (const r of body.polish!.rejected)
      expect(r.reason).toMatch(/^润色稿的数字与草稿不一致（多出 .+；缺少 .+），保留模板原文$/);
    expect(body.polish?.rejected[1]?.reason).toContain('多出 一；缺少 1');
    expect(body.paragraphs[1]).toBe(draft.paragraphs[1]);
    expect(body.paragraphs[2]).toBe(draft.paragraphs[2]);
    expect(body.paragraphs[0]).toBe(reword(draft.paragraphs[0]!));
  });

  it('says rejected when no paragraph passes the check', async () => {
    server.reply = (text) => text.replace('、', '、2026年，');
    const body = await polished();
    expect(body.polish?.status).toBe('rejected');
    expect(body.polish?.rejected).toHaveLength(draft.paragraphs.length);
    expect(body.paragraphs).toEqual(draft.paragraphs);
  });

  it.each([
    ['a server error', () => server.failNext(500, 100), '模型调用失败，保留模板原文'],
    ['a timeout', () => void (server.delayMs = 6000), '模型调用超时，保留模板原文'],
  ])('falls back to the draft on %s: unavailable', async (_, breakIt, reason) => {
    breakIt();
    const body = await polished();
    expect(body.polish?.status).toBe('unavailable');
    expect(body.polish?.model).toBe('test-chat');
    expect(body.polish?.rejected).toEqual(draft.paragraphs.map((_, paragraph) => ({ paragraph, reason })));
    expect(body.paragraphs).toEqual(draft.paragraphs);
  });

  it('without a configured model answers the draft with not_configured', async () => {
    const bare = client(createApp({ ...t.deps, llm: undefined }));
    const r = await bare('GET', `${PATH}&polish=true`);
    expect(r.status).toBe(200);
    expect(Narrative.parse(r.body)).toEqual({ ...draft, polish: { status: 'not_configured', rejected: [] } });
  });

  it('rejects a malformed polish flag', async () => {
    const r = await t.call('GET', `${PATH}&polish=yes`);
    expect(r.status).toBe(400);
    expect(r.body.errors[0].path).toBe('query.polish');
  });

  it.each(['entA', 'uniX'] as const)('%s gets 403 and the model is not asked', async (who) => {
    const before = server.requests.length;
    expect((await t.call('GET', `${PATH}&polish=true`, { token: c.tokens[who] })).status).toBe(403);
    expect(server.requests.length).toBe(before);
  });

  it('a bureau user (not only the admin token) may polish', async () => {
    expect((await polished(c.tokens.bureau)).polish?.status).toBe('applied');
  });
});
