/** Bearer tokens: random, shown once, stored only as a SHA-256 hash. */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const generateToken = () => `cxy_${randomBytes(24).toString('base64url')}`;

/** Secrets are compared by their SHA-256 digests, which have one length whatever the secrets' lengths. */
export const secretDigest = (secret: string) => createHash('sha256').update(secret).digest();

/** A token as stored: the hex of its `secretDigest`. */
export const hashToken = (token: string) => secretDigest(token).toString('hex');

export const sameDigest = (a: Buffer, b: Buffer) => timingSafeEqual(a, b);
