/**
 * Service configuration, read from the environment and validated once at start.
 * A wrong value stops the start with a message naming the variable.
 */
import { z } from 'zod';

const optionalUrl = z.string().url().optional();
const emptyToUndefined = (v: unknown) => (v === '' ? undefined : v);

export const ConfigSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  DATA_DIR: z.string().min(1).default('./data'),
  ADMIN_TOKEN: z.preprocess(emptyToUndefined, z.string().min(16, 'ADMIN_TOKEN 至少 16 个字符').optional()),
  DATABASE_URL: z.preprocess(
    emptyToUndefined,
    z.string().regex(/^postgres(ql)?:\/\//, 'DATABASE_URL 必须是 postgres:// 连接串').optional(),
  ),
  MEILI_URL: z.preprocess(emptyToUndefined, optionalUrl),
  MEILI_MASTER_KEY: z.preprocess(emptyToUndefined, z.string().optional()),
  EMBEDDINGS_BASE_URL: z.preprocess(emptyToUndefined, optionalUrl),
  EMBEDDINGS_API_KEY: z.preprocess(emptyToUndefined, z.string().optional()),
  EMBEDDINGS_MODEL: z.preprocess(emptyToUndefined, z.string().optional()),
  /** Vector length of the model (Meilisearch's userProvided embedder must be told). */
  EMBEDDINGS_DIMENSIONS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(8).max(8192).optional()),
  /** Optional OpenAI-compatible chat model that polishes the drafted work summary; URL and model go together. */
  LLM_BASE_URL: z.preprocess(emptyToUndefined, optionalUrl),
  LLM_API_KEY: z.preprocess(emptyToUndefined, z.string().optional()),
  LLM_MODEL: z.preprocess(emptyToUndefined, z.string().optional()),
  /** Load the demo dataset into an empty database at start. Default: only for the embedded database. */
  SEED_DEMO: z.preprocess(emptyToUndefined, z.enum(['true', 'false']).optional()),
  /** Largest accepted request body, in bytes. */
  BODY_LIMIT: z.coerce.number().int().min(1024).default(1024 * 1024),
  /** Largest accepted spreadsheet upload (POST /api/v1/imports), in bytes. */
  IMPORT_LIMIT: z.coerce.number().int().min(1024).default(50 * 1024 * 1024),
  /** The address people open, e.g. https://kjj.example.gov.cn; https makes the session cookie Secure. */
  PUBLIC_URL: z.preprocess(emptyToUndefined, optionalUrl),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
}).superRefine((c, ctx) => {
  // Meilisearch must be told the vector length: without it the settings would say `embedders: null`,
  // which deletes every stored vector.
  if (c.MEILI_URL && c.EMBEDDINGS_BASE_URL && !c.EMBEDDINGS_DIMENSIONS) {
    ctx.addIssue({ code: 'custom', path: ['EMBEDDINGS_DIMENSIONS'], message: '使用 Meilisearch 且配置了向量接口时，须设置 EMBEDDINGS_DIMENSIONS（向量维度）' });
  }
  if (!c.LLM_BASE_URL !== !c.LLM_MODEL) ctx.addIssue({ code: 'custom', path: [c.LLM_BASE_URL ? 'LLM_MODEL' : 'LLM_BASE_URL'], message: 'LLM_BASE_URL 与 LLM_MODEL 须同时设置' });
});

export type Config = z.infer<typeof ConfigSchema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`环境变量配置有误 (invalid environment):\n${lines.join('\n')}`);
  }
  return parsed.data;
}
