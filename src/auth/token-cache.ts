/**
 * Bearer tokens resolved to their actor for a few seconds, so a client's burst of reads does not
 * look its user up on every request. Keyed by the token's SHA-256 hash (the token itself is never
 * held). Unknown tokens are never cached: a new user's token works at once and guessing fills nothing.
 *
 * Revocation: a change to a user in this process (`invalidate`, called after the change commits)
 * takes effect at the next request; a change made by another process within `ttlMs` (5 s).
 * A lookup that started before an invalidation does not store its (possibly stale) answer.
 */
import type { Actor } from './actor.js';

export const TOKEN_CACHE_TTL_MS = 5_000;
const MAX_ENTRIES = 10_000;

export interface TokenCache {
  /** The cached actor of a token hash, or the result of `load` (cached when it found one). */
  resolve(tokenHash: string, load: () => Promise<Actor | undefined>): Promise<Actor | undefined>;
  /** Forgets every cached token: after any change to a user (disable, restore, rename). */
  invalidate(): void;
}

export function createTokenCache(ttlMs = TOKEN_CACHE_TTL_MS, now: () => number = Date.now): TokenCache {
  const entries = new Map<string, { actor: Actor; until: number }>();
  let generation = 0;
  return {
    async resolve(tokenHash, load) {
      const hit = entries.get(tokenHash);
      if (hit && hit.until > now()) return hit.actor;
      if (hit) entries.delete(tokenHash);
      const started = generation;
      const actor = await load();
      if (actor && started === generation) {
        // Oldest first out (a Map iterates in insertion order): the cache never outgrows its bound.
        if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value!);
        entries.set(tokenHash, { actor, until: now() + ttlMs });
      }
      return actor;
    },
    invalidate() {
      generation++;
      entries.clear();
    },
  };
}
