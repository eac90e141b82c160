/**
 * Form bodies through the API's own zod schemas: `parseForm(c, Schema)` reads the posted form,
 * turns its strings into what the schema expects (numbers, arrays, booleans; an empty field is
 * "not given"), validates, and returns the values or one Chinese message per field. The same
 * mapping turns a service's `fieldError(...)` into field errors (`serviceErrors(err)`).
 */
import type { Context } from 'hono';
import { z } from 'zod';
import { ApiError } from '../http/errors.js';
import { CSRF_FIELD } from './csrf.js';
import { postedForm } from './posted-form.js';

/** The key of an error that belongs to the whole form, not one field (shown in the summary only). */
export const FORM_ERROR = '_form';

/** Field name → the message shown beside it (and in the error summary). */
export type FormErrors = Record<string, string>;
/** The form as posted: kept so the page can show the user's input again. */
export type RawForm = Record<string, string | string[]>;

export type FormResult<T> = { ok: true; values: T; raw: RawForm } | { ok: false; errors: FormErrors; raw: RawForm };

type Def = { type: string; innerType?: z.ZodType; in?: z.ZodType; shape?: Record<string, z.ZodType> };
const defOf = (s: z.ZodType) => (s as unknown as { _zod: { def: Def } })._zod.def;

/** The schema under optional/nullable/default/pipe wrappers: what kind of value the field holds. */
function baseType(schema: z.ZodType): string {
  let s = schema;
  for (let i = 0; i < 10; i++) {
    const def = defOf(s);
    if (def.innerType) s = def.innerType;
    else if (def.type === 'pipe' && def.in) s = def.in;
    else return def.type;
  }
  return 'unknown';
}

function shapeOf(schema: z.ZodType): Record<string, z.ZodType> {
  let s = schema;
  for (let i = 0; i < 10; i++) {
    const def = defOf(s);
    if (def.shape) return def.shape;
    if (def.innerType) s = def.innerType;
    else if (def.type === 'pipe' && def.in) s = def.in;
    else break;
  }
  throw new Error('parseForm needs an object schema');
}

const LIST_SEPARATORS = /[,，、;；\n]/;
const NUMBER = /^-?\d+(\.\d+)?$/;

/** Converts a posted form to the input the schema expects; fields the schema does not name are dropped. */
export function formInput(raw: RawForm, schema: z.ZodType): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(shapeOf(schema))) {
    const posted = raw[key];
    const values = (Array.isArray(posted) ? posted : posted === undefined ? [] : [posted]).map((v) => v.trim());
    const type = baseType(field);
    if (type === 'array') {
      const items = values
        .flatMap((v) => v.split(LIST_SEPARATORS))
        .map((v) => v.trim())
        .filter(Boolean);
      if (posted !== undefined) out[key] = items;
      continue;
    }
    const value = values.find((v) => v !== '');
    if (value === undefined) continue;
    if (type === 'number' || type === 'int') out[key] = NUMBER.test(value) ? Number(value) : value;
    else if (type === 'boolean')
      out[key] =
        value === 'on' || value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value;
    else out[key] = value;
  }
  return out;
}

const zhCN = z.locales.zhCN();
/** True when zod's own wording was used (the schema gave no message of its own). */
const genericMessage = (issue: z.core.$ZodIssue) => {
  const own = zhCN.localeError?.(issue as never);
  // The issue no longer carries its input, so "received string" cannot be recomputed: match the locale's prefix too.
  return issue.message === (typeof own === 'string' ? own : own?.message) || issue.message.startsWith('无效输入：期望');
};

/** zod's "expected number, received string" in the words of a form. */
const TYPE_WORDS: Record<string, string> = {
  number: '请输入数字',
  int: '请输入整数',
  boolean: '请选择是或否',
  array: '请至少选择一项',
  date: '请输入日期',
};

/**
 * The one mapping from zod issues to the Chinese messages shown beside fields: the schema's own
 * words when it has them; for a field left empty, "此项必填" instead of zod's type talk.
 */
export function formErrors(issues: readonly z.core.$ZodIssue[], input: Record<string, unknown>): FormErrors {
  const errors: FormErrors = {};
  for (const issue of issues) {
    const field = String(issue.path[0] ?? FORM_ERROR);
    if (errors[field]) continue;
    const missing = issue.path.length > 0 && input[field] === undefined;
    // A choice left at "请选择" reads "此项必填", not the enum's list of codes.
    if (missing && issue.code === 'invalid_value') errors[field] = '此项必填';
    else
      errors[field] =
        issue.code === 'invalid_type' && genericMessage(issue)
          ? missing
            ? '此项必填'
            : (TYPE_WORDS[issue.expected] ?? '格式不正确')
          : issue.message;
  }
  return errors;
}

export async function readForm(c: Context): Promise<RawForm> {
  const body = await postedForm(c);
  const raw: RawForm = {};
  for (const [k, v] of Object.entries(body)) {
    if (k === CSRF_FIELD) continue;
    const list = (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string');
    raw[k] = list.length === 1 ? list[0]! : list;
  }
  return raw;
}

/** Reads and validates the posted form against a schema (usually the API's own). */
export async function parseForm<S extends z.ZodType>(c: Context, schema: S): Promise<FormResult<z.output<S>>> {
  const raw = await readForm(c);
  const input = formInput(raw, schema);
  const parsed = await schema.safeParseAsync(input);
  if (parsed.success) return { ok: true, values: parsed.data, raw };
  return { ok: false, errors: formErrors(parsed.error.issues, input), raw };
}

/** A service's validation error (e.g. `fieldError('creditCode', …)`) as field errors; undefined for any other error. */
export function serviceErrors(err: unknown): FormErrors | undefined {
  if (!(err instanceof ApiError) || err.code !== 'validation_failed') return undefined;
  const errors: FormErrors = {};
  for (const e of err.errors ?? []) errors[e.path.split('.')[0]!] ??= e.message;
  if (!Object.keys(errors).length) errors[FORM_ERROR] = err.detail ?? err.message;
  return errors;
}

/**
 * Required pickers and dates left empty read "此项必填": an id's or a date's schema words ("须为合法的
 * UUID", "日期格式须为 YYYY-MM-DD") are for a wrong value, not an empty one. `names`: the form's such fields.
 */
export function leftEmpty(errors: FormErrors, raw: RawForm, names: readonly string[]): FormErrors {
  const out = { ...errors };
  for (const name of names) if (out[name] && !rawValue(raw, name).trim()) out[name] = '此项必填';
  return out;
}

/** The posted value of a field as a string, to put back into the form. */
export const rawValue = (raw: RawForm | undefined, name: string): string => {
  const v = raw?.[name];
  return Array.isArray(v) ? v.join('，') : (v ?? '');
};
