/**
 * Loads the demo dataset in seeds/data/ through the real HTTP app (same validation, audit and
 * outbox as any client), idempotently: a record whose natural key exists is left alone
 * (university name; lab name within its university; enterprise credit code; problem title within
 * its enterprise). Problems keep their historical posting dates, so reports have a past.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from '../src/app.js';
import type { Store } from '../src/db/database.js';
import type { AppDeps } from '../src/deps.js';
import { shanghaiToday } from '../src/domain/calendar.js';
import { ACTIVATION_PATH } from '../src/modules/accounts/activation.js';
import { accountService } from '../src/modules/accounts/service.js';
import { playStory, seedLiaisons, storyCalendar, type StorySummary } from './story.js';

const DATA_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'data');
const read = <T>(file: string): T[] => JSON.parse(readFileSync(path.join(DATA_DIR, file), 'utf8')) as T[];

interface SeedUniversity {
  name: string;
  [k: string]: unknown;
}
interface SeedLab {
  universityName: string;
  name: string;
  [k: string]: unknown;
}
interface SeedEnterprise {
  name: string;
  creditCode: string;
  [k: string]: unknown;
}
interface SeedProblem {
  enterpriseCreditCode: string;
  title: string;
  postedAt: string;
  [k: string]: unknown;
}

/** Keeps a demo deadline in the future however late the demo is loaded: whole years are added. */
function futureDate(deadline: string | undefined, today: string): string | undefined {
  if (!deadline) return undefined;
  let [y, rest] = [Number(deadline.slice(0, 4)), deadline.slice(4)];
  while (`${y}${rest}` <= today) y++;
  return `${y}${rest}`;
}

export interface SeedSummary {
  universities: { created: number; existing: number };
  labs: { created: number; existing: number };
  enterprises: { created: number; existing: number };
  problems: { created: number; existing: number };
  liaisons: { created: number };
  story: StorySummary;
}

/** Seeds an empty embedded database by default; PostgreSQL only when SEED_DEMO=true. */
export async function shouldSeedAtStart(store: Store, config: { SEED_DEMO?: 'true' | 'false' }): Promise<boolean> {
  if (config.SEED_DEMO === 'false') return false;
  if (config.SEED_DEMO !== 'true' && store.mode !== 'pglite') return false;
  const any = await store.db.selectFrom('universities').select('id').limit(1).executeTakeFirst();
  return !any;
}

/** The real app with a one-off bureau token, so seeding goes through the same doors as any client. */
function seedingApp(deps: AppDeps) {
  const token = `seed_${randomBytes(24).toString('base64url')}`;
  return { token, app: createApp({ ...deps, config: { ...deps.config, adminToken: token } }) };
}

