/**
 * 工作总结统计: the rules that turn one period's records into figures. Each figure keeps the records
 * behind it, so every number can be traced (`?detail=`).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/tables.js';
import { shanghaiDayStart, addDays, shanghaiToday } from '../../domain/calendar.js';
import { DOMAINS } from '../../domain/taxonomy.js';
import { AGREEMENT_TYPE_LABELS, AGREEMENT_TYPES } from '../../domain/agreements.js';
import { CENTRE_KIND_LABELS, CENTRE_KINDS, CENTRE_LEVEL_LABELS, CENTRE_LEVELS } from '../../domain/centres.js';
import { CONTACT_KIND_LABELS, CONTACT_KINDS } from '../../domain/contacts.js';
import { STAGES } from '../../domain/stages.js';
import * as repo from './repository.js';

export const SECTIONS = [
  { key: 'problems', label: '技术难题征集' },
  { key: 'service', label: '对接服务' },
  { key: 'agreements', label: '校企合作协议' },
  { key: 'centres', label: '共建研发中心' },
  { key: 'enterprises', label: '高新技术企业与科技型中小企业' },
] as const;
export type SectionKey = (typeof SECTIONS)[number]['key'];

export interface DetailItem {
  id: string;
  name: string;
  note?: string;
}

export interface Figure {
  key: string;
  section: SectionKey;
  label: string;
  unit: string;
  value: number;
  /** false for a stock known only as of today (no date recorded), which has no previous period. */
  periodBound: boolean;
  items: DetailItem[];
}

export const bounds = (from: string, to: string): repo.PeriodBounds => ({
  from,
  to,
  start: shanghaiDayStart(from),
  end: shanghaiDayStart(addDays(to, 1)),
});

const distinct = (items: DetailItem[]) => [...new Map(items.map((i) => [i.id, i])).values()];

/**
 * Every figure of one period, in a fixed order with fixed keys (breakdowns list every code, zeros
 * included). For the summary (`detail` absent) the large tables — problems, contacts, introductions,
 * enterprises — are counted in the database and their figures carry no records; for `?detail=`
 * every figure is counted from its records, which it then lists. Agreements and centres, a few
 * thousand at most, are always read as records.
 */
