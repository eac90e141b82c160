/**
 * Problem-writing help (需求撰写提示): pure rules that point out what a technical problem's text
 * still lacks before review — length, target figures, the current state and constraints, budget,
 * deadline, and technical domains that disagree with the text (a keyword → domain lexicon).
 */
import { DOMAIN_NAMES, type DomainCode } from './taxonomy.js';

export type HintCode =
  'too_short' | 'no_target_figures' | 'no_current_state' | 'no_budget' | 'no_deadline' | 'domain_mismatch';

export interface Hint {
  code: HintCode;
  /** The field the hint is about, so a form can show it there. */
  field: 'description' | 'budgetWan' | 'deadline' | 'domains';
  message: string;
}

export interface ProblemText {
  title: string;
  description: string;
  domains: readonly string[];
  keywords?: readonly string[] | null;
  budgetWan?: number | null;
  deadline?: string | null;
}

/** Fewer characters than this (whitespace not counted) reads as a vague need. */
export const MIN_DESCRIPTION_CHARS = 80;

/** Words that mark a domain; a text that names two or more of one domain's words (or one long, specific one) leans to it. */
export const DOMAIN_LEXICON: Record<DomainCode, readonly string[]> = {
  electronic_info: [
    '软件',
    '芯片',
    '集成电路',
    '半导体',
    '通信',
    '5G',
    '物联网',
    '传感器',
    '嵌入式',
    '算法',
    '人工智能',
    '大数据',
    '云计算',
    '信息安全',
    '网络安全',
    '数据库',
    '图像识别',
    '深度学习',
    '电路',
    '射频',
    '天线',
    '操作系统',
    '区块链',
  ],
  biomed: [
    '药物',
    '制剂',
    '抗体',
    '疫苗',
    '细胞',
    '基因',
    '蛋白',
    '医疗器械',
    '诊断',
    '临床',
    '中药',
    '发酵',
    '酶',
    '生物制品',
    '原料药',
    '纯化',
    '病毒',
    '微生物',
    '医用',
    '试剂',
  ],
  aerospace: ['航空', '航天', '飞行器', '无人机', '卫星', '发动机叶片', '机载', '火箭', '航电', '空天'],
  new_materials: [
    '材料',
    '合金',
    '复合材料',
    '陶瓷',
    '高分子',
    '涂层',
    '薄膜',
    '纳米',
    '石墨烯',
    '树脂',
    '纤维',
    '改性',
    '粉末冶金',
    '稀土',
    '磁性材料',
    '胶粘剂',
  ],
  high_tech_services: [
    '检验检测',
    '认证',
    '知识产权',
    '技术咨询',
    '工业设计',
    '研发设计',
    '电子商务',
    '物流',
    '标准化',
    '成果转化',
    '信息技术服务',
  ],
  new_energy: [
    '储能',
    '电池',
    '锂电',
    '光伏',
    '氢能',
    '燃料电池',
    '风电',
    '节能',
    '余热',
    '热管理',
    '充电',
    '逆变器',
    '能耗',
    '新能源',
  ],
  resources_environment: [
    '污水',
    '废水',
    '废气',
    '固废',
    '危废',
    '脱硫',
    '脱硝',
    'VOCs',
    '污染',
    '环保',
    '环境监测',
    '土壤修复',
    '回收利用',
    '资源化',
    '减排',
    '碳排放',
    '噪声',
  ],
  advanced_manufacturing: [
    '机床',
    '数控',
    '机器人',
    '自动化',
    '生产线',
    'PLC',
    '焊接',
    '注塑',
    '模具',
    '机器视觉',
    '装配',
    '加工',
    '伺服',
    '减速器',
    '工业控制',
    '检测设备',
    '智能制造',
    '铸造',
    '冲压',
    '轴承',
  ],
  modern_agriculture: [
    '农业',
    '种植',
    '养殖',
    '育种',
    '农作物',
    '果蔬',
    '畜禽',
    '水产',
    '农机',
    '保鲜',
    '灌溉',
    '病虫害',
    '饲料',
    '种子',
    '茶叶',
    '大棚',
  ],
};