export async function loadSeeds(deps: AppDeps): Promise<SeedSummary> {
  const { db } = deps;
  const { token, app } = seedingApp(deps);
  const post = async (p: string, body: unknown): Promise<{ id: string }> => {
    const res = await app.request(`/api/v1${p}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const json = (await res.json()) as { id: string; detail?: string };
    if (res.status !== 201)
      throw new Error(
        `seed ${p} failed (${res.status}): ${json.detail ?? JSON.stringify(json)} — ${JSON.stringify(body).slice(0, 200)}`,
      );
    return json;
  };
  const summary: Omit<SeedSummary, 'story'> = {
    universities: { created: 0, existing: 0 },
    labs: { created: 0, existing: 0 },
    enterprises: { created: 0, existing: 0 },
    problems: { created: 0, existing: 0 },
    liaisons: { created: 0 },
  };

  const universityIds = new Map<string, string>();
  for (const u of read<SeedUniversity>('universities.json')) {
    const found = await db
      .selectFrom('universities')
      .select('id')
      .where('name', '=', u.name)
      .where('deletedAt', 'is', null)
      .executeTakeFirst();
    universityIds.set(u.name, found?.id ?? (await post('/universities', u)).id);
    summary.universities[found ? 'existing' : 'created']++;
  }

  for (const { universityName, ...lab } of read<SeedLab>('labs.json')) {
    const universityId = universityIds.get(universityName);
    if (!universityId) throw new Error(`seeds/data/labs.json: unknown university ${universityName}`);
    const found = await db
      .selectFrom('labs')
      .select('id')
      .where('universityId', '=', universityId)
      .where('name', '=', lab.name)
      .where('deletedAt', 'is', null)
      .executeTakeFirst();
    if (!found) await post('/labs', { ...lab, universityId });
    summary.labs[found ? 'existing' : 'created']++;
  }

  const enterpriseIds = new Map<string, string>();
  for (const e of read<SeedEnterprise>('enterprises.json')) {
    const found = await db
      .selectFrom('enterprises')
      .select('id')
      .where('creditCode', '=', e.creditCode)
      .where('deletedAt', 'is', null)
      .executeTakeFirst();
    enterpriseIds.set(e.creditCode, found?.id ?? (await post('/enterprises', e)).id);
    summary.enterprises[found ? 'existing' : 'created']++;
  }

  // Before the problems, which inherit their enterprise's bureau liaison.
  summary.liaisons.created = await seedLiaisons(deps);
  const calendar = storyCalendar(deps.now());

  for (const { enterpriseCreditCode, postedAt, ...problem } of read<SeedProblem>('problems.json')) {
    const enterpriseId = enterpriseIds.get(enterpriseCreditCode);
    if (!enterpriseId) throw new Error(`seeds/data/problems.json: unknown enterprise ${enterpriseCreditCode}`);
    const found = await db
      .selectFrom('problems')
      .select('id')
      .where('enterpriseId', '=', enterpriseId)
      .where('title', '=', problem.title)
      .where('deletedAt', 'is', null)
      .executeTakeFirst();
    if (found) {
      summary.problems.existing++;
      continue;
    }
    const deadline = futureDate(problem.deadline as string | undefined, shanghaiToday(deps.now()));
    const { id } = await post('/problems', { ...problem, deadline, enterpriseId });
    // The demo's history: a problem posted months ago carries that date (seed-only backdating),
    // moved like the story's dates so that the demo always ends just before today.
    const at = calendar.at(postedAt);
    await db.updateTable('problems').set({ postedAt: at, createdAt: at }).where('id', '=', id).execute();
    await db.updateTable('problemStageHistory').set({ at }).where('problemId', '=', id).execute();
    summary.problems.created++;
  }
  return { ...summary, story: await playStory(deps) };
}

/** A demo user: signs in on the pages with `loginName` and `password`, calls the API with `token`. */
export interface DemoAccount {
  name: string;
  role: string;
  loginName: string;
  password: string;
  token: string;
  enterprise?: string;
  university?: string;
}

/**
 * Demo users, one per role, so a newcomer can sign in as each: created through the API like any
 * user (token and activation link), then activated with a login name and a random password.
 * Shown once: the caller saves and prints them.
 */
export async function createDemoUsers(deps: AppDeps): Promise<DemoAccount[]> {
  const { db } = deps;
  const { token, app } = seedingApp(deps);
  const accounts = accountService(deps);
  const enterprise = await db
    .selectFrom('enterprises')
    .select(['id', 'name'])
    .where('deletedAt', 'is', null)
    .orderBy('name')
    .limit(1)
    .executeTakeFirst();
  const university = await db
    .selectFrom('universities')
    .select(['id', 'name'])
    .where('deletedAt', 'is', null)
    .orderBy('name')
    .limit(1)
    .executeTakeFirst();
  const wanted = [
    { name: '演示·区科技局科员', role: 'bureau', loginName: 'demo-bureau' },
    ...(enterprise
      ? [{ name: '演示·企业用户', role: 'enterprise', enterpriseId: enterprise.id, loginName: 'demo-enterprise' }]
      : []),
    ...(university
      ? [{ name: '演示·高校联络员', role: 'university', universityId: university.id, loginName: 'demo-university' }]
      : []),
  ];
  const out: DemoAccount[] = [];
  for (const { loginName, ...body } of wanted) {
    const res = await app.request('/api/v1/users', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const json = (await res.json()) as { token: string; activationUrl: string };
    if (res.status !== 201) throw new Error(`demo user failed: ${JSON.stringify(json)}`);
    const password = `demo-${randomBytes(6).toString('base64url')}`;
    const link = new URL(json.activationUrl).pathname.slice(ACTIVATION_PATH.length);
    const refused = await accounts.activate(link, { loginName, password }, { ip: null, userAgent: 'seeds' });
    if (refused) throw new Error(`demo account ${loginName} failed: ${JSON.stringify(refused)}`);
    out.push({
      name: body.name,
      role: body.role,
      loginName,
      password,
      token: json.token,
      ...(body.role === 'enterprise' ? { enterprise: enterprise?.name } : {}),
      ...(body.role === 'university' ? { university: university?.name } : {}),
    });
  }
  return out;
}
