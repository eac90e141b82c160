/**
 * The demo's half-year story (seeds/data/story.json): liaisons, problems under review (and one the
 * demo enterprise keeps as its draft), interests, introductions, contacts with follow-ups,
 * agreements with their registration, and co-built centres with a level upgrade. Each event is
 * replayed in date order through the module services — the same validation, audit, outbox and stage
 * history as real use — with the clock pinned to the event (`deps.now` and `ChangeContext.at`), so
 * reports, follow-ups and timelines carry honest dates.
 *
 * Dates in the file are written against its `anchor` day and moved by (today − anchor) days, so the
 * story always ends just before today, whenever the demo is loaded.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Actor } from '../src/auth/actor.js';
import { addDays, daysBetween, shanghaiToday } from '../src/domain/calendar.js';
import type { AppDeps } from '../src/deps.js';
import { agreementService } from '../src/modules/agreements/service.js';
import { CreateAgreement } from '../src/modules/agreements/schemas.js';
import { CreateCentre, UpgradeLevel } from '../src/modules/centres/schemas.js';
import { centreService } from '../src/modules/centres/service.js';
import { CreateContact } from '../src/modules/contacts/schemas.js';
import { contactService } from '../src/modules/contacts/service.js';
import { enterpriseService } from '../src/modules/enterprises/service.js';
import { CreateInterest } from '../src/modules/interests/schemas.js';
import { interestService } from '../src/modules/interests/service.js';
import { CreateIntroduction } from '../src/modules/introductions/schemas.js';
import { introductionService } from '../src/modules/introductions/service.js';
import { CreateLiaison } from '../src/modules/liaisons/schemas.js';
import { liaisonService } from '../src/modules/liaisons/service.js';
import { CreateProblem } from '../src/modules/problems/schemas.js';
import { problemService } from '../src/modules/problems/service.js';
import { reviewService } from '../src/modules/problems/review-service.js';
import type { ChangeContext } from '../src/db/changes.js';

const FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'data', 'story.json');
/** Fixed so that two loads of the demo tell the same story to the minute. */
const RANDOM_SEED = 20261130;

type Ev = Record<string, any> & { do: string; at: string };
interface StoryFile {
  anchor: string;
  bureau: string;
  /** The units whose demo users have a story of their own (see `storyDemoUnits`). */
  demo: { enterprise: string; university: string };
  liaisons: {
    side: 'bureau' | 'university' | 'enterprise';
    name: string;
    university?: string;
    enterprise?: string;
    [k: string]: unknown;
  }[];
  bureauLiaisonRota: string[];
  problems: (Record<string, any> & {
    enterprise: string;
    at: string;
    title: string;
    review?: { at: string; decision?: string; comment?: string; resubmit?: string }[];
  })[];
  events: Ev[];
}

export interface StorySummary {
  posted: number;
  /** Problems the story leaves as their enterprise's draft (never submitted). */
  drafts: number;
  interests: number;
  introductions: number;
  contacts: number;
  agreements: number;
  centres: number;
  skipped?: string;
}

const readStory = (): StoryFile => JSON.parse(readFileSync(FILE, 'utf8')) as StoryFile;

/** mulberry32: a small deterministic generator for the minutes of events the file dates by day only. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Moves the file's dates so that its anchor day is today (Asia/Shanghai). */
export function storyCalendar(now: Date, anchor = readStory().anchor) {
  const shift = daysBetween(anchor, shanghaiToday(now));
  const day = (date: string) => addDays(date, shift);
  return { shift, day, at: (date: string, time = '09:00') => new Date(`${day(date)}T${time}:00+08:00`) };
}

/**
 * The enterprise and the university the story gives a life of their own — an enterprise problem with
 * an accepted introduction, an agreement and a centre; a university's interests and introductions —
 * so the demo users bound to them see full pages. `createDemoUsers` binds the first of each by name,
 * which today are these two; a test holds them equal.
 */
export function storyDemoUnits(): { enterprise: string; university: string } {
  return readStory().demo;
}

