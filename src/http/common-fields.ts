/** Field schemas several resources share, with their Chinese messages. */
import { z } from '@hono/zod-openapi';
import { DOMAIN_CODES } from '../domain/taxonomy.js';

export const DomainCode = z
  .enum(DOMAIN_CODES, { message: `技术领域代码无效，可选：${DOMAIN_CODES.join(', ')}` })
  .openapi({ description: '技术领域代码，见 GET /api/v1/taxonomy' });

/**
 * Characters no text field may hold: C0 control characters other than tab, newline and carriage
 * return, DEL, and UTF-16 surrogates that are not part of a pair. PostgreSQL cannot store NUL
 * (a 500 before this check) and PGlite refuses lone surrogates; none of them is ever typed by a
 * person, so they are rejected (422 naming the field), not silently stripped.
 */
const UNSAFE_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]|[\uD800-\uDFFF]/u;

/** The first disallowed character of `s` as "U+XXXX", or undefined when `s` is clean. */
export function unsafeChar(s: string): string | undefined {
  const m = UNSAFE_CHAR.exec(s);
  return m ? `U+${m[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}` : undefined;
}

/** The Chinese message for a disallowed character, shared by the API and the import row report. */
export const unsafeCharMessage = (label: string, char: string) =>
  `${label}含有不允许的字符（${char}）：不能包含控制字符（制表符、换行除外）或不成对的 UTF-16 代理字符`;

/** Replaces disallowed characters with U+FFFD, for showing a rejected value back (never for storing input). */
export const replaceUnsafe = (s: string) => s.replace(new RegExp(UNSAFE_CHAR.source, 'gu'), '\uFFFD');

/**
 * The one string schema every text input is built from (body fields, query strings, path
 * parameters): a string without disallowed characters. `label` names the field in the message.
 */
export const safeString = (label = '') => z.string().superRefine(rejectUnsafe(label));

/** The same check for a string schema of another kind (`z.url()`, `z.email()`). */
export const rejectUnsafe = (label: string) => (s: string, ctx: z.core.$RefinementCtx<string>) => {
  const char = unsafeChar(s);
  if (char) ctx.addIssue({ code: 'custom', message: unsafeCharMessage(label, char) });
};

/** Trimmed non-empty text with a length cap. */
export const text = (max: number, label: string) =>
  safeString(label).trim().min(1, `${label}不能为空`).max(max, `${label}不超过 ${max} 字`);

/** An optional query-string filter (`q`, `city`, …): trimmed, capped, no disallowed characters. */
export const queryText = (max: number, label: string) =>
  safeString(label).trim().max(max, `${label}不超过 ${max} 字`).optional();

export const optionalText = (max: number, label: string) => text(max, label).nullish();

/** Trimmed text between `min` and `max` characters; empty input reads "不能为空" rather than "至少 n 字". */
export const sizedText = (min: number, max: number, label: string) =>
  safeString(label)
    .trim()
    .min(min, { error: (iss) => (iss.input === '' ? `${label}不能为空` : `${label}至少 ${min} 字`) })
    .max(max, `${label}不超过 ${max} 字`);

/** 1–`max` technical domain codes. */
export const DomainList = (max = 5) =>
  z.array(DomainCode).min(1, '至少选择 1 个技术领域').max(max, `技术领域最多 ${max} 个`);

export const TermList = (label: string, maxItems = 30) =>
  z.array(text(40, label)).max(maxItems, `${label}最多 ${maxItems} 个`);

export const Phone = safeString('电话')
  .trim()
  .regex(/^[0-9+\-\s()]{5,20}$/, '电话号码格式不正确');
export const Email = z.email({ message: '邮箱格式不正确' }).superRefine(rejectUnsafe('邮箱'));
