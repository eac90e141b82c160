/**
 * 技术领域: the eight fields of 《国家重点支持的高新技术领域》 (2016) with their first-level
 * sub-fields, plus 现代农业. Codes are the API's; names are what people read.
 */
export const DOMAINS = [
  {
    code: 'electronic_info',
    name: '电子信息',
    subfields: [
      '软件',
      '微电子技术',
      '计算机产品及其网络应用技术',
      '通信技术',
      '广播影视技术',
      '新型电子元器件',
      '信息安全技术',
      '智能交通和轨道交通技术',
    ],
  },
  {
    code: 'biomed',
    name: '生物与新医药',
    subfields: [
      '医药生物技术',
      '中药、天然药物',
      '化学药研发技术',
      '药物新剂型与制剂创制技术',
      '医疗仪器、设备与医学专用软件',
      '轻工和化工生物技术',
      '农业生物技术',
    ],
  },
  { code: 'aerospace', name: '航空航天', subfields: ['航空技术', '航天技术'] },
  {
    code: 'new_materials',
    name: '新材料',
    subfields: [
      '金属材料',
      '无机非金属材料',
      '高分子材料',
      '生物医用材料',
      '精细和专用化学品',
      '与文化艺术产业相关的新材料',
    ],
  },
  {
    code: 'high_tech_services',
    name: '高技术服务',
    subfields: [
      '研发与设计服务',
      '检验检测认证与标准服务',
      '信息技术服务',
      '高技术专业化服务',
      '知识产权与成果转化服务',
      '电子商务与现代物流技术',
      '城市管理与社会服务',
      '文化创意产业支撑技术',
    ],
  },
  {
    code: 'new_energy',
    name: '新能源与节能',
    subfields: ['可再生清洁能源', '核能及氢能', '新型高效能量转换与储存技术', '高效节能技术'],
  },
  {
    code: 'resources_environment',
    name: '资源与环境',
    subfields: [
      '水污染控制与水资源利用技术',
      '大气污染控制技术',
      '固体废弃物处置与综合利用技术',
      '物理性污染防治技术',
      '环境监测及环境事故应急处理技术',
      '生态环境建设与保护技术',
      '清洁生产技术',
      '资源勘查、高效开采与综合利用技术',
    ],
  },
  {
    code: 'advanced_manufacturing',
    name: '先进制造与自动化',
    subfields: [
      '工业生产过程控制系统',
      '安全生产技术',
      '高性能、智能化仪器仪表',
      '先进制造工艺与装备',
      '新型机械',
      '电力系统与设备',
      '汽车及轨道车辆相关技术',
      '高技术船舶与海洋工程装备设计制造技术',
      '传统文化产业改造技术',
    ],
  },
  { code: 'modern_agriculture', name: '现代农业', subfields: [] as string[] },
] as const;

export const DOMAIN_CODES = DOMAINS.map((d) => d.code) as [DomainCode, ...DomainCode[]];
export type DomainCode = (typeof DOMAINS)[number]['code'];
// Without a prototype, so looking up a code nobody checked ('__proto__', 'constructor' from a form) finds nothing.
export const DOMAIN_NAMES = Object.assign(
  Object.create(null) as Record<DomainCode, string>,
  Object.fromEntries(DOMAINS.map((d) => [d.code, d.name])),
);
