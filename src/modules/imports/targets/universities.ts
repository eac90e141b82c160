/** 高校/院所导入: keyed by name; a row without 类型 is taken as a research institute when its name says so. */
import type { University } from '../../../db/tables.js';
import { randomUUID } from 'node:crypto';
import { insertRecords } from '../../../db/records.js';
import { CreateUniversity, UniversityKind } from '../../universities/schemas.js';
import { choice, text } from '../cells.js';
import { type ImportTarget, lookupByColumn } from '../target.js';

const KINDS = {
  university: ['高校', '大学', '高等院校', '学院'],
  institute: ['科研院所', '研究院', '研究所', '院所'],
} as const;

const columns = [
  {
    field: 'name',
    headers: ['高校/院所名称', '高校名称', '单位名称', '名称', '高校/院所'],
    parse: text,
    required: true,
  },
  { field: 'kind', headers: ['类型', '单位类型'], parse: choice(KINDS) },
  { field: 'city', headers: ['所在城市', '城市'], parse: text },
  { field: 'website', headers: ['网址', '网站', '官网'], parse: text },
  { field: 'summary', headers: ['简介', '单位简介'], parse: text },
] as const;

const FIELDS = columns.map((c) => c.field);

/** 研究院、研究所、科学院 … are institutes; everything else a university. */
export const kindFromName = (name: string) =>
  /(研究院|研究所|科学院|院所|研究中心)$/.test(name) ? 'institute' : 'university';

export const universityTarget: ImportTarget = {
  kind: 'universities',
  label: '高校/院所',
  keyLabel: '名称',
  table: 'universities',
  entity: 'university',
  columns,
  schema: CreateUniversity.extend({ kind: UniversityKind.optional() }),
  check: () => [],
  lookup: (db, inputs) => lookupByColumn(db, 'universities', 'name', FIELDS, inputs),
  async create(tx, ctx, rows) {
    const ids = rows.map(() => randomUUID());
    const values = rows.map(({ input }, i) => ({
      ...input,
      id: ids[i],
      kind: input.kind ?? kindFromName(input.name as string),
    }));
    await insertRecords<University>(
      tx,
      ctx,
      { table: 'universities', entity: 'university', label: '高校/院所' },
      values,
    );
    return ids;
  },
};
