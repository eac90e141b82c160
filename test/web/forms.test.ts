/** The form helper: posted strings to schema input, and zod issues to Chinese messages beside fields. */
import { z } from '@hono/zod-openapi';
import { describe, expect, it } from 'vitest';
import '../../src/http/route.js'; // sets zod's Chinese locale, as the app does
import { CreateUser } from '../../src/modules/users/schemas.js';
import { formErrors, formInput, leftEmpty } from '../../src/web/forms.js';

const parse = (schema: z.ZodType, raw: Record<string, string | string[]>) => {
  const input = formInput(raw, schema);
  const result = schema.safeParse(input);
  return { input, errors: result.success ? {} : formErrors(result.error.issues, input) };
};

describe('formInput', () => {
  const S = z.strictObject({
    title: z.string().min(2, '标题至少 2 个字'),
    budgetWan: z.number().min(0).optional(),
    keywords: z.array(z.string()).optional(),
    domains: z.array(z.string()).min(1, '请至少选择一个领域'),
    public: z.boolean().optional(),
  });

  it('turns numbers, lists and checkboxes into what the schema expects; empty means not given; unknown fields are dropped', () => {
    const { input, errors } = parse(S, {
      title: ' 视觉检测 ',
      budgetWan: '12.5',
      keywords: '机器视觉，AOI、 PLC\n缺陷',
      domains: ['biomed', 'aerospace'],
      public: 'on',
      submit: '保存',
    });
    expect(input).toEqual({
      title: '视觉检测',
      budgetWan: 12.5,
      keywords: ['机器视觉', 'AOI', 'PLC', '缺陷'],
      domains: ['biomed', 'aerospace'],
      public: true,
    });
    expect(errors).toEqual({});
    expect(parse(S, { title: '视觉检测', budgetWan: '', domains: 'biomed' }).input).toEqual({
      title: '视觉检测',
      domains: ['biomed'],
    });
  });

  it('gives one Chinese message per field: the schema’s own words, "此项必填", or the type in plain words', () => {
    expect(parse(S, { title: '', budgetWan: '十万', domains: [] }).errors).toEqual({
      title: '此项必填',
      budgetWan: '请输入数字',
      domains: '请至少选择一个领域',
    });
    expect(parse(S, { title: '视', domains: 'x' }).errors).toEqual({ title: '标题至少 2 个字' });
  });

  it('says "此项必填" for a choice left empty, and for a record picker left at 请选择', () => {
    const Picked = z.strictObject({
      type: z.enum(['service', 'transfer'], { message: '类型无效，可选：service、transfer' }),
      enterpriseId: z.uuid({ message: '须为合法的 UUID' }),
    });
    const empty = parse(Picked, { type: '', enterpriseId: '' });
    expect(empty.errors).toEqual({ type: '此项必填', enterpriseId: '须为合法的 UUID' });
    expect(leftEmpty(empty.errors, { enterpriseId: '' }, ['enterpriseId'])).toEqual({
      type: '此项必填',
      enterpriseId: '此项必填',
    });
    const wrong = parse(Picked, { type: 'x', enterpriseId: 'y' });
    expect(leftEmpty(wrong.errors, { type: 'x', enterpriseId: 'y' }, ['enterpriseId'])).toEqual({
      type: '类型无效，可选：service、transfer',
      enterpriseId: '须为合法的 UUID',
    });
  });

  it('works with the API’s own schemas, refinements included', () => {
    expect(parse(CreateUser, { name: '李明', role: 'enterprise' }).errors).toEqual({
      enterpriseId: '企业用户须绑定 enterpriseId',
    });
    expect(parse(CreateUser, { name: '李明', role: 'boss' }).errors.role).toBe(
      'role 须为 bureau、university 或 enterprise',
    );
  });
});
