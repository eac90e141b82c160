/**
 * 填报指标: figures the platform does not record, entered by the bureau per report period with
 * their source and date (专利, 项目资金, 全市高新技术企业总数, 孵化载体, 科普). Keys match the
 * narrative's placeholders; `decimals` 0 means a whole number.
 */
export const ENTERED_FIGURES = [
  { key: 'patents.applied', label: '专利申请量', unit: '件', decimals: 0 },
  { key: 'patents.granted', label: '专利授权量', unit: '件', decimals: 0 },
  { key: 'funds.wonWan', label: '争取各级科技项目资金', unit: '万元', decimals: 2 },
  { key: 'highTech.cityTotal', label: '全市有效高新技术企业总数', unit: '家', decimals: 0 },
  { key: 'incubators.count', label: '科技企业孵化器', unit: '家', decimals: 0 },
  { key: 'makerspaces.count', label: '众创空间', unit: '家', decimals: 0 },
  { key: 'incubators.enterprises', label: '在孵企业', unit: '家', decimals: 0 },
  { key: 'outreach.activities', label: '科普活动', unit: '场', decimals: 0 },
  { key: 'outreach.materials', label: '发放科普资料', unit: '份', decimals: 0 },
  { key: 'outreach.consultations', label: '科普咨询', unit: '人次', decimals: 0 },
] as const;

export type EnteredFigureKey = (typeof ENTERED_FIGURES)[number]['key'];
export const ENTERED_FIGURE_KEYS = ENTERED_FIGURES.map((f) => f.key) as [EnteredFigureKey, ...EnteredFigureKey[]];
export const enteredFigure = (key: string) => ENTERED_FIGURES.find((f) => f.key === key);

/** The largest value accepted (a sanity bound, not a rule of the trade). */
export const ENTERED_MAX = 1e9;
