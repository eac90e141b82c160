/**
 * Brokering records for the reports benchmark, generated on top of a loaded corpus and written
 * with bulk inserts (the API path is measured elsewhere): contacts (~1 per 2 problems, visits the
 * commonest), introductions, agreements (~5 % of problems, with amounts, types and universities),
 * a few hundred co-built centres with their level history, and certificates on enterprises, all
 * dated over the last two years so every half-year the reports compare has data. Deterministic
 * for a seed and a `now`.
 */
import { sql } from 'kysely';
import type { Store } from '../../src/db/database.js';
import type { AgreementType, CentreKind, CentreLevel, ContactKind, IntroductionStatus } from '../../src/db/tables.js';
import { shanghaiToday } from '../../src/domain/calendar.js';
import type { SearchDocument } from '../../src/search/port.js';
import { rng, type Rng } from './corpus.js';
import type { Loaded } from './load.js';
import { STAGES } from './vocabulary.js';

const DAY = 86_400;
const int = (r: Rng, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
const pick = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
/** Picks from [value, weight] pairs. */
function weighted<T>(r: Rng, pairs: readonly (readonly [T, number])[]): T {
  let x = r() * pairs.reduce((s, [, w]) => s + w, 0);
  for (const [v, w] of pairs) if ((x -= w) < 0) return v;
  return pairs.at(-1)![0];
}

const CONTACT_KINDS: [ContactKind, number][] = [
  ['visit', 40],
  ['meeting', 20],
  ['call', 25],
  ['online', 10],
  ['event', 5],
];
const AGREEMENT_TYPES: [AgreementType, number][] = [
  ['development', 45],
  ['service', 20],
  ['consulting', 15],
  ['transfer', 10],
  ['licence', 5],
  ['joint_platform', 5],
];
const CENTRE_KINDS: [CentreKind, number][] = [
  ['rd_centre', 60],
  ['engineering_centre', 25],
  ['key_lab', 15],
];
const LEVELS: CentreLevel[] = ['district', 'city', 'province', 'national'];
const CONTACT_SUMMARY = [
  '上门走访企业，了解「{t}」的具体需求',
  '组织企业与高校团队座谈，交流「{t}」技术方案',
  '电话回访企业，跟进「{t}」对接进展',
  '线上会议讨论「{t}」合作方式',
  '参加产学研对接活动，推介「{t}」',
];

export interface BrokeringCounts {
  contacts: number;
  visits: number;
  introductions: number;
  agreements: number;
  centres: number;
  centreHistory: number;
  highTech: number;
  techSme: number;
  loadMs: number;
}

async function inChunks<T, R = unknown>(rows: T[], size: number, write: (chunk: T[]) => Promise<R[]>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < rows.length; i += size) out.push(...(await write(rows.slice(i, i + size))));
  return out;
}