export async function computeFigures(
  db: Kysely<Database>,
  from: string,
  to: string,
  now: Date,
  detail?: string,
): Promise<Figure[]> {
  const p = bounds(from, to);
  const withProblems = detail?.startsWith('problems.') ?? false;
  const listed = detail !== undefined;
  const [problems, counts, posters, contacts, intros, agreements, established, upgrades, certified, tally] =
    await Promise.all([
      withProblems ? repo.problemsPosted(db, p) : undefined,
      withProblems ? undefined : repo.problemCounts(db, p),
      listed ? repo.problemEnterprises(db, p) : [],
      listed ? repo.contactsOccurred(db, p) : [],
      listed ? repo.introductionsMade(db, p) : [],
      repo.agreementsSigned(db, p),
      repo.centresEstablished(db, p),
      repo.centreUpgrades(db, p),
      listed ? repo.certifiedEnterprises(db) : [],
      listed ? undefined : repo.serviceCounts(db, p),
    ]);
  const out: Figure[] = [];
  /** `value` is the database's count when the summary did not read the records, else the records' number. */
  const add = (
    section: SectionKey,
    key: string,
    label: string,
    unit: string,
    items: DetailItem[],
    value?: number,
    periodBound = true,
  ) => out.push({ key, section, label, unit, value: value ?? items.length, periodBound, items });

  const problemItems = (problems ?? []).map((r) => ({
    id: r.id,
    name: r.title,
    note: r.enterpriseName,
    domains: r.domains,
    stage: r.stage,
  }));
  const strip = ({ id, name, note }: DetailItem): DetailItem => ({ id, name, ...(note ? { note } : {}) });
  const counted = (rows: { n: number }[] | undefined, items: DetailItem[]) =>
    rows ? rows.reduce((sum, r) => sum + r.n, 0) : items.length;
  const all = problemItems.map(strip);
  add('problems', 'problems.collected', '征集技术难题', '项', all, counted(counts?.byStage, all));
  for (const d of DOMAINS) {
    const items = problemItems.filter((i) => i.domains.includes(d.code)).map(strip);
    add(
      'problems',
      `problems.domain.${d.code}`,
      `技术难题·${d.name}`,
      '项',
      items,
      counted(
        counts?.byDomain.filter((r) => r.domain === d.code),
        items,
      ),
    );
  }
  for (const s of STAGES) {
    const items = problemItems.filter((i) => i.stage === s.code).map(strip);
    add(
      'problems',
      `problems.stage.${s.code}`,
      `技术难题·期末${s.label}`,
      '项',
      items,
      counted(
        counts?.byStage.filter((r) => r.stage === s.code),
        items,
      ),
    );
  }

  const served = distinct([...posters, ...contacts].map((r) => ({ id: r.enterpriseId, name: r.enterpriseName })));
  add('service', 'enterprises.served', '服务企业', '家', served, tally?.served);
  const contactItems = contacts.map((r) => ({ id: r.id, name: r.summary, note: r.enterpriseName, kind: r.kind }));
  const contactsOf = (kind: (typeof CONTACT_KINDS)[number]) => tally && (tally.contactsByKind.get(kind) ?? 0);
  add(
    'service',
    'contacts.total',
    '对接活动',
    '次',
    contactItems.map(strip),
    tally && [...tally.contactsByKind.values()].reduce((a, b) => a + b, 0),
  );
  for (const k of CONTACT_KINDS)
    add(
      'service',
      k === 'visit' ? 'contacts.visits' : `contacts.kind.${k}`,
      `对接活动·${CONTACT_KIND_LABELS[k]}`,
      '次',
      contactItems.filter((i) => i.kind === k).map(strip),
      contactsOf(k),
    );
  add(
    'service',
    'introductions.made',
    '推荐引荐',
    '次',
    intros.map((r) => ({ id: r.id, name: r.problemTitle, note: r.labName })),
    tally?.introductions,
  );

  const agreementItems = agreements.map((r) => ({
    id: r.id,
    name: r.title,
    note: `${r.enterpriseName}—${r.universityName}`,
  }));
  add('agreements', 'agreements.signed', '签订校企合作协议', '项', agreementItems);
  const amount = Math.round(agreements.reduce((sum, r) => sum + (r.amountWan ?? 0), 0) * 100) / 100;
  add(
    'agreements',
    'agreements.amountWan',
    '协议金额',
    '万元',
    agreementItems.filter((_, i) => agreements[i]!.amountWan !== null),
    amount,
  );
  for (const t of AGREEMENT_TYPES)
    add(
      'agreements',
      `agreements.type.${t}`,
      `合作协议·${AGREEMENT_TYPE_LABELS[t]}`,
      '项',
      agreementItems.filter((_, i) => agreements[i]!.type === t),
    );
  add(
    'agreements',
    'agreements.universities',
    '签约高校/院所',
    '所',
    distinct(agreements.map((r) => ({ id: r.universityId, name: r.universityName }))),
  );
  add(
    'agreements',
    'agreements.enterprises',
    '签约企业',
    '家',
    distinct(agreements.map((r) => ({ id: r.enterpriseId, name: r.enterpriseName }))),
  );
  // 技术合同认定登记 within 30 days of signing (the database's registration_due_on).
  add(
    'agreements',
    'agreements.registeredOnTime',
    '按期认定登记的协议',
    '项',
    agreementItems.filter(
      (_, i) =>
        agreements[i]!.registeredOn !== null && agreements[i]!.registeredOn! <= agreements[i]!.registrationDueOn,
    ),
  );

  const centreItem = (r: { id: string; name: string; enterpriseName: string }) => ({
    id: r.id,
    name: r.name,
    note: r.enterpriseName,
  });
  add('centres', 'centres.established', '新建共建研发中心', '个', established.map(centreItem));
  add('centres', 'centres.upgraded', '升级共建研发中心', '个', distinct(upgrades.map(centreItem)));
  // Kind and level breakdowns cover the centres built or upgraded in the period, at their level now.
  const touched = [...new Map([...established, ...upgrades].map((r) => [r.id, r])).values()];
  for (const k of CENTRE_KINDS)
    add(
      'centres',
      `centres.kind.${k}`,
      `新建或升级·${CENTRE_KIND_LABELS[k]}`,
      '个',
      touched.filter((r) => r.kind === k).map(centreItem),
    );
  for (const l of CENTRE_LEVELS)
    add(
      'centres',
      `centres.level.${l}`,
      `新建或升级·${CENTRE_LEVEL_LABELS[l]}`,
      '个',
      touched.filter((r) => r.level === l).map(centreItem),
    );
  add(
    'centres',
    'centres.enterprises',
    '共建研发中心的企业',
    '家',
    distinct(touched.map((r) => ({ id: r.enterpriseId, name: r.enterpriseName }))),
  );

  const ent = (r: (typeof certified)[number]) => ({
    id: r.id,
    name: r.name,
    ...(r.highTechCertNo ? { note: r.highTechCertNo } : {}),
  });
  const ht = certified.filter((r) => r.highTechCertFrom);
  add(
    'enterprises',
    'highTech.certified',
    '期末有效高新技术企业',
    '家',
    ht.filter((r) => r.highTechCertFrom! <= to && (!r.highTechCertTo || r.highTechCertTo >= to)).map(ent),
    tally?.highTechCertified,
  );
  add(
    'enterprises',
    'highTech.newlyCertified',
    '新认定高新技术企业',
    '家',
    ht.filter((r) => r.highTechCertFrom! >= from && r.highTechCertFrom! <= to).map(ent),
    tally?.highTechNew,
  );
  add(
    'enterprises',
    'highTech.expiring',
    '期内到期高新技术企业',
    '家',
    ht.filter((r) => r.highTechCertTo && r.highTechCertTo >= from && r.highTechCertTo <= to).map(ent),
    tally?.highTechExpiring,
  );
  // No registration date is recorded: the stock as of today, whatever the period.
  const sme = certified.filter((r) => r.techSmeRegNo).map((r) => ({ id: r.id, name: r.name, note: r.techSmeRegNo! }));
  add(
    'enterprises',
    'techSme.registered',
    `入库科技型中小企业（截至${shanghaiToday(now)}）`,
    '家',
    sme,
    tally?.techSme,
    false,
  );
  return out;
}
