/**
 * The visibility matrix (issue 9): role (bureau, owning enterprise, other enterprise, introduced
 * university, other university) × visibility × review status (draft included) × stage × introduced
 * or not — 700 cells. For every
 * cell the three forms of each rule — predicate, SQL expression, engine filter on the real embedded
 * engine — give the same answer, and every problem-bearing route answers that cell with exactly the
 * problems it may see and none of the names, contacts and reasons it may not read.
 *
 * The data is built once (one problem per visibility × review × stage × introduced), written straight
 * into the tables with the services' own insert helpers so the file runs in seconds; routes are read
 * through the real app, many cells per request where the route lists.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/auth/actor.js';
import type { ProblemStage, ReviewStatus } from '../../src/db/tables.js';
import { REVIEW_STATUS_CODES } from '../../src/domain/review.js';
import { insertStageHistory } from '../../src/modules/problems/repository.js';
import { insertProblems } from '../../src/modules/problems/insert.js';
import { STAGE_CODES } from '../../src/domain/stages.js';
import {
  ALL_UNIVERSITIES,
  canSeeProblem,
  enterpriseRevealed,
  introducedToSql,
  openForCooperation,
  openForCooperationFilters,
  openForCooperationSql,
  openToUniversities,
  openToUniversitiesSql,
  stageReason,
  universityReader,
  visibleProblemsFilters,
  visibleProblemsSql,
} from '../../src/policy/index.js';
import type { Filter } from '../../src/search/port.js';
import { ADMIN_TOKEN, testApp, type TestApp } from '../support/app.js';
import { fixtures } from '../support/fixtures.js';

const ROLES = ['bureau', 'owner', 'otherEnterprise', 'introducedUniversity', 'otherUniversity'] as const;
type RoleName = (typeof ROLES)[number];
const VISIBILITIES = ['public', 'bureau'] as const;

interface Spec {
  id: string;
  title: string;
  visibility: (typeof VISIBILITIES)[number];
  reviewStatus: ReviewStatus;
  stage: ProblemStage;
  introduced: boolean;
}

// Markers that must reach only the cells allowed to read them.
const POSTER = '发布人王五';
const ENT_PHONE = '13811112222';
const ENT_CONTACT = '联系人甲先生';
const LAB_X = '引荐实验室X';
const LAB_X_PHONE = '13922223333';
const LAB_S = '候选实验室S';
const LAB_S_PHONE = '13933334444';
const REVIEW_COMMENT = '审核意见：请补充良率数据';
const MANUAL = '局方手写原因：候选不合适';
const agreementTitle = (i: number) => `保密协议第${i}号`;

let t: TestApp;
let entA: { id: string; name: string };
let specs: Spec[];
const actors = {} as Record<RoleName, Actor>;
const tokens = {} as Record<RoleName, string>;
let labX: { id: string };
let labS: { id: string };

const past = (s: ProblemStage, after: ProblemStage) =>
  s !== 'closed' && STAGE_CODES.indexOf(s) >= STAGE_CODES.indexOf(after);

beforeAll(async () => {
  t = await testApp();
  const f = fixtures(t);
  entA = await f.enterprise({ contactName: ENT_CONTACT, contactPhone: ENT_PHONE, contactEmail: 'jia@example.com' });
  const [entB, uniX, uniY] = await Promise.all([
    f.enterprise({ contactPhone: '13800000009' }),
    f.university(),
    f.university(),
  ]);
  labX = await f.lab(uniX.id, { name: LAB_X, contactName: '实验室联系人X', contactPhone: LAB_X_PHONE });
  labS = await f.lab(uniY.id, { name: LAB_S, contactName: '实验室联系人S', contactPhone: LAB_S_PHONE });
  const user = async (name: string, role: string, binding: Record<string, string>) =>
    (await t.call('POST', '/api/v1/users', { body: { name, role, ...binding } })).body as { id: string; token: string };
  const owner = await user(POSTER, 'enterprise', { enterpriseId: entA.id });
  const other = await user('别家企业用户', 'enterprise', { enterpriseId: entB.id });
  const uX = await user('引荐高校联络员', 'university', { universityId: uniX.id });
  const uY = await user('其他高校联络员', 'university', { universityId: uniY.id });
  const actor = (
    role: Actor['role'],
    userId: string | null,
    name: string,
    e: string | null,
    u: string | null,
  ): Actor => ({ role, userId, name, enterpriseId: e, universityId: u });
  Object.assign(actors, {
    bureau: actor('bureau', null, '局方经办人', null, null),
    owner: actor('enterprise', owner.id, POSTER, entA.id, null),
    otherEnterprise: actor('enterprise', other.id, '别家企业用户', entB.id, null),
    introducedUniversity: actor('university', uX.id, '引荐高校联络员', null, uniX.id),
    otherUniversity: actor('university', uY.id, '其他高校联络员', null, uniY.id),
  });
  Object.assign(tokens, {
    bureau: ADMIN_TOKEN,
    owner: owner.token,
    otherEnterprise: other.token,
    introducedUniversity: uX.token,
    otherUniversity: uY.token,
  });

  const combos = VISIBILITIES.flatMap((visibility) =>
    REVIEW_STATUS_CODES.flatMap((reviewStatus) =>
      STAGE_CODES.flatMap((stage) =>
        [true, false].map((introduced) => ({ visibility, reviewStatus, stage, introduced })),
      ),
    ),
  );
  const db = t.store.db;
  const ownerCtx = { actor: actors.owner };
  const bureauCtx = { actor: actors.bureau };
  specs = await db.transaction().execute(async (tx) => {
    const values = combos.map((c, i) => ({
      enterpriseId: entA.id,
      title: `矩阵难题${i}视觉检测`,
      description: '现有人工目检漏检率约 3%，希望用机器视觉检测把漏检率降到 0.5% 以下。',
      domains: ['advanced_manufacturing' as const],
      keywords: ['机器视觉'],
      visibility: c.visibility,
      liaisonId: null,
      postedAt: new Date(),
    }));
    const rows = await insertProblems(tx, ownerCtx, values, 'pending_review');
    const out: Spec[] = [];
    for (const [i, c] of combos.entries()) {
      const id = rows[i]!.id;
      await tx
        .updateTable('problems')
        .set({ reviewStatus: c.reviewStatus, stage: c.stage })
        .where('id', '=', id)
        .execute();
      await tx
        .insertInto('problemReviews')
        .values({
          problemId: id,
          action: 'request_revision',
          fromStatus: 'pending_review',
          toStatus: 'revision_requested',
          comment: REVIEW_COMMENT,
          actorUserId: null,
          actorName: '局方审核人',
        })
        .execute();
      const intro = (labId: string, universityId: string, introduced: boolean) => ({
        problemId: id,
        labId,
        universityId,
        source: 'match' as const,
        status: introduced ? ('introduced' as const) : ('shortlisted' as const),
        introducedAt: introduced ? new Date() : null,
        createdBy: null,
      });
      await tx
        .insertInto('introductions')
        .values([intro(labS.id, uniY.id, false), intro(labX.id, uniX.id, c.introduced)])
        .execute();
      await tx
        .insertInto('interests')
        .values({
          problemId: id,
          labId: labX.id,
          universityId: uniX.id,
          note: '团队可先做样件测试。',
          createdBy: uX.id,
          createdByName: '意向人赵六',
        })
        .execute();
      const lab = (l: { id: string }, name: string, universityId: string) => ({ id: l.id, name, universityId });
      if (c.stage !== 'open') {
        await insertStageHistory(
          tx,
          bureauCtx,
          id,
          'open',
          'matching',
          stageReason.shortlisted(lab(labS, LAB_S, uniY.id)),
        );
        const why = c.introduced
          ? stageReason.introduced(lab(labX, LAB_X, uniX.id))
          : stageReason.shortlisted(lab(labX, LAB_X, uniX.id));
        await insertStageHistory(tx, bureauCtx, id, 'open', 'matching', why);
      }
      if (past(c.stage, 'contacted'))
        await insertStageHistory(
          tx,
          bureauCtx,
          id,
          'matching',
          'contacted',
          stageReason.contact({ id, kind: 'visit' }),
        );
      if (past(c.stage, 'agreed')) {
        await insertStageHistory(
          tx,
          bureauCtx,
          id,
          'contacted',
          'agreed',
          stageReason.agreement({ id, title: agreementTitle(i), universityId: uniX.id }),
        );
      }
      if (c.stage === 'closed')
        await insertStageHistory(tx, bureauCtx, id, 'open', 'closed', stageReason.manual(MANUAL));
      out.push({ id, title: values[i]!.title, ...c });
    }
    return out;
  });
  await t.deps.search.indexer.rebuild();
}, 120_000);
afterAll(() => t.close());

/** The answers of the rules for one cell, from the generated facts alone. */
function expected(role: RoleName, p: Spec) {
  const viewer = actors[role];
  const introducedToViewer = role === 'introducedUniversity' && p.introduced;
  const visible = canSeeProblem(viewer, { ...p, enterpriseId: entA.id, introducedToViewer });
  const revealed = enterpriseRevealed(viewer, { introducedToViewer });
  return { viewer, visible, revealed, introducedToViewer };
}

