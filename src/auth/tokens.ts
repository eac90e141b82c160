/** Bearer tokens: random, shown once, stored only as a SHA-256 hash. */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const generateToken = () => `cxy_${randomBytes(24).toString('base64url')}`;

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** Secrets are compared by their SHA-256 digests, which have one length whatever the secrets' lengths. */
export const secretDigest = (secret: string) => createHash('sha256').update(secret).digest();

export const sameDigest = (a: Buffer, b: Buffer) => timingSafeEqual(a, b);