const bureauActor = (name: string): Actor => ({
  userId: null,
  name,
  role: 'bureau',
  enterpriseId: null,
  universityId: null,
});

/**
 * The liaisons (bureau, universities, enterprises) and each enterprise's bureau liaison in turn,
 * a year before the anchor. Runs before the problems, which inherit their enterprise's liaison.
 */
export async function seedLiaisons(deps: AppDeps): Promise<number> {
  const story = readStory();
  const cal = storyCalendar(deps.now(), story.anchor);
  const at = cal.at(addDays(story.anchor, -365), '09:30');
  const pinned: AppDeps = { ...deps, now: () => at };
  const ctx: ChangeContext = { actor: bureauActor(story.bureau), at, requestId: 'seed-story' };
  const { db } = deps;
  const units = async (table: 'universities' | 'enterprises') =>
    new Map(
      (await db.selectFrom(table).select(['id', 'name']).where('deletedAt', 'is', null).execute()).map((r) => [
        r.name,
        r.id,
      ]),
    );
  const [universities, enterprises] = await Promise.all([units('universities'), units('enterprises')]);
  const liaisons = liaisonService(pinned);
  let created = 0;
  for (const { university, enterprise, ...l } of story.liaisons) {
    const exists = await db
      .selectFrom('liaisons')
      .select('id')
      .where('side', '=', l.side)
      .where('name', '=', l.name)
      .where('deletedAt', 'is', null)
      .executeTakeFirst();
    if (exists) continue;
    const universityId = university ? need(universities, university, 'university') : undefined;
    const enterpriseId = enterprise ? need(enterprises, enterprise, 'enterprise') : undefined;
    await liaisons.create(ctx, CreateLiaison.parse({ ...l, universityId, enterpriseId }));
    created++;
  }
  // Only on the first load: a later `npm run seed` leaves the bureau's own assignments alone.
  if (!created) return 0;
  const rota = await db
    .selectFrom('liaisons')
    .select(['id', 'name'])
    .where('side', '=', 'bureau')
    .where('name', 'in', story.bureauLiaisonRota)
    .where('deletedAt', 'is', null)
    .execute();
  const rotaIds = story.bureauLiaisonRota
    .map((n) => rota.find((r) => r.name === n)?.id)
    .filter((id): id is string => !!id);
  if (!rotaIds.length) return created;
  const unassigned = await db
    .selectFrom('enterprises')
    .select(['id', 'version'])
    .where('liaisonId', 'is', null)
    .where('deletedAt', 'is', null)
    .orderBy('creditCode')
    .execute();
  const svc = enterpriseService(pinned);
  for (const [i, e] of unassigned.entries())
    await svc.update(ctx, e.id, { version: e.version, from: 'body' }, { liaisonId: rotaIds[i % rotaIds.length] });
  return created;
}

function need<T>(map: Map<string, T>, key: string, what: string): T {
  const v = map.get(key);
  if (v === undefined) throw new Error(`seeds/data/story.json: unknown ${what} 「${key}」`);
  return v;
}

/**
 * Replays the story once: when any introduction exists the store has a brokering history already
 * and nothing is written.
 */
