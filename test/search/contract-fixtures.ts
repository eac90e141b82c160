/** Hand-written documents for the engine contract suite: small enough to count by hand, worded to exercise synonyms, typos and filters. */
import type { SearchDocument } from '../../src/search/port.js';

const DAY = 86_400;
const T0 = 1_780_000_000;
const NAMES: Record<string, string> = {
  electronic_info: '电子信息',
  biomed: '生物与新医药',
  aerospace: '航空航天',
  new_materials: '新材料',
  high_tech_services: '高技术服务',
  new_energy: '新能源与节能',
  resources_environment: '资源与环境',
  advanced_manufacturing: '先进制造与自动化',
  modern_agriculture: '现代农业',
};

interface P {
  domains: string[];
  stage?: string;
  visibility?: 'public' | 'bureau';
  enterprise?: string;
  budget?: number | null;
  deadline?: number | null;
  liaison?: string | null;
  keywords?: string[];
  industry?: string | null;
}

let seq = 0;
function problem(id: string, title: string, description: string, o: P): SearchDocument {
  seq++;
  return {
    id,
    title,
    description,
    keywords: o.keywords ?? [],
    domains: o.domains,
    domainNames: o.domains.map((d) => NAMES[d]!),
    stage: o.stage ?? 'open',
    visibility: o.visibility ?? 'public',
    enterpriseId: o.enterprise ?? 'ent-1',
    enterpriseIndustry: o.industry ?? null,
    liaisonId: o.liaison ?? null,
    budgetWan: o.budget ?? null,
    deadline: o.deadline ?? null,
    postedAt: T0 + seq * DAY,
    updatedAt: T0 + seq * DAY + 3600,
  };
}

export const PROBLEMS: SearchDocument[] = [
  problem(
    'p01',
    '锂离子电池极片涂布厚度不均',
    '动力锂离子电池产线的极片涂布厚度波动大，影响电芯一致性，希望优化涂布工艺。',
    {
      domains: ['new_energy'],
      enterprise: 'ent-1',
      budget: 50,
      deadline: T0 + 90 * DAY,
      liaison: 'u-1',
      keywords: ['极片涂布'],
    },
  ),
  problem(
    'p02',
    '电路板焊点缺陷的机器视觉检测',
    '印制电路板焊点虚焊、连锡靠人工目检，效率低，计划引入机器视觉缺陷检测系统。',
    {
      domains: ['electronic_info', 'advanced_manufacturing'],
      stage: 'matching',
      enterprise: 'ent-2',
      budget: 120,
      keywords: ['缺陷检测'],
    },
  ),
  problem('p03', 'PLC控制柜升级改造', '老旧产线采用PLC控制，程序维护困难，需要升级控制柜并接入数据采集。', {
    domains: ['advanced_manufacturing'],
    enterprise: 'ent-1',
    deadline: T0 + 30 * DAY,
  }),
  problem('p04', '可编程逻辑控制器程序优化', '包装机的可编程逻辑控制器程序节拍慢，希望优化运动控制逻辑。', {
    domains: ['advanced_manufacturing'],
    stage: 'contacted',
    enterprise: 'ent-3',
    budget: 30,
    liaison: 'u-2',
  }),
  problem('p05', 'AOI设备误报率高', '贴片线上的AOI设备误报率高，复判人工成本大，希望改进判定算法。', {
    domains: ['electronic_info'],
    visibility: 'bureau',
    enterprise: 'ent-2',
    budget: 80,
  }),
  problem('p06', '印染废水COD超标', '印染企业污水处理站出水COD超标，希望采用高级氧化或膜分离工艺提标改造。', {
    domains: ['resources_environment'],
    stage: 'negotiating',
    enterprise: 'ent-4',
    budget: 200,
    deadline: T0 + 180 * DAY,
    industry: '印染',
  }),
  problem(
    'p07',
    'Weld seam inspection with machine vision',
    'Our welding line needs machine vision inspection of weld seams; current manual inspection misses defects.',
    { domains: ['advanced_manufacturing'], enterprise: 'ent-5', budget: 60 },
  ),
  problem('p08', '工业机器人焊接轨迹规划', '工业机器人焊接复杂曲面工件时轨迹示教耗时，希望实现离线编程。', {
    domains: ['advanced_manufacturing'],
    stage: 'agreed',
    enterprise: 'ent-3',
    liaison: 'u-1',
  }),
  problem('p09', '储能电站热失控预警（专属保密）', '储能电站锂电池组热失控预警算法，专属保密项目，仅对科技局可见。', {
    domains: ['new_energy'],
    visibility: 'bureau',
    enterprise: 'ent-6',
    budget: 400,
  }),
  problem('p10', '草莓采后保鲜与冷链物流', '草莓采摘后保鲜期短，冷链物流损耗大，希望延长货架期。', {
    domains: ['modern_agriculture'],
    stage: 'solved',
    enterprise: 'ent-7',
    budget: 10,
  }),
  problem('p11', '植保无人机精准施药', '茶园植保无人机喷洒不均匀，希望提高施药精度并减少农药用量。', {
    domains: ['modern_agriculture', 'aerospace'],
    enterprise: 'ent-7',
    budget: 15,
    deadline: T0 + 60 * DAY,
  }),
  problem('p12', '碳纤维复合材料支架轻量化', '无人机支架采用铝合金偏重，希望改用碳纤维复合材料实现轻量化。', {
    domains: ['new_materials', 'aerospace'],
    stage: 'matching',
    enterprise: 'ent-8',
  }),
  problem('p13', '单克隆抗体纯化收率低', '单克隆抗体下游纯化工艺收率偏低，层析步骤损失大。', {
    domains: ['biomed'],
    enterprise: 'ent-9',
    budget: 300,
    deadline: T0 + 365 * DAY,
  }),
  problem('p14', 'MES系统与设备数据对接', '车间MES系统无法自动采集设备数据，报工依赖手工。', {
    domains: ['advanced_manufacturing', 'electronic_info'],
    stage: 'closed',
    enterprise: 'ent-1',
    liaison: 'u-3',
  }),
  problem(
    'p15',
    'Automated assembly of small motors',
    'We want automated assembly of micro motors with vision guided robots to replace manual work.',
    { domains: ['advanced_manufacturing'], enterprise: 'ent-10', budget: 90 },
  ),
  problem('p16', '测试 a" OR 1=1 标题', '含有引号 " 和反斜杠 \\ 的描述，用于检验查询转义。', {
    domains: ['high_tech_services'],
    enterprise: 'ent-11',
  }),
  problem('p17', '电池管理系统均衡策略（专属保密）', 'BMS均衡策略优化，专属保密项目。', {
    domains: ['new_energy'],
    visibility: 'bureau',
    enterprise: 'ent-1',
    budget: 70,
  }),
  problem('p18', '光伏组件表面清洗', '屋顶光伏组件积灰导致发电量下降，需要自动清洗方案。', {
    domains: ['new_energy'],
    enterprise: 'ent-12',
    budget: 45,
  }),
  problem('p19', '草莓大棚碳纤维支架', '草莓大棚需要耐腐蚀的碳纤维支架替代钢管。', {
    domains: ['modern_agriculture', 'new_materials'],
    enterprise: 'ent-7',
    budget: 25,
  }),
  problem('p20', '污水处理药剂投加优化', '市政污水处理厂药剂投加靠经验，希望实现智能加药控制。', {
    domains: ['resources_environment'],
    stage: 'matching',
    enterprise: 'ent-4',
    budget: 35,
    deadline: T0 + 45 * DAY,
  }),
];

