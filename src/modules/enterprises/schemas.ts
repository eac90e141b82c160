/** 企业: request and response schemas. */
import { z } from '@hono/zod-openapi';
import { CREDIT_CODE_MESSAGES, creditCodeProblem } from '../../domain/credit-code.js';
import { Email, optionalText, Phone, queryText, safeString, text } from '../../http/common-fields.js';
import { DateString, listOf, Meta, PageQuery, sortParam, VersionField } from '../../http/schemas.js';

export const EnterpriseScale = z.enum(['micro', 'small', 'medium', 'large'], {
  message: 'scale 须为 micro（微型）、small（小型）、medium（中型）或 large（大型）',
});

const CreditCode = safeString('统一社会信用代码')
  .trim()
  .toUpperCase()
  .superRefine((v, ctx) => {
    const problem = creditCodeProblem(v);
    if (problem) ctx.addIssue({ code: 'custom', message: CREDIT_CODE_MESSAGES[problem] });
  })
  .openapi({ description: '统一社会信用代码（18 位，校验校验位；小写自动转大写）', example: '91330100799655058B' });

const fields = {
  name: text(200, '企业名称'),
  creditCode: CreditCode.nullish(),
  industry: optionalText(100, '所属行业'),
  address: optionalText(200, '地址'),
  scale: EnterpriseScale.nullish(),
  foundedOn: DateString.nullish().openapi({ description: '成立日期' }),
  employees: z
    .number({ message: '职工人数须为整数' })
    .int('职工人数须为整数')
    .min(0, '职工人数不能为负')
    .max(10_000_000, '职工人数过大')
    .nullish(),
  revenueWan: z
    .number({ message: '营业收入须为数字' })
    .min(0, '营业收入不能为负')
    .max(1e13, '营业收入过大')
    .nullish()
    .openapi({ description: '上年度营业收入（万元）' }),
  highTechCertNo: safeString('高新技术企业证书编号')
    .trim()
    .toUpperCase()
    .regex(/^GR\d{12}$/, '高新技术企业证书编号格式应为 GR 加 12 位数字')
    .nullish(),
  highTechCertFrom: DateString.nullish().openapi({ description: '高新技术企业证书发证日期' }),
  highTechCertTo: DateString.nullish().openapi({ description: '高新技术企业证书有效期至' }),
  techSmeRegNo: optionalText(40, '科技型中小企业入库登记编号'),
  contactName: optionalText(50, '联系人'),
  contactTitle: optionalText(50, '联系人职务'),
  contactPhone: Phone.nullish(),
  contactEmail: Email.nullish(),
  description: optionalText(2000, '企业简介'),
  liaisonId: z
    .uuid({ message: '须为合法的 UUID' })
    .nullish()
    .openapi({ description: '区科技局联络员（仅科技局可设置）' }),
};

export const CreateEnterprise = z.strictObject(fields).openapi('CreateEnterprise', {
  example: {
    name: '杭州云帆精密机械有限公司',
    creditCode: '91330100799655058B',
    industry: '通用设备制造业',
    scale: 'small',
    contactName: '张经理',
    contactPhone: '13800000000',
  },
});

export const UpdateEnterprise = z
  .strictObject({ ...fields, version: VersionField })
  .partial()
  .openapi('UpdateEnterprise');

export const Enterprise = z
  .object({
    ...Meta,
    name: z.string(),
    creditCode: z.string().nullable(),
    industry: z.string().nullable(),
    address: z.string().nullable(),
    scale: EnterpriseScale.nullable(),
    foundedOn: z.string().nullable(),
    employees: z.number().int().nullable(),
    revenueWan: z.number().nullable(),
    highTechCertNo: z.string().nullable(),
    highTechCertFrom: z.string().nullable(),
    highTechCertTo: z.string().nullable(),
    techSmeRegNo: z.string().nullable(),
    contactName: z.string().nullable(),
    contactTitle: z.string().nullable(),
    contactPhone: z.string().nullable(),
    contactEmail: z.string().nullable(),
    description: z.string().nullable(),
    liaisonId: z.string().nullable(),
    highTech: z
      .object({
        certified: z.boolean().openapi({ description: '今日（北京时间）在高新技术企业证书有效期内' }),
        expiresOn: z.string().nullable().openapi({ description: '证书有效期至' }),
      })
      .openapi({ description: '高新技术企业认定' }),
    techSme: z.boolean().openapi({ description: '已入库科技型中小企业' }),
    problemCount: z.number().int().openapi({ description: '在册技术难题数' }),
  })
  .openapi('Enterprise');

export const EnterpriseList = listOf(Enterprise, 'EnterpriseList');

export const ENTERPRISE_SORTS = ['name', 'createdAt', 'updatedAt'] as const;

const BoolQuery = z.enum(['true', 'false'], { message: '须为 true 或 false' }).optional();

export const ListEnterprisesQuery = PageQuery.extend({
  q: queryText(100, '关键词').openapi({ description: '名称包含' }),
  industry: queryText(100, '行业'),
  scale: EnterpriseScale.optional(),
  highTech: BoolQuery.openapi({ description: 'true：当前为有效期内的高新技术企业' }),
  techSme: BoolQuery.openapi({ description: 'true：已入库科技型中小企业' }),
  liaisonId: z.uuid({ message: '须为合法的 UUID' }).optional(),
  sort: sortParam(ENTERPRISE_SORTS, 'name'),
});

export type CreateEnterpriseInput = z.infer<typeof CreateEnterprise>;
export type UpdateEnterpriseInput = z.infer<typeof UpdateEnterprise>;
export type ListEnterprisesInput = z.infer<typeof ListEnterprisesQuery>;
export type EnterpriseView = z.infer<typeof Enterprise>;