/** What a cell may not read anywhere in a response about this problem. */
function forbidden(role: RoleName, p: Spec, i: number): string[] {
  if (role === 'bureau') return [];
  const { revealed } = expected(role, p);
  const out = [LAB_S, LAB_S_PHONE];
  if (!revealed) out.push(POSTER, ENT_PHONE, ENT_CONTACT, entA.name);
  if (role === 'otherUniversity') out.push(agreementTitle(i), LAB_X_PHONE);
  if (role === 'introducedUniversity' || role === 'otherUniversity') out.push(REVIEW_COMMENT, MANUAL);
  if (role === 'owner' && !p.introduced) out.push(LAB_X_PHONE);
  return out;
}

/** The stage reasons a cell reads, oldest first (posting row has none). */
function expectedReasons(role: RoleName, p: Spec, i: number): (string | null)[] {
  const bureau = role === 'bureau';
  const sees = (lab: 'X' | 'S') =>
    bureau || (lab === 'X' && p.introduced && (role === 'owner' || role === 'introducedUniversity'));
  const out: (string | null)[] = [null];
  if (p.stage !== 'open') {
    out.push(sees('S') ? `推荐候选实验室：${LAB_S}` : '进入匹配');
    out.push(sees('X') ? `${p.introduced ? '引荐' : '推荐候选'}实验室：${LAB_X}` : '进入匹配');
  }
  if (past(p.stage, 'contacted')) out.push('对接记录：上门服务');
  if (past(p.stage, 'agreed'))
    out.push(role === 'otherUniversity' ? '签订合作协议' : `签订合作协议《${agreementTitle(i)}》`);
  if (p.stage === 'closed') out.push(role === 'owner' || bureau ? MANUAL : null);
  return out;
}