const DIGIT = /[0-9０-９]/;
/** A Chinese numeral with a unit of measure (not a count word: 一套、一个 are no targets). */
const CHINESE_QUANTITY =
  /[一二两三四五六七八九十百千万半]\s*(?:%|％|倍|成|小时|分钟|秒|天|周|个月|年|吨|米|毫米|微米|纳米|公里|公斤|千克|克|度|℃|元)/;
const CURRENT_STATE = [
  '现有',
  '目前',
  '现状',
  '当前',
  '现阶段',
  '现行',
  '原有',
  '已有',
  '现采用',
  '约束',
  '要求',
  '限制',
  '条件',
  '瓶颈',
  '不能超过',
  '不得',
  '必须',
  '需满足',
];
const BUDGET_WORDS = ['预算', '经费', '万元', '投入'];
const DEADLINE_WORDS = ['期限', '周期', '截止', '月内', '年内', '年底', '之前完成', '前完成', '完成时间', '交付时间'];

const includesAny = (text: string, words: readonly string[]) => words.some((w) => text.includes(w));
const charCount = (s: string) => s.replace(/\s/g, '').length;

/** The domains the text leans to, strongest first: a domain counts when at least two of its words occur, or one of four or more characters. */
export function inferDomains(text: string): DomainCode[] {
  const lower = text.toLowerCase();
  const scores = (Object.entries(DOMAIN_LEXICON) as [DomainCode, readonly string[]][])
    .map(([code, words]) => {
      const hits = words.filter((w) => lower.includes(w.toLowerCase()));
      const score = hits.length + (hits.some((w) => w.length >= 4) ? 1 : 0);
      return { code, score };
    })
    .filter((s) => s.score >= 2)
    .sort((a, b) => b.score - a.score);
  return scores.map((s) => s.code);
}

const names = (codes: readonly string[]) => codes.map((c) => DOMAIN_NAMES[c as DomainCode] ?? c).join('、');

/** The hints for a problem as written; an empty list means nothing obvious is missing. */
export function problemHints(p: ProblemText): Hint[] {
  const text = `${p.title}\n${p.description}`;
  const hints: Hint[] = [];
  const length = charCount(p.description);
  if (length < MIN_DESCRIPTION_CHARS) {
    hints.push({
      code: 'too_short',
      field: 'description',
      message: `描述仅 ${length} 字，建议不少于 ${MIN_DESCRIPTION_CHARS} 字：说明应用场景、要解决的具体问题和期望达到的效果。`,
    });
  }
  if (!DIGIT.test(text) && !CHINESE_QUANTITY.test(text)) {
    hints.push({
      code: 'no_target_figures',
      field: 'description',
      message: '未写明量化指标：请给出目标数值（如精度、良率、产能、成本、能耗）及单位，便于高校判断能否做到。',
    });
  }
  if (!includesAny(text, CURRENT_STATE)) {
    hints.push({
      code: 'no_current_state',
      field: 'description',
      message: '未说明现状与约束：请写明目前采用的工艺或方案、存在的问题，以及场地、成本、标准等限制条件。',
    });
  }
  if ((p.budgetWan === null || p.budgetWan === undefined) && !includesAny(text, BUDGET_WORDS)) {
    hints.push({
      code: 'no_budget',
      field: 'budgetWan',
      message: '未填写预算：给出大致经费范围（万元）有助于匹配合适的团队。',
    });
  }
  if (!p.deadline && !includesAny(text, DEADLINE_WORDS)) {
    hints.push({ code: 'no_deadline', field: 'deadline', message: '未填写期望完成时间：请给出截止日期或项目周期。' });
  }
  const inferred = inferDomains(`${text}\n${(p.keywords ?? []).join(' ')}`);
  if (inferred.length && !p.domains.some((d) => inferred.includes(d as DomainCode))) {
    hints.push({
      code: 'domain_mismatch',
      field: 'domains',
      message: `所选技术领域（${names(p.domains)}）与描述不一致，描述更接近：${names(inferred.slice(0, 2))}。请核对技术领域。`,
    });
  }
  return hints;
}
