/** 企业导入: keyed by 统一社会信用代码, checked by the API's own schema and certificate-date rule. */
import type { Enterprise } from '../../../db/tables.js';
import { randomUUID } from 'node:crypto';
import { insertRecords } from '../../../db/records.js';
import { CreateEnterprise } from '../../enterprises/schemas.js';
import { certDatesProblem } from '../../../domain/certificates.js';
import { choice, code, date, integer, number, text } from '../cells.js';
import { type ImportTarget, lookupByColumn } from '../target.js';

const SCALES = {
  micro: ['微型', '微型企业'],
  small: ['小型', '小型企业'],
  medium: ['中型', '中型企业'],
  large: ['大型', '大型企业'],
} as const;

const columns = [
  { field: 'name', headers: ['企业名称', '单位名称', '名称'], parse: text, required: true },
  { field: 'creditCode', headers: ['统一社会信用代码', '信用代码', '社会信用代码'], parse: code, required: true },
  { field: 'industry', headers: ['所属行业', '行业'], parse: text },
  { field: 'address', headers: ['地址', '通讯地址', '注册地址'], parse: text },
  { field: 'scale', headers: ['企业规模', '规模'], parse: choice(SCALES) },
  { field: 'foundedOn', headers: ['成立日期', '成立时间'], parse: date },
  { field: 'employees', headers: ['职工人数', '从业人数', '员工人数'], parse: integer },
  { field: 'revenueWan', headers: ['上年度营业收入（万元）', '营业收入（万元）', '营业收入'], parse: number },
  { field: 'highTechCertNo', headers: ['高新技术企业证书编号', '高企证书编号'], parse: text },
  { field: 'highTechCertFrom', headers: ['证书有效期起', '高新技术企业发证日期', '发证日期'], parse: date },
  { field: 'highTechCertTo', headers: ['证书有效期至', '高新技术企业证书有效期至', '有效期至'], parse: date },
  {
    field: 'techSmeRegNo',
    headers: ['科技型中小企业入库编号', '科技型中小企业入库登记编号', '入库登记编号'],
    parse: text,
  },
  { field: 'contactName', headers: ['联系人'], parse: text },
  { field: 'contactTitle', headers: ['联系人职务', '职务'], parse: text },
  { field: 'contactPhone', headers: ['联系电话', '电话', '手机'], parse: text },
  { field: 'contactEmail', headers: ['电子邮箱', '邮箱', 'E-mail'], parse: text },
  { field: 'description', headers: ['企业简介', '简介'], parse: text },
] as const;

const FIELDS = columns.map((c) => c.field);

export const enterpriseTarget: ImportTarget = {
  kind: 'enterprises',
  label: '企业',
  keyLabel: '统一社会信用代码',
  table: 'enterprises',
  entity: 'enterprise',
  columns,
  // Liaisons are assigned in the app, not from a spreadsheet.
  schema: CreateEnterprise.omit({ liaisonId: true }).required({ creditCode: true }),
  check(input) {
    const problem = certDatesProblem(
      input.highTechCertFrom as string | undefined,
      input.highTechCertTo as string | undefined,
    );
    return problem ? [{ column: null, field: 'highTechCertTo', message: problem }] : [];
  },
  lookup: (db, inputs) => lookupByColumn(db, 'enterprises', 'creditCode', FIELDS, inputs),
  async create(tx, ctx, rows) {
    const ids = rows.map(() => randomUUID());
    await insertRecords<Enterprise>(
      tx,
      ctx,
      { table: 'enterprises', entity: 'enterprise', label: '企业' },
      rows.map((r, i) => ({ ...r.input, id: ids[i] })),
    );
    return ids;
  },
};
