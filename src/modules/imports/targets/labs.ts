/** 实验室/团队导入: keyed by its name within its university, which the row names and must already exist. */
import type { Lab } from '../../../db/tables.js';
import { text as textField } from '../../../http/common-fields.js';
import { randomUUID } from 'node:crypto';
import { insertRecords } from '../../../db/records.js';
import { CreateLab } from '../../labs/schemas.js';
import { domains, list, longList, text } from '../cells.js';
import type { ImportTarget, Lookup } from '../target.js';

const columns = [
  {
    field: 'universityName',
    headers: ['高校/院所', '所属高校', '所属高校/院所', '依托单位', '高校名称'],
    parse: text,
    required: true,
    reference: true,
  },
  {
    field: 'name',
    headers: ['实验室/团队名称', '实验室名称', '团队名称', '平台名称', '名称', '实验室/团队'],
    parse: text,
    required: true,
  },
  { field: 'leader', headers: ['负责人', '带头人', '团队负责人'], parse: text },
  { field: 'domains', headers: ['技术领域', '研究领域'], parse: domains },
  { field: 'keywords', headers: ['关键词', '研究方向'], parse: list() },
  { field: 'summary', headers: ['简介', '能力简介', '科研能力', '研究基础'], parse: text },
  { field: 'equipment', headers: ['主要设备', '仪器设备', '设备'], parse: longList },
  { field: 'achievements', headers: ['代表性成果', '主要成果', '成果'], parse: longList },
  { field: 'contactName', headers: ['联系人'], parse: text },
  { field: 'contactPhone', headers: ['联系电话', '电话'], parse: text },
  { field: 'contactEmail', headers: ['电子邮箱', '邮箱'], parse: text },
] as const;

const FIELDS = [
  'name',
  'leader',
  'domains',
  'keywords',
  'summary',
  'equipment',
  'achievements',
  'contactName',
  'contactPhone',
  'contactEmail',
] as const;

export const labTarget: ImportTarget = {
  kind: 'labs',
  label: '实验室/团队',
  keyLabel: '所属高校/院所 + 实验室/团队名称',
  table: 'labs',
  entity: 'lab',
  columns,
  schema: CreateLab.omit({ universityId: true }).extend({
    universityName: textField(100, '高校/院所'),
    keywords: CreateLab.shape.keywords.optional(),
  }),
  check: () => [],
  async lookup(db, inputs): Promise<Lookup[]> {
    const names = [...new Set(inputs.map((i) => i.universityName as string))];
    const universities = names.length
      ? await db
          .selectFrom('universities')
          .select(['id', 'name'])
          .where('name', 'in', names)
          .where('deletedAt', 'is', null)
          .execute()
      : [];
    const universityId = new Map(universities.map((u) => [u.name, u.id]));
    const ids = universities.map((u) => u.id);
    const labs = ids.length
      ? await db
          .selectFrom('labs')
          .select(['id', 'version', 'universityId', ...FIELDS])
          .where('universityId', 'in', ids)
          .where(
            'name',
            'in',
            inputs.map((i) => i.name as string),
          )
          .where('deletedAt', 'is', null)
          .execute()
      : [];
    const byKey = new Map(labs.map((l) => [`${l.universityId}/${l.name}`, l]));
    return inputs.map((i) => {
      const uid = universityId.get(i.universityName as string);
      if (!uid)
        return {
          errors: [
            {
              column: null,
              field: 'universityName',
              message: `高校/院所“${i.universityName}”不存在，请先导入或登记该高校/院所`,
            },
          ],
        };
      const key = `${uid}/${i.name}`;
      const row = byKey.get(key);
      return {
        key,
        refs: { universityId: uid },
        existing: row ? { id: row.id, version: row.version, values: row } : undefined,
      };
    });
  },
  async create(tx, ctx, rows) {
    const ids = rows.map(() => randomUUID());
    const values = rows.map(({ input: { universityName: _name, ...values }, refs }, i) => ({
      keywords: [],
      ...values,
      id: ids[i],
      universityId: refs.universityId,
    }));
    await insertRecords<Lab>(tx, ctx, { table: 'labs', entity: 'lab', label: '实验室/团队' }, values);
    return ids;
  },
};