const ids = (rows: { id: string }[]) => new Set(rows.map((r) => r.id));
const sorted = (s: Iterable<string>) => [...s].sort();

async function engineIds(filters: Filter[]): Promise<Set<string>> {
  const r = await t.deps.search.engine.search('problems', { filters, limit: 1000, offset: 0 });
  return ids(r.hits);
}

async function sqlIds(where: ReturnType<typeof visibleProblemsSql>): Promise<Set<string>> {
  return ids(await t.store.db.selectFrom('problems').select('id').where(where).execute());
}

function expectNone(body: unknown, words: string[], where: string) {
  const text = JSON.stringify(body);
  for (const w of words) expect(text.includes(w), `${where} leaks ${w}`).toBe(false);
}

describe('the three forms of each rule agree in every cell', () => {
  it('covers every review state, drafts included: 5 roles × 2 × 5 × 7 × 2 cells', () => {
    expect(new Set(specs.map((p) => p.reviewStatus))).toEqual(
      new Set(['draft', 'pending_review', 'revision_requested', 'published', 'rejected']),
    );
    expect(ROLES.length * specs.length).toBe(700);
  });

  // Written from the facts, not through the predicate: a draft is its enterprise's alone.
  it.each(ROLES)('a draft is visible to %s only if it is the owner, in every form', async (role) => {
    const drafts = specs.filter((p) => p.reviewStatus === 'draft');
    const want = role === 'owner' ? sorted(drafts.map((p) => p.id)) : [];
    for (const p of drafts) expect(expected(role, p).visible, JSON.stringify(p)).toBe(role === 'owner');
    const draftIds = new Set(drafts.map((p) => p.id));
    const only = (s: Set<string>) => sorted([...s].filter((id) => draftIds.has(id)));
    expect(only(await sqlIds(visibleProblemsSql(actors[role])))).toEqual(want);
    expect(only(await engineIds(visibleProblemsFilters(actors[role])))).toEqual(want);
    const anyUniversity = [
      ALL_UNIVERSITIES,
      ...['introducedUniversity', 'otherUniversity'].map((r) => universityReader(actors[r as RoleName].universityId!)),
    ];
    expect(only(await engineIds([{ field: 'readers', op: 'in', values: anyUniversity }]))).toEqual([]);
  });

  it.each(ROLES)('visible to %s: predicate = SQL = engine filter', async (role) => {
    const want = sorted(specs.filter((p) => expected(role, p).visible).map((p) => p.id));
    expect(sorted(await sqlIds(visibleProblemsSql(actors[role])))).toEqual(want);
    expect(sorted(await engineIds(visibleProblemsFilters(actors[role])))).toEqual(want);
  });

  it('open to universities, open for cooperation, introduced: predicate = SQL = engine filter', async () => {
    const open = sorted(specs.filter((p) => openToUniversities(p)).map((p) => p.id));
    expect(sorted(await sqlIds(openToUniversitiesSql()))).toEqual(open);
    expect(sorted(await engineIds([{ field: 'readers', op: 'in', values: ['universities'] }]))).toEqual(open);
    const coop = sorted(specs.filter((p) => openForCooperation(p)).map((p) => p.id));
    expect(sorted(await sqlIds(openForCooperationSql()))).toEqual(coop);
    expect(sorted(await engineIds([...openForCooperationFilters]))).toEqual(coop);
    const uniX = actors.introducedUniversity.universityId!;
    expect(sorted(await sqlIds(introducedToSql(uniX)))).toEqual(
      sorted(specs.filter((p) => p.introduced).map((p) => p.id)),
    );
    const readable = specs
      .filter((p) => p.introduced && p.stage !== 'closed' && p.reviewStatus !== 'draft')
      .map((p) => p.id);
    expect(sorted(await engineIds([{ field: 'readers', op: 'in', values: [universityReader(uniX)] }]))).toEqual(
      sorted(readable),
    );
    expect(await sqlIds(introducedToSql(actors.otherUniversity.universityId!))).toEqual(new Set());
  });
});