interface L {
  domains: string[];
  university: string;
  kind?: 'university' | 'institute';
  city?: string | null;
  keywords?: string[];
}
function lab(id: string, name: string, summary: string, o: L): SearchDocument {
  seq++;
  return {
    id,
    name,
    summary,
    keywords: o.keywords ?? [],
    equipment: [],
    achievements: [],
    domains: o.domains,
    domainNames: o.domains.map((d) => NAMES[d]!),
    universityId: o.university,
    universityName: `${o.university}大学`,
    universityKind: o.kind ?? 'university',
    city: o.city === undefined ? '杭州' : o.city,
    leader: null,
    updatedAt: T0 + seq * DAY,
  };
}

export const LABS: SearchDocument[] = [
  lab('l01', '储能材料实验室', '研究储能材料、固态电解质与电池安全。', {
    domains: ['new_energy'],
    university: 'uni-a',
  }),
  lab('l02', '智能检测实验室', '机器视觉、深度学习与工业缺陷检测。', {
    domains: ['electronic_info'],
    university: 'uni-a',
    city: '宁波',
  }),
  lab('l03', '视觉感知研究所', '机器视觉三维测量与机器视觉引导装配。', {
    domains: ['electronic_info', 'advanced_manufacturing'],
    university: 'uni-b',
    kind: 'institute',
    city: null,
  }),
  lab('l04', '水处理技术团队', '工业废水处理、膜分离与高级氧化。', {
    domains: ['resources_environment'],
    university: 'uni-b',
    kind: 'institute',
  }),
  lab('l05', '农产品保鲜实验室', '果蔬采后保鲜、冷链物流与品质检测。', {
    domains: ['modern_agriculture'],
    university: 'uni-c',
    city: '温州',
  }),
  lab('l06', '复合材料研究中心', '碳纤维复合材料设计、成型与检测。', {
    domains: ['new_materials'],
    university: 'uni-c',
  }),
];

/** Unit vectors for the hybrid test: l01 points along x, the rest elsewhere. */
export const LAB_VECTORS = new Map<string, number[]>([
  ['l01', [1, 0, 0, 0]],
  ['l02', [0, 1, 0, 0]],
  ['l03', [0, 0, 1, 0]],
  ['l04', [0, 0, 0, 1]],
  ['l05', [0, 1, 0, 0]],
  ['l06', [0, 0, 1, 0]],
]);

export const HOSTILE = [
  'a" OR 1=1',
  "x' OR '1'='1",
  'OR',
  'open OR stage = closed',
  'back\\slash',
  '\\"',
  '"',
  '🙂🚀',
  '电池 OR 1=1',
  'NOT',
  'stage IN [open]',
  '',
  ' ',
  '%',
  '*',
  'null',
];
