/** Field schemas several resources share, with their Chinese messages. */
import { z } from '@hono/zod-openapi';
import { DOMAIN_CODES } from '../domain/taxonomy.js';

export const DomainCode = z.enum(DOMAIN_CODES, { message: `技术领域代码无效，可选：${DOMAIN_CODES.join(', ')}` }).openapi({ description: '技术领域代码，见 GET /api/v1/taxonomy' });

/** Trimmed non-empty text with a length cap. */
export const text = (max: number, label: string) => z.string().trim().min(1, `${label}不能为空`).max(max, `${label}不超过 ${max} 字`);

export const optionalText = (max: number, label: string) => text(max, label).nullish();

/** Trimmed text between `min` and `max` characters; empty input reads "不能为空" rather than "至少 n 字". */
export const sizedText = (min: number, max: number, label: string) =>
  z
    .string()
    .trim()
    .min(min, { error: (iss) => (iss.input === '' ? `${label}不能为空` : `${label}至少 ${min} 字`) })
    .max(max, `${label}不超过 ${max} 字`);

/** 1–`max` technical domain codes. */
export const DomainList = (max = 5) => z.array(DomainCode).min(1, '至少选择 1 个技术领域').max(max, `技术领域最多 ${max} 个`);

export const TermList = (label: string, maxItems = 30) =>
  z.array(text(40, label)).max(maxItems, `${label}最多 ${maxItems} 个`);

export const Phone = z.string().trim().regex(/^[0-9+\-\s()]{5,20}$/, '电话号码格式不正确');
export const Email = z.email({ message: '邮箱格式不正确' });