export async function loadBrokering(
  store: Store,
  corpus: { problems: SearchDocument[]; labs: SearchDocument[] },
  loaded: Loaded,
  now: Date,
  seed = 11,
): Promise<BrokeringCounts> {
  const t0 = performance.now();
  const { db } = store;
  const r = rng(seed);
  const nowS = Math.floor(now.getTime() / 1000);
  const windowStart = nowS - 730 * DAY;
  const today = shanghaiToday(now);
  const dayOf = (s: number) => shanghaiToday(new Date(s * 1000));
  /** A moment `lo`–`hi` days after `t`, kept between the window's start and now. */
  const after = (t: number, lo: number, hi: number) => {
    let s = t + int(r, lo, hi) * DAY + int(r, 8, 18) * 3600;
    if (s > nowS) s = t + Math.floor(r() * Math.max(0, nowS - t));
    return Math.max(s, windowStart + int(r, 0, 30) * DAY);
  };

  const labUniversity = corpus.labs.map((l) => loaded.universities.get(String(l.universityName))!);
  const labsByDomain = new Map<string, number[]>();
  corpus.labs.forEach((l, i) => {
    const d = (l.domains as string[])[0]!;
    if (!labsByDomain.has(d)) labsByDomain.set(d, []);
    labsByDomain.get(d)!.push(i);
  });
  const labFor = (p: SearchDocument) => pick(r, labsByDomain.get((p.domains as string[])[0]!) ?? [0]);

  type ContactRow = {
    kind: ContactKind;
    occurredAt: Date;
    enterpriseId: string;
    labId: string | null;
    problemId: string | null;
    liaisonIds: string[];
    participantNames: string[];
    summary: string;
    outcome: string | null;
    followUpOn: string | null;
  };
  const contacts: ContactRow[] = [];
  const introductions: {
    problemId: string;
    labId: string;
    universityId: string;
    source: 'match' | 'manual';
    matchScore: number | null;
    status: IntroductionStatus;
    introducedAt: Date | null;
    enterpriseResponse: 'accepted' | 'declined' | null;
    universityResponse: 'accepted' | 'declined' | null;
    declinedBy: 'enterprise' | null;
  }[] = [];
  type AgreementRow = {
    title: string;
    type: AgreementType;
    developmentMode: 'commissioned' | 'joint' | null;
    enterpriseId: string;
    universityId: string;
    labId: string;
    problemIds: string[];
    amountWan: number | null;
    signedOn: string;
    startOn: string;
    endOn: string;
    status: 'signed' | 'in_progress' | 'completed';
    registeredOn: string | null;
    registrationNo: string | null;
  };
  const agreements: AgreementRow[] = [];
  const agreementSigned: number[] = [];

  corpus.problems.forEach((p, i) => {
    const posted = Number(p.postedAt);
    // Problems posted before the two-year window were brokered before it: no records.
    if (posted < windowStart - 90 * DAY) return;
    const stage = STAGES.indexOf(String(p.stage));
    const problemId = loaded.problemIds[i]!;
    const enterpriseId = loaded.enterprises.get(String(p.enterpriseId))!;
    const title = String(p.title);
    const progressed = stage >= 2 && stage <= 5; // contacted … solved
    const lab = labFor(p);

    const nContacts = progressed ? 1 + (r() < 0.05 ? 1 : 0) : stage === 6 ? (r() < 0.3 ? 1 : 0) : r() < 0.05 ? 1 : 0;
    for (let k = 0; k < nContacts; k++) {
      const kind = weighted(r, CONTACT_KINDS);
      const at = after(posted, 3 + k * 30, 60 + k * 60);
      contacts.push({
        kind,
        occurredAt: new Date(at * 1000),
        enterpriseId,
        labId: r() < 0.6 ? loaded.labIds[lab]! : null,
        problemId,
        liaisonIds: [],
        participantNames: ['企业技术负责人', '科技局联络员'],
        summary: pick(r, CONTACT_SUMMARY).replace('{t}', title),
        outcome: r() < 0.5 ? '双方同意进一步交流' : null,
        followUpOn: r() < 0.3 ? dayOf(at + int(r, 7, 30) * DAY) : null,
      });
    }

    const nIntros = progressed ? 1 + (r() < 0.25 ? 1 : 0) : stage === 1 ? (r() < 0.3 ? 1 : 0) : 0;
    for (let k = 0; k < nIntros; k++) {
      const l = k === 0 ? lab : labFor(p);
      if (k > 0 && l === lab) continue; // one live introduction per problem and lab
      const status: IntroductionStatus =
        stage >= 3 && k === 0
          ? 'accepted'
          : weighted(r, [
              ['introduced', 50],
              ['accepted', 20],
              ['declined', 20],
              ['shortlisted', 10],
            ] as const);
      const match = r() < 0.7;
      introductions.push({
        problemId,
        labId: loaded.labIds[l]!,
        universityId: labUniversity[l]!,
        source: match ? 'match' : 'manual',
        matchScore: match ? Math.round((0.5 + r() * 0.5) * 1000) / 1000 : null,
        status,
        introducedAt: status === 'shortlisted' ? null : new Date(after(posted, 1, 45) * 1000),
        enterpriseResponse: status === 'accepted' ? 'accepted' : status === 'declined' ? 'declined' : null,
        universityResponse: status === 'accepted' ? 'accepted' : null,
        declinedBy: status === 'declined' ? 'enterprise' : null,
      });
    }

    // ~5 % of all problems: about a quarter of the agreed or solved ones in the window.
    if ((stage === 4 || stage === 5) && r() < 0.24) {
      const type = weighted(r, AGREEMENT_TYPES);
      const signed = after(posted, 30, 200);
      const signedOn = dayOf(signed);
      const registered = r() < 0.75 ? signed + int(r, 0, 45) * DAY : null;
      const registeredOn = registered !== null && dayOf(registered) <= today ? dayOf(registered) : null;
      agreementSigned.push(signed);
      agreements.push({
        title: `${title.replace(/需求|求助$/, '')}${type === 'development' ? '技术开发合同' : '合作协议'}`,
        type,
        developmentMode: type === 'development' ? (r() < 0.6 ? 'commissioned' : 'joint') : null,
        enterpriseId,
        universityId: labUniversity[lab]!,
        labId: loaded.labIds[lab]!,
        problemIds: [problemId],
        amountWan: r() < 0.95 ? Math.round(Math.exp(Math.log(3) + r() * Math.log(800 / 3)) * 100) / 100 : null,
        signedOn,
        startOn: signedOn,
        endOn: dayOf(signed + int(r, 180, 730) * DAY),
        status: stage === 5 ? 'completed' : r() < 0.7 ? 'in_progress' : 'signed',
        registeredOn,
        registrationNo: registeredOn
          ? `${registeredOn.slice(0, 4)}330100${String(agreements.length).padStart(6, '0')}`
          : null,
      });
    }
  });

  // Visits to enterprises with no problem attached (上门服务 of the liaison system).
  const enterpriseIds = [...loaded.enterprises.values()];
  for (let k = 0; k < Math.round(corpus.problems.length * 0.05); k++) {
    const at = windowStart + Math.floor(r() * (nowS - windowStart));
    contacts.push({
      kind: 'visit',
      occurredAt: new Date(at * 1000),
      enterpriseId: pick(r, enterpriseIds),
      labId: null,
      problemId: null,
      liaisonIds: [],
      participantNames: ['科技局联络员'],
      summary: '上门走访，宣讲科技政策并了解企业技术需求',
      outcome: null,
      followUpOn: null,
    });
  }

  // Written in the order they happened, as a live database holds them.
  contacts.sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
  introductions.sort((a, b) => (a.introducedAt?.getTime() ?? 0) - (b.introducedAt?.getTime() ?? 0));
  const order = agreements.map((_, i) => i).sort((a, b) => agreementSigned[a]! - agreementSigned[b]!);
  agreements.splice(0, agreements.length, ...order.map((i) => agreements[i]!));
  agreementSigned.splice(0, agreementSigned.length, ...order.map((i) => agreementSigned[i]!));
  await inChunks(contacts, 1000, (chunk) => db.insertInto('contacts').values(chunk).execute());
  await inChunks(introductions, 1000, (chunk) => db.insertInto('introductions').values(chunk).execute());
  const agreementIds = await inChunks(agreements, 1000, (chunk) =>
    db.insertInto('agreements').values(chunk).returning('id').execute(),
  );

  // A few hundred centres, grown out of agreements; some upgraded a level later.
  const centreCount = Math.min(agreements.length, Math.max(1, Math.round(corpus.problems.length * 0.003)));
  const chosen = new Set<number>();
  while (chosen.size < centreCount) chosen.add(int(r, 0, agreements.length - 1));
  type History = {
    kind: 'status' | 'level';
    fromValue: string | null;
    toValue: string;
    effectiveOn: string | null;
    at: Date;
  };
  const centres: {
    row: {
      name: string;
      kind: CentreKind;
      enterpriseId: string;
      universityId: string;
      labId: string;
      agreementId: string;
      level: CentreLevel;
      status: 'planned' | 'building' | 'operating';
      plannedOn: string;
      establishedOn: string | null;
    };
    history: History[];
  }[] = [];
  for (const a of chosen) {
    const ag = agreements[a]!;
    const est = agreementSigned[a]! + int(r, 30, 240) * DAY;
    const established = est <= nowS;
    const initial = weighted(r, [
      ['district', 70],
      ['city', 25],
      ['province', 5],
    ] as const);
    const history: History[] = [
      { kind: 'level', fromValue: null, toValue: initial, effectiveOn: null, at: new Date(agreementSigned[a]! * 1000) },
      {
        kind: 'status',
        fromValue: null,
        toValue: 'planned',
        effectiveOn: ag.signedOn,
        at: new Date(agreementSigned[a]! * 1000),
      },
    ];
    let level: CentreLevel = initial;
    if (established) {
      history.push({
        kind: 'status',
        fromValue: 'planned',
        toValue: 'operating',
        effectiveOn: dayOf(est),
        at: new Date(est * 1000),
      });
      const up = est + int(r, 90, 400) * DAY;
      if (r() < 0.25 && up <= nowS) {
        level = LEVELS[LEVELS.indexOf(initial) + 1]!;
        // Some upgrades were recorded without the document's date: the change's own time counts.
        history.push({
          kind: 'level',
          fromValue: initial,
          toValue: level,
          effectiveOn: r() < 0.9 ? dayOf(up) : null,
          at: new Date(up * 1000),
        });
      }
    }
    centres.push({
      row: {
        name: `${ag.title.slice(0, 12)}${pick(r, ['联合研发中心', '工程技术研究中心', '联合实验室'])}${centres.length + 1}`,
        kind: weighted(r, CENTRE_KINDS),
        enterpriseId: ag.enterpriseId,
        universityId: ag.universityId,
        labId: ag.labId,
        agreementId: agreementIds[a]!.id,
        level,
        status: established ? 'operating' : r() < 0.5 ? 'planned' : 'building',
        plannedOn: ag.signedOn,
        establishedOn: established ? dayOf(est) : null,
      },
      history,
    });
  }
  const centreIds = await inChunks(centres, 500, (chunk) =>
    db
      .insertInto('centres')
      .values(chunk.map((c) => c.row))
      .returning('id')
      .execute(),
  );
  const history = centres.flatMap((c, i) =>
    c.history.map((h) => ({ ...h, centreId: centreIds[i]!.id, actorName: '基准数据' })),
  );
  await inChunks(history, 1000, (chunk) => db.insertInto('centreHistory').values(chunk).execute());

  // Certificates: ~30 % high-tech (three-year certificates issued over the last four years), ~35 % tech SMEs.
  let highTech = 0;
  let techSme = 0;
  const certs = enterpriseIds.map((id, k) => {
    const from = r() < 0.3 ? nowS - int(r, 0, 4 * 365) * DAY : null;
    const sme = r() < 0.35;
    if (from !== null) highTech++;
    if (sme) techSme++;
    return {
      id,
      no: from === null ? null : `GR${dayOf(from).slice(0, 4)}33${String(k).padStart(6, '0')}`,
      from: from === null ? null : dayOf(from),
      to: from === null ? null : dayOf(from + (3 * 365 - 1) * DAY),
      sme: sme ? `${today.slice(0, 4)}3301${String(k).padStart(6, '0')}` : null,
    };
  });
  await inChunks(certs, 1000, async (chunk) => {
    const values = sql.join(
      chunk.map((c) => sql`(${c.id}::uuid, ${c.no}::text, ${c.from}::date, ${c.to}::date, ${c.sme}::text)`),
    );
    await sql`UPDATE enterprises AS e SET high_tech_cert_no = v.no, high_tech_cert_from = v.f, high_tech_cert_to = v.t, tech_sme_reg_no = v.sme
      FROM (VALUES ${values}) AS v(id, no, f, t, sme) WHERE e.id = v.id`.execute(db);
    return [];
  });

  return {
    contacts: contacts.length,
    visits: contacts.filter((c) => c.kind === 'visit').length,
    introductions: introductions.length,
    agreements: agreements.length,
    centres: centres.length,
    centreHistory: history.length,
    highTech,
    techSme,
    loadMs: performance.now() - t0,
  };
}