// One test reads a route for every cell of a role (112 requests for the history): allow for a loaded machine.
describe('every problem-bearing route answers each cell with what it may see', { timeout: 180_000 }, () => {
  it.each(ROLES)('GET /problems/{id}/history as %s', async (role) => {
    // Eight at a time: one request per cell, the file still runs in seconds.
    const cells = [...specs.entries()];
    for (let k = 0; k < cells.length; k += 8) {
      await Promise.all(
        cells.slice(k, k + 8).map(async ([i, p]) => {
          const { visible, revealed } = expected(role, p);
          const history = await t.call('GET', `/api/v1/problems/${p.id}/history`, { token: tokens[role] });
          expect(history.status, `${role} ${JSON.stringify(p)}`).toBe(visible ? 200 : 404);
          if (!visible) return;
          expectNone(history.body, forbidden(role, p, i), `${role} history ${i}`);
          const stages = history.body.items
            .filter((x: { kind: string }) => x.kind === 'stage')
            .map((x: { reason: string | null }) => x.reason);
          expect(stages, `${role} reasons ${JSON.stringify(p)}`).toEqual(expectedReasons(role, p, i));
          expect(history.body.items[0].actorName).toBe(revealed ? POSTER : '企业用户');
        }),
      );
    }
  });

  it.each(ROLES)('GET /problems (list), /exports/problems and /search with highlights as %s', async (role) => {
    const want = specs.filter((p) => expected(role, p).visible);
    const listed: { id: string }[] = [];
    for (let cursor: string | undefined, first = true; first || cursor; first = false) {
      const r = await t.call('GET', `/api/v1/problems?limit=100${cursor ? `&cursor=${cursor}` : ''}`, {
        token: tokens[role],
      });
      listed.push(...r.body.items);
      cursor = r.body.nextCursor;
    }
    expect(sorted(ids(listed))).toEqual(sorted(want.map((p) => p.id)));
    // The detail view is the same redaction as the list's; one visible and one hidden problem per role.
    const [shown, hidden] = [want[0], specs.find((p) => !expected(role, p).visible)];
    if (shown)
      expect((await t.call('GET', `/api/v1/problems/${shown.id}`, { token: tokens[role] })).body).toEqual(
        listed.find((x) => x.id === shown.id),
      );
    if (hidden)
      expect((await t.call('GET', `/api/v1/problems/${hidden.id}`, { token: tokens[role] })).status).toBe(404);
    const hits: { id: string; document: Record<string, unknown>; highlights?: Record<string, string> }[] = [];
    for (let offset = 0; offset < 200; offset += 100) {
      const r = await t.call(
        'GET',
        `/api/v1/search?index=problems&q=${encodeURIComponent('视觉检测')}&highlight=true&limit=100&offset=${offset}`,
        { token: tokens[role] },
      );
      expect(r.status).toBe(200);
      hits.push(...r.body.hits);
    }
    expect(sorted(ids(hits))).toEqual(sorted(want.map((p) => p.id)));
    const exported = await t.call('GET', `/api/v1/exports/problems?format=csv`, { token: tokens[role] });
    expect(exported.status).toBe(200);
    const csv = String(exported.body);
    for (const [i, p] of specs.entries()) {
      const item = listed.find((x) => x.id === p.id);
      const hit = hits.find((h) => h.id === p.id);
      expect(csv.includes(p.title), `${role} export ${i}`).toBe(expected(role, p).visible);
      if (!item || !hit) continue;
      const { revealed } = expected(role, p);
      expect(item).toMatchObject({ enterpriseWithheld: !revealed, enterpriseId: revealed ? entA.id : null });
      if (revealed) expect(item).toMatchObject({ enterprise: { contactPhone: ENT_PHONE, contactName: ENT_CONTACT } });
      expectNone(item, forbidden(role, p, i), `${role} list ${i}`);
      expectNone(hit, forbidden(role, p, i), `${role} search ${i}`);
      expect(hit.highlights?.title).toContain('<em>');
      expect('readers' in hit.document).toBe(role === 'bureau');
      expect('enterpriseId' in hit.document).toBe(expected(role, p).revealed);
    }
    if (role === 'otherUniversity') expect(csv).not.toContain(entA.name);
  });

  it.each(ROLES)('GET /interests, /introductions, /problems/{id}/reviews as %s', async (role) => {
    const interests = await t.call('GET', '/api/v1/interests?limit=100&status=active', { token: tokens[role] });
    const introductions = await t.call('GET', '/api/v1/introductions?limit=100', { token: tokens[role] });
    expect(interests.status).toBe(200);
    expect(introductions.status).toBe(200);
    for (const [i, p] of specs.entries()) {
      const words = forbidden(role, p, i);
      for (const item of interests.body.items.filter((x: { problemId: string }) => x.problemId === p.id))
        expectNone(item, words, `${role} interest ${i}`);
      for (const item of introductions.body.items.filter((x: { problemId: string }) => x.problemId === p.id)) {
        if (role !== 'bureau') expect(item.status).not.toBe('shortlisted');
        expectNone(item, words, `${role} introduction ${i}`);
      }
    }
    const seenInterests = new Set(interests.body.items.map((x: { problemId: string }) => x.problemId));
    const allowedInterests = role === 'bureau' || role === 'owner' || role === 'introducedUniversity';
    expect(seenInterests.size > 0).toBe(allowedInterests);
    const seenIntroductions = new Set(introductions.body.items.map((x: { problemId: string }) => x.problemId));
    const wantIntroductions =
      role === 'bureau'
        ? []
        : specs.filter((p) => p.introduced && (role === 'owner' || role === 'introducedUniversity')).map((p) => p.id);
    if (role !== 'bureau') expect(sorted(seenIntroductions as Set<string>)).toEqual(sorted(wantIntroductions));
    for (const p of specs.filter((_, i) => i % 7 === 0)) {
      const reviews = await t.call('GET', `/api/v1/problems/${p.id}/reviews`, { token: tokens[role] });
      const status =
        role === 'owner' || (role === 'bureau' && p.reviewStatus !== 'draft')
          ? 200
          : role === 'bureau' || role === 'otherEnterprise'
            ? 404
            : 403;
      expect(reviews.status).toBe(status);
    }
  });

  it.each(ROLES)('matches both ways as %s', async (role) => {
    const sample = specs.filter((p) => p.visibility === 'public' && p.introduced && p.reviewStatus === 'published');
    for (const p of sample) {
      const r = await t.call('GET', `/api/v1/problems/${p.id}/matches?limit=5`, { token: tokens[role] });
      const status = role.endsWith('University') ? 403 : expected(role, p).visible ? 200 : 404;
      expect(r.status, `${role} matches ${p.stage}`).toBe(status);
      if (status === 200) expect(JSON.stringify(r.body)).not.toContain(LAB_S_PHONE);
    }
    const labId = role === 'otherUniversity' ? labS.id : labX.id;
    const r = await t.call('GET', `/api/v1/labs/${labId}/matches?limit=50`, { token: tokens[role] });
    if (role === 'owner' || role === 'otherEnterprise') return expect(r.status).toBe(403);
    expect(r.status).toBe(200);
    expect(r.body.items.length).toBeGreaterThan(0);
    for (const item of r.body.items as { problem: { id: string } }[]) {
      const i = specs.findIndex((p) => p.id === item.problem.id);
      const p = specs[i]!;
      expect(expected(role, p).visible && openForCooperation(p), `${role} lab match ${JSON.stringify(p)}`).toBe(true);
      expectNone(item, forbidden(role, p, i), `${role} lab match ${i}`);
    }
  });

  it.each(ROLES)('bureau-only views (report details, import rows, pipeline export) as %s', async (role) => {
    const want = role === 'bureau' ? 200 : 403;
    expect(
      (await t.call('GET', '/api/v1/reports/summary?detail=problems.collected', { token: tokens[role] })).status,
    ).toBe(want);
    expect((await t.call('GET', '/api/v1/imports', { token: tokens[role] })).status).toBe(want);
    expect((await t.call('GET', '/api/v1/exports/pipeline?format=csv', { token: tokens[role] })).status).toBe(want);
  });
});
