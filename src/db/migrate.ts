/** Runs the Kysely migrations; logs each step and fails loudly. */
import type { Kysely } from 'kysely';
import { Migrator } from 'kysely/migration';
import { migrations } from './migrations/index.js';

export async function migrateToLatest(db: Kysely<any>, log: (line: string) => void = () => {}): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
  });
  const { error, results } = await migrator.migrateToLatest();
  const applied: string[] = [];
  for (const r of results ?? []) {
    log(`migration ${r.migrationName}: ${r.status}`);
    if (r.status === 'Success') applied.push(r.migrationName);
  }
  if (error)
    throw new Error(`数据库迁移失败 (migration failed): ${String((error as Error).message ?? error)}`, {
      cause: error,
    });
  return applied;
}
