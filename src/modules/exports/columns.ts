/** 列表导出: the Chinese column headers of each exportable list and how a list item fills them. */
import { DOMAIN_NAMES, type DomainCode } from '../../domain/taxonomy.js';
import type { AgreementView } from '../agreements/schemas.js';
import type { CentreView } from '../centres/schemas.js';
import type { ContactView } from '../contacts/schemas.js';
import type { EnterpriseView } from '../enterprises/schemas.js';
import type { LabView } from '../labs/schemas.js';
import type { PipelineItemView } from '../pipeline/schemas.js';
import type { ProblemView } from '../problems/schemas.js';
import type { Cell } from '../../http/files.js';

type Columns<T> = readonly (readonly [header: string, cell: (item: T) => Cell])[];

const domains = (codes: string[]) => codes.map((c) => DOMAIN_NAMES[c as DomainCode] ?? c).join('、');
const join = (list: string[]) => list.join('、');

const problems: Columns<ProblemView> = [
  ['编号', (p) => p.id],
  ['难题名称', (p) => p.title],
  ['企业', (p) => p.enterprise?.name ?? (p.enterpriseWithheld ? '（已隐去）' : null)],
  ['技术领域', (p) => domains(p.domains)],
  ['关键词', (p) => join(p.keywords)],
  ['预算（万元）', (p) => p.budgetWan],
  ['期望解决日期', (p) => p.deadline],
  ['阶段', (p) => p.stageLabel],
  ['审核状态', (p) => p.reviewStatusLabel],
  ['发布时间', (p) => p.postedAt],
  ['难题描述', (p) => p.description],
];

const labs: Columns<LabView> = [
  ['编号', (l) => l.id],
  ['名称', (l) => l.name],
  ['高校/院所', (l) => l.university.name],
  ['负责人', (l) => l.leader],
  ['技术领域', (l) => domains(l.domains)],
  ['关键词', (l) => join(l.keywords)],
  ['简介', (l) => l.summary],
  ['联系人', (l) => l.contactName],
  ['联系电话', (l) => l.contactPhone],
];

const enterprises: Columns<EnterpriseView> = [
  ['编号', (e) => e.id],
  ['企业名称', (e) => e.name],
  ['统一社会信用代码', (e) => e.creditCode],
  ['所属行业', (e) => e.industry],
  ['地址', (e) => e.address],
  ['高新技术企业证书编号', (e) => e.highTechCertNo],
  ['证书有效期起', (e) => e.highTechCertFrom],
  ['证书有效期至', (e) => e.highTechCertTo],
  ['科技型中小企业入库编号', (e) => e.techSmeRegNo],
  ['联系人', (e) => e.contactName],
  ['联系电话', (e) => e.contactPhone],
  ['技术难题数', (e) => e.problemCount],
];

const contacts: Columns<ContactView> = [
  ['编号', (c) => c.id],
  ['对接方式', (c) => c.kindLabel],
  ['时间', (c) => c.occurredAt],
  ['企业', (c) => c.enterprise.name],
  ['高校/院所', (c) => c.lab?.university.name ?? null],
  ['实验室/团队', (c) => c.lab?.name ?? null],
  ['技术难题', (c) => c.problem?.title ?? null],
  ['联络员', (c) => join(c.liaisons.map((l) => l.name))],
  ['对接内容', (c) => c.summary],
  ['成效', (c) => c.outcome],
  ['下一步', (c) => c.nextStep],
  ['跟进日期', (c) => c.followUpOn],
  ['跟进状态', (c) => c.followUpStateLabel],
];

const agreements: Columns<AgreementView> = [
  ['编号', (a) => a.id],
  ['协议名称', (a) => a.title],
  ['类型', (a) => a.typeLabel],
  ['企业', (a) => a.enterprise.name],
  ['高校/院所', (a) => a.university.name],
  ['实验室/团队', (a) => a.lab?.name ?? null],
  ['金额（万元）', (a) => a.amountWan],
  ['签订日期', (a) => a.signedOn],
  ['状态', (a) => a.statusLabel],
  ['认定登记', (a) => a.registration.stateLabel],
  ['登记日期', (a) => a.registration.registeredOn],
  ['登记编号', (a) => a.registration.registrationNo],
];

const centres: Columns<CentreView> = [
  ['编号', (c) => c.id],
  ['名称', (c) => c.name],
  ['类型', (c) => c.kindLabel],
  ['级别', (c) => c.levelLabel],
  ['状态', (c) => c.statusLabel],
  ['企业', (c) => c.enterprise.name],
  ['高校/院所', (c) => c.university.name],
  ['实验室/团队', (c) => c.lab?.name ?? null],
  ['筹建日期', (c) => c.plannedOn],
  ['建成日期', (c) => c.establishedOn],
  ['认定日期', (c) => c.recognizedOn],
];

const pipeline: Columns<PipelineItemView> = [
  ['编号', (p) => p.problem.id],
  ['技术难题', (p) => p.problem.title],
  ['企业', (p) => p.problem.enterprise.name],
  ['阶段', (p) => p.stageLabel],
  ['审核状态', (p) => p.reviewStatusLabel],
  ['负责联络员', (p) => p.liaison?.name ?? null],
  ['最近动态', (p) => p.lastActivityLabel],
  ['最近动态时间', (p) => p.lastActivityAt],
  ['距今天数', (p) => p.daysSinceActivity],
];

export const LIST_COLUMNS = { problems, labs, enterprises, contacts, agreements, centres, pipeline };
export type ExportList = keyof typeof LIST_COLUMNS;

export const LIST_TITLES: Record<ExportList, string> = {
  problems: '技术难题',
  labs: '实验室团队',
  enterprises: '企业',
  contacts: '对接记录',
  agreements: '校企合作协议',
  centres: '共建研发中心',
  pipeline: '撮合进度',
};

/** One item as a row of cells, in header order. */
export const toRow = <T>(columns: Columns<T>, item: T): Cell[] => columns.map(([, cell]) => cell(item) ?? null);
export const headersOf = <T>(columns: Columns<T>) => columns.map(([h]) => h);
