/** The bearer-token cache: answers for its time to live, forgets on invalidation, never stores a stale lookup. */
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../src/auth/actor.js';
import { createTokenCache } from '../../src/auth/token-cache.js';

const actor = (name: string): Actor => ({ userId: 'u1', name, role: 'bureau', enterpriseId: null, universityId: null });

describe('token cache', () => {
  it('answers from the cache until the time to live ends, then looks up again', async () => {
    let clock = 0;
    const cache = createTokenCache(5_000, () => clock);
    let lookups = 0;
    const load = async () => (lookups++, actor(`第${lookups}次`));
    expect((await cache.resolve('h', load))?.name).toBe('第1次');
    clock = 4_999;
    expect((await cache.resolve('h', load))?.name).toBe('第1次');
    clock = 5_000;
    expect((await cache.resolve('h', load))?.name).toBe('第2次');
    expect(lookups).toBe(2);
  });

  it('never caches an unknown token: it is looked up each time', async () => {
    const cache = createTokenCache();
    let lookups = 0;
    const load = async () => (lookups++, undefined);
    expect(await cache.resolve('nobody', load)).toBeUndefined();
    expect(await cache.resolve('nobody', load)).toBeUndefined();
    expect(lookups).toBe(2);
  });

  it('invalidate forgets every token', async () => {
    const cache = createTokenCache();
    await cache.resolve('h', async () => actor('旧名'));
    cache.invalidate();
    expect((await cache.resolve('h', async () => actor('新名')))?.name).toBe('新名');
  });

  it('a lookup that began before an invalidation answers but is not kept', async () => {
    const cache = createTokenCache();
    let release!: () => void;
    const slow = cache.resolve('h', () => new Promise<Actor>((r) => (release = () => r(actor('改前')))));
    cache.invalidate(); // the user changes while the lookup is in flight
    release();
    expect((await slow)?.name).toBe('改前');
    expect((await cache.resolve('h', async () => actor('改后')))?.name).toBe('改后');
  });
});
