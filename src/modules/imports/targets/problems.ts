/**
 * 技术难题导入（技术需求征集表）: keyed by its title within its enterprise, named by credit code or by
 * name. Imported problems are the bureau's, so they are published directly, and may carry the date
 * they were collected so last year's sheet counts in last year's figures.
 */
import { z } from '@hono/zod-openapi';
import { queryText, safeString } from '../../../http/common-fields.js';
import { shanghaiToday } from '../../../domain/calendar.js';
import { CREDIT_CODE_MESSAGES, creditCodeProblem } from '../../../domain/credit-code.js';
import { DateString } from '../../../http/schemas.js';
import { CreateProblem, Visibility } from '../../problems/schemas.js';
import { randomUUID } from 'node:crypto';
import { insertProblems, type NewProblem } from '../../problems/insert.js';
import { choice, code, date, domains, list, number, text, type CellParser } from '../cells.js';
import type { ImportTarget, Lookup } from '../target.js';
import type { RowError } from '../../../db/tables.js';

const VISIBILITY = { public: ['公开', '是', '可公开'], bureau: ['仅区科技局', '不公开', '否', '保密'] } as const;

/** Dates, or an exported 发布时间 (an instant), read as the day in Beijing. */
const postedDate: CellParser = (cell) => {
  if (
    typeof cell === 'string' &&
    /^\d{4}-\d{2}-\d{2}T.*(Z|[+-]\d{2}:?\d{2})$/.test(cell.trim()) &&
    !Number.isNaN(Date.parse(cell))
  )
    return { value: shanghaiToday(new Date(cell)) };
  return date(cell);
};

const columns = [
  {
    field: 'title',
    headers: ['难题名称', '技术难题名称', '需求名称', '技术需求名称', '标题'],
    parse: text,
    required: true,
  },
  {
    field: 'enterpriseCreditCode',
    headers: ['统一社会信用代码', '企业统一社会信用代码', '信用代码'],
    parse: code,
    reference: true,
  },
  { field: 'enterpriseName', headers: ['企业', '企业名称', '需求单位', '单位名称'], parse: text, reference: true },
  {
    field: 'description',
    headers: ['难题描述', '需求描述', '技术难题描述', '问题描述', '具体内容', '描述'],
    parse: text,
  },
  { field: 'domains', headers: ['技术领域', '所属领域'], parse: domains },
  { field: 'keywords', headers: ['关键词'], parse: list() },
  { field: 'budgetWan', headers: ['预算（万元）', '拟投入资金（万元）', '预计投入（万元）', '预算'], parse: number },
  { field: 'deadline', headers: ['期望解决日期', '期望完成时间', '完成时限', '截止日期'], parse: date },
  { field: 'visibility', headers: ['公开方式', '是否公开'], parse: choice(VISIBILITY) },
  { field: 'postedOn', headers: ['征集日期', '发布时间', '提出日期', '填报日期'], parse: postedDate, createOnly: true },
] as const;

const FIELDS = ['title', 'description', 'domains', 'keywords', 'budgetWan', 'deadline', 'visibility'] as const;

const enterpriseError = (message: string, field = 'enterpriseName'): Lookup => ({
  errors: [{ column: null, field, message }],
});

