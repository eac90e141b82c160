/**
 * Service configuration, read from the environment and validated once at start.
 * A wrong value stops the start with a message naming the variable.
 */
import path from 'node:path';
import { z } from 'zod';
import type { RateLimits } from './http/rate-limit.js';
import { LOG_LEVELS } from './logger.js';

const optionalUrl = z.string().url().optional();
const emptyToUndefined = (v: unknown) => (v === '' ? undefined : v);

const rateLimit = (fallback: string) =>
  z
    .preprocess(
      emptyToUndefined,
      z
        .string()
        .regex(/^(off|\d+\/\d+)$/, '格式为 <次数>/<秒数>（如 60/60）或 off')
        .default(fallback),
    )
    .transform((v) => {
      if (v === 'off') return undefined;
      const [max, windowS] = v.split('/').map(Number) as [number, number];
      return { max, windowS: Math.max(1, windowS) };
    });

export const ConfigSchema = z
  .object({
    // 0 picks a free port (tests); the chosen one is logged at start.
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    /** Address to listen on; all interfaces when unset. */
    HOST: z.preprocess(emptyToUndefined, z.string().optional()),
    DATA_DIR: z.string().min(1).default('./data'),
    ADMIN_TOKEN: z.preprocess(emptyToUndefined, z.string().min(16, 'ADMIN_TOKEN 至少 16 个字符').optional()),
    DATABASE_URL: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL 必须是 postgres:// 连接串')
        .optional(),
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
    BODY_LIMIT: z.coerce
      .number()
      .int()
      .min(1024)
      .default(1024 * 1024),
    /** Largest accepted spreadsheet upload (POST /api/v1/imports), in bytes. */
    IMPORT_LIMIT: z.coerce
      .number()
      .int()
      .min(1024)
      .default(50 * 1024 * 1024),
    /** Signs list cursors; without it a secret made once is kept in the database (shared by every process). */
    CURSOR_SECRET: z.preprocess(emptyToUndefined, z.string().min(16, 'CURSOR_SECRET 至少 16 个字符').optional()),
    /** The address people open, e.g. https://kjj.example.gov.cn; https makes the session cookie Secure. */
    PUBLIC_URL: z.preprocess(emptyToUndefined, optionalUrl),
    LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
    /** Per-user rate limits, `<requests>/<seconds>` or `off`; an address gets RATE_LIMIT_ADDRESS_FACTOR times as many. */
    RATE_LIMIT_MATCHES: rateLimit('60/60'),
    RATE_LIMIT_IMPORTS: rateLimit('20/60'),
    RATE_LIMIT_REPORTS: rateLimit('30/60'),
    RATE_LIMIT_EXPORTS: rateLimit('10/60'),
    RATE_LIMIT_ADDRESS_FACTOR: z.coerce.number().int().min(1).max(1000).default(5),
    /**
     * Where the embedded search engine keeps its index snapshot (default DATA_DIR/search-snapshot;
     * `off`: none, every start rebuilds the index from the database). Several processes may share it.
     */
    SEARCH_SNAPSHOT_DIR: z.preprocess(emptyToUndefined, z.string().min(1).optional()),
    /** How often, in seconds, a new snapshot is written while the index changes (and at every graceful stop). */
    SEARCH_SNAPSHOT_INTERVAL_S: z.coerce.number().int().min(10).max(86_400).default(600),
    /** How long a SIGTERM waits for requests in flight before closing their connections. */
    SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
    /** Behind one reverse proxy: take the caller's address from the last X-Forwarded-For entry (sign-in throttling, sessions). */
    TRUST_PROXY: z
      .preprocess(emptyToUndefined, z.enum(['true', 'false']).default('false'))
      .transform((v) => v === 'true'),
  })
  .superRefine((c, ctx) => {
    // Meilisearch must be told the vector length: without it the settings would say `embedders: null`,
    // which deletes every stored vector.
    if (c.MEILI_URL && c.EMBEDDINGS_BASE_URL && !c.EMBEDDINGS_DIMENSIONS) {
      ctx.addIssue({
        code: 'custom',
        path: ['EMBEDDINGS_DIMENSIONS'],
        message: '使用 Meilisearch 且配置了向量接口时，须设置 EMBEDDINGS_DIMENSIONS（向量维度）',
      });
    }
    if (!c.LLM_BASE_URL !== !c.LLM_MODEL)
      ctx.addIssue({
        code: 'custom',
        path: [c.LLM_BASE_URL ? 'LLM_MODEL' : 'LLM_BASE_URL'],
        message: 'LLM_BASE_URL 与 LLM_MODEL 须同时设置',
      });
  });

export type Config = z.infer<typeof ConfigSchema>;

export const rateLimitsOf = (c: Config): RateLimits => ({
  matches: c.RATE_LIMIT_MATCHES,
  imports: c.RATE_LIMIT_IMPORTS,
  reports: c.RATE_LIMIT_REPORTS,
  exports: c.RATE_LIMIT_EXPORTS,
  addressFactor: c.RATE_LIMIT_ADDRESS_FACTOR,
  trustProxy: c.TRUST_PROXY,
});

/** The snapshot directory of the embedded search engine, or undefined when snapshots are off. */
export const searchSnapshotDir = (c: Pick<Config, 'SEARCH_SNAPSHOT_DIR' | 'DATA_DIR'>): string | undefined =>
  c.SEARCH_SNAPSHOT_DIR === 'off' ? undefined : (c.SEARCH_SNAPSHOT_DIR ?? path.join(c.DATA_DIR, 'search-snapshot'));

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
