/**
 * Records made through the real API for tests, and a cast of actors for role matrices:
 * the bureau (ADMIN_TOKEN), two enterprises with a user each, two universities with a liaison each.
 */
import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import { creditCodeCheckChar } from '../../src/domain/credit-code.js';
import { ADMIN_TOKEN, type TestApp } from './app.js';

/** A valid 统一社会信用代码 with a random organisation code. */
export function makeCreditCode(): string {
  const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const body = Array.from(randomBytes(9), (b) => alphabet[b % 31]).join('');
  const first17 = `91330110${body}`;
  return first17 + creditCodeCheckChar(first17);
}

const suffix = () => randomBytes(3).toString('hex');

export function fixtures(t: TestApp) {
  async function created(path: string, body: Record<string, unknown>, token: string = ADMIN_TOKEN) {
    const r = await t.call('POST', path, { body, token });
    expect(r.status, `${path}: ${JSON.stringify(r.body)}`).toBe(201);
    return r.body;
  }

  return {
    university: (over: Record<string, unknown> = {}) =>
      created('/api/v1/universities', { name: `测试大学${suffix()}`, kind: 'university', city: '杭州', ...over }),
    enterprise: (over: Record<string, unknown> = {}) =>
      created('/api/v1/enterprises', {
        name: `测试科技有限公司${suffix()}`,
        creditCode: makeCreditCode(),
        industry: '通用设备制造业',
        contactName: '张经理',
        contactPhone: '13800000000',
        ...over,
      }),
    lab: (universityId: string, over: Record<string, unknown> = {}, token?: string) =>
      created(
        '/api/v1/labs',
        {
          universityId,
          name: `智能制造实验室${suffix()}`,
          domains: ['advanced_manufacturing'],
          keywords: ['PLC', '机器视觉'],
          summary: '面向离散制造的智能装备与机器视觉检测研究团队。',
          contactName: '王老师',
          contactPhone: '13900000000',
          ...over,
        },
        token,
      ),
    problem: (enterpriseId: string, over: Record<string, unknown> = {}, token?: string) =>
      created(
        '/api/v1/problems',
        {
          enterpriseId,
          title: `注塑件表面缺陷自动检测${suffix()}`,
          description: '现有人工目检漏检率约 3%，希望用机器视觉把漏检率降到 0.5% 以下，节拍不低于每分钟 60 件。',
          domains: ['advanced_manufacturing'],
          keywords: ['机器视觉', 'AOI'],
          budgetWan: 50,
          ...over,
        },
        token,
      ),
    user: async (
      role: 'bureau' | 'university' | 'enterprise',
      binding: { enterpriseId?: string; universityId?: string } = {},
    ): Promise<string> => {
      const body = await created('/api/v1/users', { name: `用户${suffix()}`, role, ...binding });
      return body.token as string;
    },
  };
}

export type Fixtures = ReturnType<typeof fixtures>;

/** Two of each side, each with a signed-in user, for role matrices. */
export async function cast(t: TestApp) {
  const f = fixtures(t);
  const [entA, entB, uniX, uniY] = await Promise.all([f.enterprise(), f.enterprise(), f.university(), f.university()]);
  const [entAToken, entBToken, uniXToken, uniYToken, bureauToken] = await Promise.all([
    f.user('enterprise', { enterpriseId: entA.id }),
    f.user('enterprise', { enterpriseId: entB.id }),
    f.user('university', { universityId: uniX.id }),
    f.user('university', { universityId: uniY.id }),
    f.user('bureau'),
  ]);
  return {
    f,
    entA,
    entB,
    uniX,
    uniY,
    tokens: {
      admin: ADMIN_TOKEN,
      bureau: bureauToken,
      entA: entAToken,
      entB: entBToken,
      uniX: uniXToken,
      uniY: uniYToken,
    },
  };
}

export const MISSING_ID = '00000000-0000-4000-8000-000000000000';

/**
 * Brokering-workflow records through the real API (bureau unless a token is given): a bureau
 * liaison, labs of the cast's universities, problems posted by an enterprise (pending review) or
 * the bureau (published), interests, introductions, contacts, agreements and centres.
 */
export function brokering(t: TestApp) {
  const f = fixtures(t);
  async function created(path: string, body: Record<string, unknown>, token: string = ADMIN_TOKEN) {
    const r = await t.call('POST', path, { body, token });
    expect(r.status, `${path}: ${JSON.stringify(r.body)}`).toBe(201);
    return r.body;
  }
  async function ok(method: string, path: string, body: Record<string, unknown>, token: string = ADMIN_TOKEN) {
    const r = await t.call(method, path, { body, token });
    expect(r.status, `${method} ${path}: ${JSON.stringify(r.body)}`).toBe(200);
    return r.body;
  }
  const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString();

  return {
    ok,
    daysAgo,
    liaison: (over: Record<string, unknown> = {}) =>
      created('/api/v1/liaisons', { side: 'bureau', name: `联络员${suffix()}`, phone: '0571-86000000', ...over }),
    /** Posted by the enterprise's user: pending review. */
    pendingProblem: (enterpriseToken: string, over: Record<string, unknown> = {}) =>
      f.problem('', { enterpriseId: undefined, ...over }, enterpriseToken),
    /** Posted by the bureau: published directly. */
    publishedProblem: (enterpriseId: string, over: Record<string, unknown> = {}) => f.problem(enterpriseId, over),
    approve: (problemId: string, comment = '内容完整，同意发布') =>
      ok('POST', `/api/v1/problems/${problemId}/review`, { decision: 'approve', comment }),
    interest: (problemId: string, labId: string, token: string, over: Record<string, unknown> = {}) =>
      created(
        '/api/v1/interests',
        { problemId, labId, note: '团队有注塑件视觉检测产线落地经验，可先做样件测试。', ...over },
        token,
      ),
    introduction: (problemId: string, labId: string, over: Record<string, unknown> = {}) =>
      created('/api/v1/introductions', { problemId, labId, source: 'manual', ...over }),
    introduced: (problemId: string, labId: string, over: Record<string, unknown> = {}) =>
      created('/api/v1/introductions', { problemId, labId, source: 'manual', introduce: true, ...over }),
    contact: (enterpriseId: string, over: Record<string, unknown> = {}) =>
      created('/api/v1/contacts', {
        kind: 'visit',
        occurredAt: daysAgo(1),
        enterpriseId,
        summary: '上门了解企业技术需求，现场查看产线。',
        ...over,
      }),
    agreement: (enterpriseId: string, universityId: string, over: Record<string, unknown> = {}) =>
      created('/api/v1/agreements', {
        title: `技术服务合同${suffix()}`,
        type: 'service',
        enterpriseId,
        universityId,
        amountWan: 20,
        signedOn: new Date().toISOString().slice(0, 10),
        ...over,
      }),
    centre: (enterpriseId: string, universityId: string, over: Record<string, unknown> = {}) =>
      created('/api/v1/centres', {
        name: `联合研发中心${suffix()}`,
        kind: 'rd_centre',
        enterpriseId,
        universityId,
        level: 'district',
        ...over,
      }),
  };
}
