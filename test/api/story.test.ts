/**
 * The whole chain through the HTTP API, as a bureau officer runs it: an enterprise posts a vague
 * problem, review sends it back, it is sharpened and published; a university expresses interest;
 * the bureau introduces the lab, both sides accept, they meet, negotiate and sign; the agreement is
 * registered, and the partnership grows into a co-built centre recognised at city level.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeMode } from '../support/store.js';
import { testApp, type TestApp } from '../support/app.js';
import { fixtures } from '../support/fixtures.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

describe(`the brokering story (${storeMode})`, () => {
  it('runs from posting to a recognised city-level centre', async () => {
    const f = fixtures(t);
    const call = async (method: string, path: string, body?: unknown, token?: string, expected = 200) => {
      const r = await t.call(method, `/api/v1${path}`, { body, token });
      expect(r.status, `${method} ${path}: ${JSON.stringify(r.body)}`).toBe(expected);
      return r.body;
    };

    // Setting up: a bureau liaison looks after the enterprise; a university with its lab; one user per side.
    const liaison = await call(
      'POST',
      '/liaisons',
      { side: 'bureau', name: '刘科长', phone: '0571-86000001' },
      undefined,
      201,
    );
    const ent = await f.enterprise({
      name: '杭州精塑科技有限公司',
      liaisonId: liaison.id,
      contactName: '陈总',
      contactPhone: '13812345678',
    });
    const uni = await f.university({ name: '浙江工科大学' });
    const entToken = await f.user('enterprise', { enterpriseId: ent.id });
    const uniToken = await f.user('university', { universityId: uni.id });
    const lab = await call(
      'POST',
      '/labs',
      {
        name: '机器视觉与智能检测实验室',
        domains: ['advanced_manufacturing', 'electronic_info'],
        keywords: ['机器视觉', '缺陷检测'],
        summary: '面向制造业的机器视觉检测与智能装备研究团队。',
        contactName: '周教授',
        contactPhone: '13987654321',
      },
      uniToken,
      201,
    );

    // 1. The enterprise posts a vague need: pending review, with writing hints.
    const posted = await call(
      'POST',
      '/problems',
      {
        title: '提高注塑件质量',
        description: '我们的注塑件经常有表面缺陷，希望找高校合作解决这个问题。',
        domains: ['new_materials'],
        keywords: ['注塑', '机器视觉'],
      },
      entToken,
      201,
    );
    expect(posted).toMatchObject({ reviewStatus: 'pending_review', stage: 'open', liaisonId: liaison.id });
    expect(posted.hints.map((h: { code: string }) => h.code)).toEqual([
      'too_short',
      'no_target_figures',
      'no_current_state',
      'no_budget',
      'no_deadline',
      'domain_mismatch',
    ]);
    expect((await t.call('GET', `/api/v1/problems/${posted.id}`, { token: uniToken })).status).toBe(404);

    // 2. Review sends it back; the enterprise sharpens it and resubmits; the bureau approves.
    await call('POST', `/problems/${posted.id}/review`, {
      decision: 'request_revision',
      comment: '请写明现状、目标指标、预算和期限，并核对技术领域。',
    });
    const sharpened = await call(
      'PATCH',
      `/problems/${posted.id}`,
      {
        version: 2,
        title: '注塑件表面缺陷机器视觉在线检测',
        description:
          '目前产线采用人工目检，漏检率约 3%，每班需 6 名质检员。希望开发机器视觉在线检测设备，检测划痕、缩痕、飞边，漏检率降到 0.5% 以下，节拍不低于每分钟 60 件，设备须装进现有输送线。',
        domains: ['advanced_manufacturing'],
        budgetWan: 50,
        deadline: `${Number(today().slice(0, 4)) + 1}-06-30`,
      },
      entToken,
    );
    expect(sharpened.hints).toEqual([]);
    await call('POST', `/problems/${posted.id}/resubmit`, { comment: '已按意见修改' }, entToken);
    const published = await call('POST', `/problems/${posted.id}/review`, { decision: 'approve' });
    expect(published.reviewStatus).toBe('published');

    // 3. The university sees it without the enterprise's identity, and expresses interest for its lab.
    const seen = await call('GET', `/problems/${posted.id}`, undefined, uniToken);
    expect(seen).toMatchObject({ enterpriseWithheld: true, enterprise: null });
    const interest = await call(
      'POST',
      '/interests',
      { problemId: posted.id, labId: lab.id, note: '实验室做过三条注塑产线的视觉检测改造，可先做样件测试。' },
      uniToken,
      201,
    );
    expect((await call('GET', `/interests/${interest.id}`, undefined, entToken)).contactWithheld).toBe(true);

    // 4. The bureau shortlists the lab from the interest and introduces it; both sides accept.
    const intro = await call(
      'POST',
      '/introductions',
      { problemId: posted.id, labId: lab.id, source: 'interest', note: '团队有同类产线经验' },
      undefined,
      201,
    );
    expect((await call('GET', `/problems/${posted.id}`)).stage).toBe('matching');
    await call('POST', `/introductions/${intro.id}/introduce`, {});
    expect(await call('GET', `/problems/${posted.id}`, undefined, uniToken)).toMatchObject({
      enterpriseWithheld: false,
      enterprise: { name: '杭州精塑科技有限公司', contactPhone: '13812345678' },
    });
    expect((await call('GET', `/introductions/${intro.id}`, undefined, entToken)).labContact).toMatchObject({
      name: '周教授',
      phone: '13987654321',
    });
    await call('POST', `/introductions/${intro.id}/accept`, {}, entToken);
    expect((await call('POST', `/introductions/${intro.id}/accept`, {}, uniToken)).status).toBe('accepted');

    // 5. They meet at the plant (first contact → contacted), then negotiate (moved by hand, with a reason).
    const visit = await call(
      'POST',
      '/contacts',
      {
        kind: 'visit',
        occurredAt: new Date().toISOString(),
        enterpriseId: ent.id,
        labId: lab.id,
        problemId: posted.id,
        liaisonIds: [liaison.id],
        participantNames: ['陈总（企业）', '周教授（高校）'],
        summary: '现场查看注塑产线，确定先做 200 件样件的离线测试。',
        outcome: '双方同意进入合同洽谈',
        nextStep: '高校两周内提交技术方案',
        followUpOn: today(),
      },
      undefined,
      201,
    );
    let problem = await call('GET', `/problems/${posted.id}`);
    expect(problem.stage).toBe('contacted');
    await call('POST', `/contacts/${visit.id}/follow-up`, { note: '技术方案已收到' });
    problem = await call('PATCH', `/problems/${posted.id}`, {
      version: problem.version,
      stage: 'negotiating',
      stageReason: '技术方案通过，进入合同洽谈',
    });

    // 6. They sign a commissioned development agreement (→ agreed) and register it as a technology contract.
    const agreement = await call(
      'POST',
      '/agreements',
      {
        title: '注塑件表面缺陷视觉检测系统委托开发合同',
        type: 'development',
        developmentMode: 'commissioned',
        enterpriseId: ent.id,
        universityId: uni.id,
        labId: lab.id,
        problemIds: [posted.id],
        amountWan: 48,
        signedOn: today(),
      },
      undefined,
      201,
    );
    expect(agreement.registration).toMatchObject({ state: 'pending', daysLeft: 30 });
    expect((await call('GET', `/problems/${posted.id}`)).stage).toBe('agreed');
    const registered = await call('PATCH', `/agreements/${agreement.id}`, {
      version: 1,
      registeredOn: today(),
      registrationNo: '3301062026001234',
      status: 'in_progress',
    });
    expect(registered).toMatchObject({ status: 'in_progress', registration: { state: 'registered' } });

    // 7. The partnership grows into a co-built centre: planned → building → operating → recognised (district) → city.
    const centre = await call(
      'POST',
      '/centres',
      {
        name: '精塑—工科大智能检测联合研发中心',
        kind: 'rd_centre',
        enterpriseId: ent.id,
        universityId: uni.id,
        labId: lab.id,
        agreementId: agreement.id,
        level: 'district',
        plannedOn: today(),
      },
      undefined,
      201,
    );
    let v = centre.version;
    for (const status of ['building', 'operating', 'recognized'])
      v = (await call('PATCH', `/centres/${centre.id}`, { version: v, status, statusNote: '按计划推进' })).version;
    const city = await call('POST', `/centres/${centre.id}/level`, {
      level: 'city',
      effectiveOn: today(),
      documentNo: '市科技〔2026〕66号',
    });
    expect(city).toMatchObject({
      level: 'city',
      levelLabel: '市级',
      status: 'recognized',
      statusLabel: '已认定',
      agreement: { id: agreement.id },
    });
    const levels = (await call('GET', `/centres/${centre.id}/history`)).items.filter(
      (i: { kind: string }) => i.kind === 'level',
    );
    expect(levels.map((i: { to: string }) => i.to)).toEqual(['district', 'city']);
    expect(
      (await call('GET', `/centres?level=city`, undefined, uniToken)).items.map((i: { id: string }) => i.id),
    ).toEqual([centre.id]);

    // 8. One timeline tells it all, in order; each side sees its part.
    const timeline = (await call('GET', `/problems/${posted.id}/history`)).items as {
      kind: string;
      event?: string;
      action?: string;
      toStage?: string;
    }[];
    expect(timeline.map((i) => [i.kind, i.toStage ?? i.action ?? i.event ?? ''].join(':'))).toEqual([
      'stage:open',
      'review:submit',
      'review:request_revision',
      'review:resubmit',
      'review:approve',
      'interest:expressed',
      'introduction:shortlisted',
      'stage:matching',
      'introduction:introduced',
      'introduction:accepted',
      'introduction:accepted',
      'contact:',
      'stage:contacted',
      'stage:negotiating',
      'agreement:',
      'stage:agreed',
    ]);
    const forUni = (await call('GET', `/problems/${posted.id}/history`, undefined, uniToken)).items as {
      kind: string;
    }[];
    expect(forUni.some((i) => i.kind === 'review')).toBe(false);
    const forEnt = (await call('GET', `/problems/${posted.id}/history`, undefined, entToken)).items as {
      kind: string;
      event?: string;
    }[];
    expect(forEnt.some((i) => i.event === 'shortlisted')).toBe(false);

    // 9. The pipeline has it at agreed with its liaison; nothing is left to chase for that liaison.
    const pipeline = await call('GET', `/pipeline?enterpriseId=${ent.id}`);
    expect(pipeline.items).toMatchObject([
      { problem: { id: posted.id }, stage: 'agreed', liaison: { id: liaison.id, name: '刘科长' } },
    ]);
    const todo = await call('GET', `/follow-ups?liaisonId=${liaison.id}`);
    expect([todo.overdue.total, todo.upcoming.total, todo.stale.total, todo.registrations.total]).toEqual([0, 0, 0, 0]);
  });
});