export async function playStory(deps: AppDeps): Promise<StorySummary> {
  const { db } = deps;
  const summary: StorySummary = {
    posted: 0,
    drafts: 0,
    interests: 0,
    introductions: 0,
    contacts: 0,
    agreements: 0,
    centres: 0,
  };
  if (await db.selectFrom('introductions').select('id').limit(1).executeTakeFirst())
    return { ...summary, skipped: '已有引荐记录，未重放演示故事' };
  const story = readStory();
  const cal = storyCalendar(deps.now(), story.anchor);
  const rand = random(RANDOM_SEED);

  // Names in the file → ids in the store.
  const universities = new Map(
    (await db.selectFrom('universities').select(['id', 'name']).where('deletedAt', 'is', null).execute()).map((r) => [
      r.name,
      r.id,
    ]),
  );
  const enterpriseRows = await db
    .selectFrom('enterprises')
    .select(['id', 'name', 'contactName'])
    .where('deletedAt', 'is', null)
    .execute();
  const enterprises = new Map(enterpriseRows.map((r) => [r.name, r.id]));
  const labRows = await db
    .selectFrom('labs')
    .select(['id', 'name', 'universityId'])
    .where('deletedAt', 'is', null)
    .execute();
  const labs = new Map(labRows.map((r) => [r.name, r]));
  const problems = new Map(
    (
      await db.selectFrom('problems').select(['id', 'title', 'enterpriseId']).where('deletedAt', 'is', null).execute()
    ).map((r) => [r.title, r]),
  );
  const liaisons = new Map(
    (
      await db
        .selectFrom('liaisons')
        .select(['id', 'name', 'side', 'universityId'])
        .where('deletedAt', 'is', null)
        .execute()
    ).map((r) => [r.name, r]),
  );
  const universityNames = new Map([...universities].map(([n, id]) => [id, n]));

  const bureau = bureauActor(story.bureau);
  const enterpriseActor = (enterpriseId: string): Actor => {
    const e = enterpriseRows.find((r) => r.id === enterpriseId)!;
    return {
      userId: null,
      name: e.contactName ?? `${e.name}用户`,
      role: 'enterprise',
      enterpriseId,
      universityId: null,
    };
  };
  /** The university's own liaison when the story names one, otherwise its liaison office. */
  const universityActor = (universityId: string, name?: string): Actor => {
    const own =
      name ?? [...liaisons.values()].find((l) => l.side === 'university' && l.universityId === universityId)?.name;
    return {
      userId: null,
      name: own ?? `${universityNames.get(universityId)}科研处`,
      role: 'university',
      enterpriseId: null,
      universityId,
    };
  };

  const problem = (title: string) => need(problems, title, 'problem');
  const lab = (name: string) => need(labs, name, 'lab');
  const agreements = new Map<
    string,
    { id: string; enterpriseId: string; universityId: string; labId: string | null }
  >();
  const centres = new Map<string, string>();
  const contacts = new Map<string, string>();
  const introductionOf = async (title: string, labName: string) => {
    const row = await db
      .selectFrom('introductions')
      .select('id')
      .where('problemId', '=', problem(title).id)
      .where('labId', '=', lab(labName).id)
      .orderBy('createdAt', 'desc')
      .executeTakeFirst();
    if (!row) throw new Error(`seeds/data/story.json: no introduction of 「${labName}」 to 「${title}」`);
    return row.id;
  };
  const version = async (table: 'problems' | 'agreements' | 'centres', id: string) => ({
    version: (await db.selectFrom(table).select('version').where('id', '=', id).executeTakeFirstOrThrow()).version,
    from: 'body' as const,
  });

  // Posted problems and their review steps join the events; the file's order breaks ties.
  const timeline: Ev[] = [...story.events];
  for (const p of story.problems) {
    timeline.push({ ...p, do: 'post' });
    for (const r of p.review ?? [])
      timeline.push(
        r.resubmit
          ? { do: 'resubmit', at: r.at, problem: p.title, comment: r.resubmit }
          : { do: 'review', at: r.at, problem: p.title, decision: r.decision, comment: r.comment },
      );
  }
  const two = (n: number) => String(n).padStart(2, '0');
  // Events dated by day only happen some time in office hours (09:00–16:50).
  const officeHour = () => `${two(9 + Math.floor(rand() * 8))}:${two(Math.floor(rand() * 6) * 10)}`;
  const when = (e: Ev) => (e.at.length > 10 ? cal.at(e.at.slice(0, 10), e.at.slice(11)) : cal.at(e.at, officeHour()));
  const dated = timeline
    .map((e, i) => ({ e, i, t: when(e) }))
    .sort((a, b) => a.t.getTime() - b.t.getTime() || a.i - b.i);

  for (const { e, t } of dated) {
    const pinned: AppDeps = { ...deps, now: () => t };
    const as = (actor: Actor): ChangeContext => ({ actor, at: t, requestId: 'seed-story' });
    const day = cal.day(e.at.slice(0, 10));
    try {
      await play(e, pinned, as, day);
    } catch (err) {
      const detail = JSON.stringify((err as { errors?: unknown }).errors ?? '');
      const message = err instanceof Error ? err.message : String(err);
      throw new Error(`seeds/data/story.json: 「${e.do}」 at ${e.at} failed: ${message} ${detail}`);
    }
  }
  return summary;

  async function play(e: Ev, pinned: AppDeps, as: (a: Actor) => ChangeContext, day: string) {
    switch (e.do) {
      case 'post': {
        const enterpriseId = need(enterprises, e.enterprise, 'enterprise');
        const input = CreateProblem.parse({
          title: e.title,
          description: e.description,
          domains: e.domains,
          keywords: e.keywords,
          budgetWan: e.budgetWan,
          visibility: e.visibility,
          draft: e.draft === true || undefined,
        });
        const view = await problemService(pinned).create(as(enterpriseActor(enterpriseId)), input);
        problems.set(view.title, { id: view.id, title: view.title, enterpriseId });
        summary[input.draft ? 'drafts' : 'posted']++;
        return;
      }
      case 'review':
        await reviewService(pinned).review(as(bureau), problem(e.problem).id, e.decision, e.comment ?? null);
        return;
      case 'resubmit': {
        const p = problem(e.problem);
        await reviewService(pinned).resubmit(as(enterpriseActor(p.enterpriseId)), p.id, e.comment ?? null);
        return;
      }
      case 'stage': {
        const p = problem(e.problem);
        const actor = e.by === 'enterprise' ? enterpriseActor(p.enterpriseId) : bureau;
        await problemService(pinned).update(as(actor), p.id, await version('problems', p.id), {
          stage: e.stage,
          stageReason: e.reason,
        });
        return;
      }
      case 'interest': {
        const l = lab(e.lab);
        const by = need(liaisons, e.by, 'liaison');
        if (by.universityId !== l.universityId)
          throw new Error(`${e.by} is not a liaison of the university of ${e.lab}`);
        await interestService(pinned).create(
          as(universityActor(l.universityId, by.name)),
          CreateInterest.parse({ problemId: problem(e.problem).id, labId: l.id, note: e.note }),
        );
        summary.interests++;
        return;
      }
      case 'withdrawInterest': {
        const l = lab(e.lab);
        const row = await db
          .selectFrom('interests')
          .select('id')
          .where('problemId', '=', problem(e.problem).id)
          .where('labId', '=', l.id)
          .where('status', '=', 'active')
          .executeTakeFirstOrThrow();
        await interestService(pinned).withdraw(
          as(universityActor(l.universityId)),
          row.id,
          e.reason ?? null,
          undefined,
        );
        return;
      }
      case 'shortlist':
      case 'introduce': {
        const p = problem(e.problem);
        const l = lab(e.lab);
        const svc = introductionService(pinned);
        const shortlisted = await db
          .selectFrom('introductions')
          .select('id')
          .where('problemId', '=', p.id)
          .where('labId', '=', l.id)
          .where('status', '=', 'shortlisted')
          .executeTakeFirst();
        if (shortlisted && e.do === 'introduce')
          return void (await svc.introduce(as(bureau), shortlisted.id, undefined));
        const input = CreateIntroduction.parse({
          problemId: p.id,
          labId: l.id,
          source: e.source ?? 'match',
          matchScore: e.score,
          note: e.note,
          introduce: e.do === 'introduce',
        });
        await svc.create(as(bureau), input);
        summary.introductions++;
        return;
      }
      case 'accept':
      case 'decline': {
        const p = problem(e.problem);
        const l = lab(e.lab);
        const id = await introductionOf(e.problem, e.lab);
        const actor = e.side === 'enterprise' ? enterpriseActor(p.enterpriseId) : universityActor(l.universityId);
        const svc = introductionService(pinned);
        await (e.do === 'accept'
          ? svc.accept(as(actor), id, undefined)
          : svc.decline(as(actor), id, e.reason, undefined));
        return;
      }
      case 'withdrawIntro':
        await introductionService(pinned).withdraw(
          as(bureau),
          await introductionOf(e.problem, e.lab),
          e.reason,
          undefined,
        );
        return;
      case 'contact': {
        const p = e.problem ? problem(e.problem) : undefined;
        const input = CreateContact.parse({
          kind: e.kind,
          occurredAt: pinned.now().toISOString(),
          enterpriseId: e.enterprise ? need(enterprises, e.enterprise, 'enterprise') : p!.enterpriseId,
          labId: e.lab ? lab(e.lab).id : undefined,
          problemId: p?.id,
          liaisonIds: (e.liaisons ?? []).map((n: string) => need(liaisons, n, 'liaison').id),
          participantNames: e.participants ?? [],
          summary: e.summary,
          outcome: e.outcome,
          nextStep: e.nextStep,
          followUpOn: e.followUpOn ? cal.day(e.followUpOn) : undefined,
        });
        const view = await contactService(pinned).create(as(bureau), input);
        if (e.key) contacts.set(e.key, view.id);
        summary.contacts++;
        return;
      }
      case 'followUpDone':
        await contactService(pinned).completeFollowUp(
          as(bureau),
          need(contacts, e.contact, 'contact'),
          e.note ?? null,
          undefined,
        );
        return;
      case 'agreement': {
        const l = lab(e.lab);
        const problemRows = (e.problems ?? []).map(problem);
        const enterpriseId = e.enterprise
          ? need(enterprises, e.enterprise, 'enterprise')
          : problemRows[0]!.enterpriseId;
        const input = CreateAgreement.parse({
          title: e.title,
          type: e.type,
          developmentMode: e.mode,
          enterpriseId,
          universityId: l.universityId,
          labId: l.id,
          problemIds: problemRows.map((r: { id: string }) => r.id),
          amountWan: e.amountWan,
          signedOn: day,
          startOn: e.startOn ? cal.day(e.startOn) : undefined,
          endOn: e.endOn ? cal.day(e.endOn) : undefined,
          summary: e.summary,
        });
        const view = await agreementService(pinned).create(as(bureau), input);
        agreements.set(e.key, { id: view.id, enterpriseId, universityId: l.universityId, labId: l.id });
        summary.agreements++;
        return;
      }
      case 'register':
      case 'agreementStatus': {
        const id = need(agreements, e.agreement, 'agreement').id;
        const patch =
          e.do === 'register'
            ? { registeredOn: day, registrationNo: e.no }
            : { status: e.status, ...(e.note ? { statusNote: e.note } : {}) };
        await agreementService(pinned).update(as(bureau), id, await version('agreements', id), patch);
        return;
      }
      case 'centre': {
        const a = need(agreements, e.agreement, 'agreement');
        const input = CreateCentre.parse({
          name: e.name,
          kind: e.kind,
          level: e.level,
          enterpriseId: a.enterpriseId,
          universityId: a.universityId,
          labId: a.labId,
          agreementId: a.id,
          plannedOn: day,
          summary: e.summary,
        });
        const view = await centreService(pinned).create(as(bureau), input);
        centres.set(e.key, view.id);
        summary.centres++;
        return;
      }
      case 'centreStatus': {
        const id = need(centres, e.centre, 'centre');
        await centreService(pinned).update(as(bureau), id, await version('centres', id), {
          status: e.status,
          statusOn: day,
          ...(e.note ? { statusNote: e.note } : {}),
        });
        return;
      }
      case 'upgrade': {
        const id = need(centres, e.centre, 'centre');
        const { version: _v, ...input } = UpgradeLevel.parse({
          level: e.level,
          effectiveOn: day,
          documentNo: e.documentNo,
          note: e.note,
        });
        await centreService(pinned).upgrade(as(bureau), id, input, undefined);
        return;
      }
      default:
        throw new Error(`unknown event kind ${e.do}`);
    }
  }
}