export const problemTarget: ImportTarget = {
  kind: 'problems',
  label: '技术难题',
  keyLabel: '企业（统一社会信用代码或名称）+ 难题名称',
  table: 'problems',
  entity: 'problem',
  columns,
  schema: CreateProblem.omit({ enterpriseId: true, publish: true, draft: true }).extend({
    enterpriseCreditCode: safeString('统一社会信用代码')
      .trim()
      .toUpperCase()
      .max(18, '统一社会信用代码为 18 位')
      .optional(),
    enterpriseName: queryText(200, '企业名称'),
    visibility: Visibility.optional(),
    postedOn: DateString.optional(),
  }),
  check(input, today) {
    const errors: RowError[] = [];
    const posted = (input.postedOn as string | undefined) ?? today;
    if (posted > today) errors.push({ column: null, field: 'postedOn', message: '征集日期不能晚于今天' });
    // The API's rule is "not before today"; a collected sheet is judged as of the day it was collected.
    if (input.deadline && (input.deadline as string) < posted)
      errors.push({
        column: null,
        field: 'deadline',
        message: input.postedOn ? '期望解决日期不能早于征集日期' : '期望解决日期不能早于今天',
      });
    // A mistyped code is named on its own column (not as "no such enterprise" on 企业).
    const problem = input.enterpriseCreditCode ? creditCodeProblem(input.enterpriseCreditCode as string) : null;
    if (problem) errors.push({ column: null, field: 'enterpriseCreditCode', message: CREDIT_CODE_MESSAGES[problem] });
    if (!input.enterpriseCreditCode && !input.enterpriseName)
      errors.push({ column: null, field: 'enterpriseName', message: '请填写企业名称或统一社会信用代码' });
    return errors;
  },
  async lookup(db, inputs) {
    const codes = [
      ...new Set(inputs.flatMap((i) => (i.enterpriseCreditCode ? [i.enterpriseCreditCode as string] : []))),
    ];
    const names = [
      ...new Set(
        inputs.flatMap((i) => (!i.enterpriseCreditCode && i.enterpriseName ? [i.enterpriseName as string] : [])),
      ),
    ];
    const base = db
      .selectFrom('enterprises')
      .select(['id', 'name', 'creditCode', 'liaisonId'])
      .where('deletedAt', 'is', null);
    const [byCodeRows, byNameRows] = await Promise.all([
      codes.length ? base.where('creditCode', 'in', codes).execute() : [],
      names.length ? base.where('name', 'in', names).execute() : [],
    ]);
    const byCode = new Map(byCodeRows.map((e) => [e.creditCode, e]));
    const byName = new Map<string, typeof byNameRows>();
    for (const e of byNameRows) byName.set(e.name, [...(byName.get(e.name) ?? []), e]);

    const owners = inputs.map((i) => {
      if (i.enterpriseCreditCode)
        return (
          byCode.get(i.enterpriseCreditCode as string) ??
          `统一社会信用代码 ${i.enterpriseCreditCode} 对应的企业不存在，请先导入企业`
        );
      const found = byName.get(i.enterpriseName as string) ?? [];
      if (found.length > 1) return `有 ${found.length} 家企业名为“${i.enterpriseName}”，请改填统一社会信用代码`;
      return found[0] ?? `企业“${i.enterpriseName}”不存在，请先导入企业`;
    });
    const pairs = inputs.flatMap((i, n) =>
      typeof owners[n] === 'object' ? [{ enterpriseId: owners[n].id, title: i.title as string }] : [],
    );
    const problems = pairs.length
      ? await db
          .selectFrom('problems')
          .select(['id', 'version', 'enterpriseId', ...FIELDS])
          .where('enterpriseId', 'in', [...new Set(pairs.map((p) => p.enterpriseId))])
          .where('title', 'in', [...new Set(pairs.map((p) => p.title))])
          .where('deletedAt', 'is', null)
          .execute()
      : [];
    const byKey = new Map<string, typeof problems>();
    for (const p of problems)
      byKey.set(`${p.enterpriseId}/${p.title}`, [...(byKey.get(`${p.enterpriseId}/${p.title}`) ?? []), p]);

    return inputs.map((i, n): Lookup => {
      const owner = owners[n]!;
      // Named by code: the error belongs on the credit-code column.
      if (typeof owner === 'string') {
        return enterpriseError(owner, i.enterpriseCreditCode ? 'enterpriseCreditCode' : undefined);
      }
      const key = `${owner.id}/${i.title}`;
      const found = byKey.get(key) ?? [];
      if (found.length > 1)
        return {
          errors: [
            {
              column: null,
              field: 'title',
              message: `该企业已有 ${found.length} 条同名技术难题，无法确定更新哪一条，请在系统中处理`,
            },
          ],
        };
      const row = found[0];
      return {
        key,
        refs: { enterpriseId: owner.id, ...(owner.liaisonId ? { liaisonId: owner.liaisonId } : {}) },
        existing: row ? { id: row.id, version: row.version, values: row } : undefined,
      };
    });
  },
  async create(tx, ctx, rows, now) {
    const values = rows.map(({ input, refs }): NewProblem => {
      const {
        enterpriseCreditCode: _c,
        enterpriseName: _n,
        postedOn,
        ...fields
      } = input as Record<string, unknown> & { postedOn?: string };
      const given = fields as Omit<NewProblem, 'id' | 'enterpriseId' | 'liaisonId' | 'postedAt'>;
      return {
        ...given,
        keywords: given.keywords ?? [],
        visibility: given.visibility ?? 'public',
        id: randomUUID(),
        enterpriseId: refs.enterpriseId!,
        liaisonId: refs.liaisonId ?? null,
        // Collected on a past day: stamped at noon Beijing time of that day, so the day is the same in every report.
        postedAt: postedOn ? new Date(`${postedOn}T12:00:00+08:00`) : now,
      };
    });
    await insertProblems(tx, ctx, values, 'published');
    return values.map((v) => v.id!);
  },
};
