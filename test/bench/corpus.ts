/**
 * Synthetic Chinese corpus for the benchmarks: problems and labs templated from the per-domain
 * vocabulary, with varied sentences (titles ~18 chars, bodies 200–400), colloquial wording and
 * realistic field distributions. Deterministic for a seed. Reused by the engine and HTTP benchmarks.
 */
import type { SearchDocument } from '../../src/search/port.js';
import {
  CITIES,
  COLLOQUIAL,
  DOMAIN_NAMES,
  STAGES,
  SURNAMES,
  UNIVERSITY_PREFIXES,
  VOCABULARY,
  type DomainVocabulary,
} from './vocabulary.js';

export const SCALES = {
  district: { problems: 5_000, labs: 10_000 },
  provincial: { problems: 100_000, labs: 150_000 },
} as const;
export type ScaleName = keyof typeof SCALES;

export type Rng = () => number;
/** mulberry32: small, fast, deterministic. */
export function rng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const pick = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const pickN = <T>(r: Rng, xs: readonly T[], n: number): T[] => {
  const out = new Set<T>();
  while (out.size < Math.min(n, xs.length)) out.add(pick(r, xs));
  return [...out];
};
const int = (r: Rng, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
/** Sometimes say it the way an enterprise would. */
const say = (r: Rng, term: string) => (COLLOQUIAL[term] && r() < 0.3 ? pick(r, COLLOQUIAL[term]!) : term);

const BACKGROUND = [
  '我司是一家专业从事{ind}的{kind}，年产值约{n}亿元，现有员工{m}人。',
  '企业成立于{year}年，主营{ind}相关产品，近年来订单增长较快。',
  '公司位于{city}，是当地{ind}行业的骨干企业，已通过高新技术企业认定。',
  '本企业长期为下游客户提供{ind}配套服务，产品销往全国二十多个省市。',
];
const PROBLEM = [
  '目前在{t1}环节存在{issue}的问题，严重影响交付和客户满意度。',
  '现有{t1}方案主要依靠人工经验，{issue}，难以满足规模化生产需要。',
  '随着产品升级，原有{t1}工艺出现{issue}等情况，急需技术突破。',
  '在推进{t1}与{t2}结合的过程中，遇到{issue}的技术瓶颈。',
  '我们尝试过引进国外{t1}设备，但价格昂贵且{issue}，售后响应也不及时。',
];
const DETAIL = [
  '具体表现为{t2}相关参数波动较大，批次之间差异明显。',
  '初步分析认为与{t2}和{t3}有关，但缺少系统的试验数据支撑。',
  '企业自有研发团队规模较小，在{t2}方面缺乏专业人才。',
  '现场已积累部分{t3}数据，可供合作方分析建模使用。',
  '产线目前采用{t3}方案，希望在不大幅改动现有设备的前提下完成升级。',
];
const TARGET = [
  '希望通过合作{goal}，并形成可推广的技术方案。',
  '期望在一年内{goal}，同时降低综合成本。',
  '技术指标要求：{goal}，并具备长期稳定运行能力。',
  '最终目标是{goal}，力争达到国内先进水平。',
];
const COOP = [
  '合作方式可采用技术开发、技术咨询或共建研发中心，费用面议。',
  '欢迎高校和科研院所团队来厂实地交流，可提供中试场地和样品。',
  '可接受联合申报科技项目，成果知识产权按约定共享。',
  '有意向的团队请联系企业技术负责人进一步对接。',
];
const LAB_INTRO = [
  '实验室长期从事{t1}、{t2}和{t3}方向的研究，',
  '团队围绕{t1}关键技术开展基础研究与工程应用，',
  '该平台依托{uni}{disc}学科建设，聚焦{t1}与{t2}交叉领域，',
];
const LAB_BODY = [
  '现有教授{n}名、副教授{k}名，博士研究生和硕士研究生五十余人。',
  '近五年承担国家自然科学基金、国家重点研发计划等项目{n}项，科研经费累计{m}千万元。',
  '在{t2}方面形成了从材料、工艺到装备的完整研究体系。',
  '与{ind}领域多家龙头企业建立了长期合作关系，开展{t3}技术攻关和成果转化。',
  '拥有{eq}等先进仪器设备，可为企业提供{t3}测试分析与技术咨询服务。',
  '团队开发的{t1}技术已在{city}等地的{ind}企业推广应用，解决了{issue}等难题。',
  '可面向企业开展{t2}工艺优化、{t3}系统集成和人才联合培养。',
];

function fill(r: Rng, tpl: string, v: DomainVocabulary, terms: string[], extra: Record<string, string> = {}): string {
  return tpl.replace(/\{(\w+)\}/g, (_, k: string) => {
    switch (k) {
      case 't1':
        return say(r, terms[0]!);
      case 't2':
        return say(r, terms[1] ?? terms[0]!);
      case 't3':
        return say(r, terms[2] ?? terms[0]!);
      case 'issue':
        return pick(r, v.issues);
      case 'goal':
        return pick(r, v.goals);
      case 'ind':
        return pick(r, v.industries);
      case 'eq':
        return pickN(r, v.equipment, 2).join('、');
      case 'city':
        return pick(r, CITIES);
      case 'kind':
        return pick(r, ['民营企业', '高新技术企业', '科技型中小企业', '专精特新企业']);
      case 'year':
        return String(int(r, 1995, 2020));
      case 'n':
        return String(int(r, 2, 30));
      case 'm':
        return String(int(r, 20, 900));
      case 'k':
        return String(int(r, 3, 40));
      default:
        return extra[k] ?? '';
    }
  });
}

/** Sentences from the pools in order until the text is 200–400 characters. */
function body(r: Rng, pools: string[][], v: DomainVocabulary, terms: string[], extra?: Record<string, string>): string {
  const target = int(r, 200, 400);
  let text = '';
  for (let round = 0; text.length < target && round < 6; round++)
    for (const pool of pools) {
      const s = fill(r, pick(r, pool), v, round ? pickN(r, [...terms, ...v.terms], 3) : terms, extra);
      if (text.length + s.length > 400 || (text.length >= target && round)) break;
      text += s;
    }
  return text;
}

function domainsFor(r: Rng): [DomainVocabulary, ...DomainVocabulary[]] {
  const main = pick(r, VOCABULARY);
  return r() < 0.25
    ? [
        main,
        pick(
          r,
          VOCABULARY.filter((d) => d !== main),
        ),
      ]
    : [main];
}

const TITLES = [
  '关于{t1}{issue}问题的技术求助',
  '基于{t1}的{t2}技术开发需求',
  '{ind}企业{t1}工艺优化与升级',
  '寻求{t1}与{t2}方向技术合作',
  '{t1}关键技术攻关及产业化',
  '{ind}{t1}智能化改造需求',
];
const NOW = 1_780_000_000;

export function makeProblem(r: Rng, i: number): SearchDocument {
  const ds = domainsFor(r);
  const v = ds[0];
  const terms = pickN(r, [...v.terms, ...(ds[1]?.terms.slice(0, 8) ?? [])], 3);
  const postedAt = NOW - int(r, 0, 3 * 365 * 86400);
  const hasBudget = r() < 0.7;
  return {
    id: `p${String(i).padStart(6, '0')}`,
    title: fill(r, pick(r, TITLES), v, terms).slice(0, 28),
    description: body(r, [BACKGROUND, PROBLEM, DETAIL, TARGET, COOP], v, terms),
    keywords: [...new Set([...terms, ...pickN(r, v.terms, int(r, 0, 2))])].slice(0, 5),
    domains: ds.map((d) => d.code),
    domainNames: ds.map((d) => d.name),
    stage: pick(r, STAGES),
    visibility: r() < 0.9 ? 'public' : 'bureau',
    enterpriseId: `e${String(int(r, 1, Math.max(50, Math.floor(i / 4)))).padStart(6, '0')}`,
    enterpriseIndustry: r() < 0.8 ? pick(r, v.industries) : null,
    liaisonId: r() < 0.5 ? `u${String(int(r, 1, 40)).padStart(4, '0')}` : null,
    budgetWan: hasBudget ? int(r, 1, 500) : null,
    deadline: r() < 0.6 ? postedAt + int(r, 30, 720) * 86400 : null,
    postedAt,
    updatedAt: postedAt + int(r, 0, 90) * 86400,
  };
}

const LAB_SUFFIX = ['实验室', '研究所', '工程技术研究中心', '创新团队', '重点实验室', '研究中心'];

export function makeLab(r: Rng, i: number): SearchDocument {
  const ds = domainsFor(r);
  const v = ds[0];
  const terms = pickN(r, [...v.terms, ...(ds[1]?.terms.slice(0, 8) ?? [])], 3);
  const uniIndex = int(r, 0, UNIVERSITY_PREFIXES.length - 1);
  const institute = uniIndex % 5 === 4;
  const uni = `${UNIVERSITY_PREFIXES[uniIndex]}${institute ? '研究院' : '大学'}`;
  const extra = {
    uni,
    disc: pick(r, [
      '材料科学与工程',
      '控制科学与工程',
      '计算机科学与技术',
      '化学工程',
      '生物医学工程',
      '环境科学',
      '农学',
      '机械工程',
    ]),
  };
  return {
    id: `l${String(i).padStart(6, '0')}`,
    name: `${uni}${terms[0]}${pick(r, LAB_SUFFIX)}`,
    summary: body(r, [LAB_INTRO, LAB_BODY, LAB_BODY, LAB_BODY], v, terms, extra),
    keywords: [...new Set([...terms, ...pickN(r, v.terms, int(r, 1, 3))])].slice(0, 6),
    equipment: pickN(r, v.equipment, int(r, 2, 5)),
    achievements: [
      `${terms[0]}关键技术研究获省科技进步${pick(r, ['一', '二', '三'])}等奖`,
      `授权${terms[1]}相关发明专利${int(r, 3, 40)}项`,
      ...(r() < 0.5 ? [`${pick(r, v.industries)}${terms[2]}成果在企业实现转化`] : []),
    ],
    domains: ds.map((d) => d.code),
    domainNames: ds.map((d) => d.name),
    universityId: `uni${String(uniIndex).padStart(3, '0')}`,
    universityName: uni,
    universityKind: institute ? 'institute' : 'university',
    city: r() < 0.9 ? pick(r, CITIES) : null,
    leader: r() < 0.8 ? `${pick(r, SURNAMES)}${pick(r, ['明', '华', '强', '伟', '芳', '军', '磊', '静'])}` : null,
    updatedAt: NOW - int(r, 0, 2 * 365 * 86400),
  };
}

export function generate(scale: ScaleName | { problems: number; labs: number }, seed = 42) {
  const s = typeof scale === 'string' ? SCALES[scale] : scale;
  const r = rng(seed);
  const problems = Array.from({ length: s.problems }, (_, i) => makeProblem(r, i + 1));
  const labs = Array.from({ length: s.labs }, (_, i) => makeLab(r, i + 1));
  return { problems, labs };
}

/** 2–4-word user queries: a technical (or colloquial) term, sometimes a second term, a pain point or an industry. */
export function userQueries(n: number, seed = 7): string[] {
  const r = rng(seed);
  return Array.from({ length: n }, () => {
    const v = pick(r, VOCABULARY);
    const words = [say(r, pick(r, v.terms))];
    const more = int(r, 1, 3);
    for (let k = 0; k < more; k++)
      words.push(pick(r, [pick(r, v.terms), pick(r, v.issues), pick(r, v.industries), pick(r, v.equipment)]));
    return words.join(' ');
  });
}

/** What matching sends for a problem: its keywords, the vocabulary terms of its text and a few of its phrases (~10–20 terms). */
export function matchQuery(problem: SearchDocument): string {
  const text = `${problem.title}${problem.description}`;
  const found = VOCABULARY.flatMap((v) => [...v.terms, ...v.issues, ...v.industries, ...v.equipment]).filter((t) =>
    text.includes(t),
  );
  const industry = typeof problem.enterpriseIndustry === 'string' ? [problem.enterpriseIndustry] : [];
  const kws = (problem.keywords as string[]) ?? [];
  const names = (problem.domainNames as string[]) ?? [];
  return [...new Set([...kws, ...found, ...industry, ...names])].slice(0, 20).join(' ');
}

export { DOMAIN_NAMES };
