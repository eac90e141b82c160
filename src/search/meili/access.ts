/**
 * What the service asks of the server before it uses it: a version whose behaviour we rely on, and
 * keys scoped to our indexes. The master key is used only here, to create (once) a search-only key
 * for queries and an admin key for indexing, as Meilisearch's security guide advises.
 */
import { createHash } from 'node:crypto';
import { MeilisearchApiError, type Meilisearch } from 'meilisearch';
import { SearchEngineError } from '../port.js';

/** Below 1.16 typo thresholds count bytes: a 2-character Chinese word gets a typo (电池 ≈ 电站). */
export const MIN_VERSION = '1.16.0';
/** From 1.25 mixed-script words (5G通信, IC设计) are segmented well. */
export const RECOMMENDED_VERSION = '1.25.0';

const parse = (v: string) => (/^(\d+)\.(\d+)\.(\d+)/.exec(v) ?? []).slice(1, 4).map(Number);

export function compareVersions(a: string, b: string): number {
  const [x, y] = [parse(a), parse(b)];
  for (let i = 0; i < 3; i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
  return 0;
}

/** Refuses a server too old to behave as the contract expects; warns below the recommended one. */
export function checkVersion(version: string, warn: (message: string) => void): void {
  if (!parse(version).length) throw new SearchEngineError('unavailable', `无法识别 Meilisearch 版本：${version}`);
  if (compareVersions(version, MIN_VERSION) < 0) {
    throw new SearchEngineError(
      'unavailable',
      `Meilisearch ${version} 过旧：需要 ${MIN_VERSION} 或更新版本（建议 ${RECOMMENDED_VERSION}+）。` +
        '旧版本按字节计算拼写容错阈值，两个汉字的词也会被容错匹配。',
    );
  }
  if (compareVersions(version, RECOMMENDED_VERSION) < 0) {
    warn(
      `Meilisearch ${version} 可以使用，但建议升级到 ${RECOMMENDED_VERSION}+：之前的版本对“5G通信”“IC设计”这类中英混排词切分不佳`,
    );
  }
}

/** The actions each scoped key may perform. */
export const KEY_ACTIONS = {
  search: ['search'],
  admin: ['documents.*', 'indexes.*', 'settings.*', 'tasks.*', 'stats.get', 'version'],
} as const;

export type KeyRole = keyof typeof KEY_ACTIONS;

/** A stable key uid per deployment (index prefix) and role, so every start finds the same key. */
export function keyUid(prefix: string, role: KeyRole): string {
  const h = createHash('sha256').update(`chanxueyan:${prefix}:${role}`).digest('hex');
  // Shaped as a version-4 UUID, which is what Meilisearch accepts as a key uid.
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Finds or creates the scoped key of this role and returns its secret. */
export async function scopedKey(master: Meilisearch, prefix: string, role: KeyRole): Promise<string> {
  const uid = keyUid(prefix, role);
  try {
    return (await master.getKey(uid)).key;
  } catch (error) {
    if (!(error instanceof MeilisearchApiError) || error.response.status !== 404) throw error;
  }
  const created = await master.createKey({
    uid,
    name: `chanxueyan-${role}${prefix ? `-${prefix}` : ''}`,
    description: `产学研对接平台：${role === 'search' ? '仅检索' : '建立与维护索引'}（${prefix || '全部'}索引）`,
    actions: [...KEY_ACTIONS[role]],
    indexes: [`${prefix}*`],
    expiresAt: null,
  });
  return created.key;
}
