/**
 * 工作总结草稿的模板（数据，不含逻辑）。占位符：
 * {n:key} 数值加单位，未知指标写作“（暂无数据）”；{change:key} 与上期比较；
 * {list:prefix} 该前缀下非零的分项（如“先进制造与自动化3项、新材料1项”）；{period} 期间名称。
 * 平台不记录的指标（专利、项目资金、全市高新技术企业总数、孵化载体、科普）由局方按期填报（entered.ts），
 * 占全市比重由期末有效高新技术企业数与填报的全市总数算出；未填报的，草稿如实写“（暂无数据）”。
 */
export const TITLE = '{period}区科技局产学研工作总结（草稿）';

export const PARAGRAPHS: readonly string[] = [
  '一、技术难题征集。报告期内，共征集企业技术难题{n:problems.collected}{change:problems.collected}，涉及{list:problems.domain}。截至期末，其中已对接{n:problems.stage.contacted}、洽谈中{n:problems.stage.negotiating}、已签约{n:problems.stage.agreed}、已解决{n:problems.stage.solved}。',
  '二、对接服务。报告期内，共开展产学研对接活动{n:contacts.total}{change:contacts.total}，其中上门服务{n:contacts.visits}，服务企业{n:enterprises.served}；向企业推荐引荐高校院所实验室{n:introductions.made}。',
  '三、校企合作。{n:agreements.universities}高校院所与我区{n:agreements.enterprises}企业签订校企合作协议{n:agreements.signed}{change:agreements.signed}，协议金额{n:agreements.amountWan}，其中{list:agreements.type}；按期完成技术合同认定登记{n:agreements.registeredOnTime}。',
  '四、平台建设。新建校企共建研发中心{n:centres.established}、升级{n:centres.upgraded}，涉及企业{n:centres.enterprises}，其中工程技术研究中心{n:centres.kind.engineering_centre}；按级别分，{list:centres.level}。',
  '五、企业培育。期末有效高新技术企业{n:highTech.certified}，占全市比重{n:highTech.cityShare}；报告期内新认定{n:highTech.newlyCertified}，证书到期{n:highTech.expiring}。目前入库科技型中小企业{n:techSme.registered}。争取各级科技项目资金{n:funds.wonWan}，专利申请{n:patents.applied}、授权{n:patents.granted}。',
  '六、孵化载体与科普。全区现有科技企业孵化器{n:incubators.count}、众创空间{n:makerspaces.count}，在孵企业{n:incubators.enterprises}。报告期内，开展科普活动{n:outreach.activities}，发放科普资料{n:outreach.materials}，提供科普咨询{n:outreach.consultations}。',
];

/**
 * A section with nothing in the period reads as a person would write it (not "0项，其中暂无"):
 * paragraph index → the figures that must all be 0, and the sentence used instead.
 */
export const EMPTY_SECTIONS: Readonly<Record<number, { when: readonly string[]; text: string }>> = {
  0: { when: ['problems.collected'], text: '一、技术难题征集。报告期内暂未征集企业技术难题。' },
  1: { when: ['contacts.total', 'introductions.made'], text: '二、对接服务。报告期内暂未开展产学研对接活动。' },
  2: { when: ['agreements.signed'], text: '三、校企合作。本期暂未签订校企合作协议。' },
  3: { when: ['centres.established', 'centres.upgraded'], text: '四、平台建设。本期暂未新建或升级校企共建研发中心。' },
};

/**
 * How the period is named in the title: halves and years by name; other whole months as
 * "2026年7月—9月" (or "2025年11月—2026年2月", one month "2026年7月"); anything else by its dates.
 */
export const PERIOD_NAMES = {
  firstHalf: '{year}年上半年',
  secondHalf: '{year}年下半年',
  year: '{year}年度',
  month: '{year}年{month}月',
  months: '{year}年{fromMonth}月—{toMonth}月',
  monthsAcrossYears: '{year}年{fromMonth}月—{toYear}年{toMonth}月',
  other: '{from}至{to}',
} as const;

export const WORDS = {
  unknown: '（暂无数据）',
  none: '暂无',
  up: '，较上期增长{pct}%',
  down: '，较上期下降{pct}%',
  flat: '，与上期持平',
  fromZero: '（上期为0）',
  listSeparator: '、',
} as const;

/**
 * 润色（可选，配置了对话模型时）：系统提示词，用户消息为单个段落原文。模型只改措辞；
 * 数字是否被改动由 polish-check.ts 逐段核对，不靠模型自觉。
 */
export const POLISH_PROMPT = [
  '你是区科技局的公文写作助手。用户会给出工作总结中的一个段落，请只润色措辞，使其通顺、规范，符合政府工作总结的文风。',
  '要求：',
  '1. 不得增加、删除或改动任何数字、百分数和单位；数字一律保持阿拉伯数字原样，不要改写成中文数字（如不要把“3项”写成“三项”），也不要加入原文没有的数量说法（如“一批”“多家”“两成”）。',
  '2. 原文中的“（暂无数据）”必须原样保留。',
  '3. 保留段首序号（如“一、”）和原有的指标名称，不得添加原文没有的事实、评价或结论。',
  '4. 只输出润色后的段落正文，不要加引号、标题、解释或其他说明。',
].join('\n');
