/**
 * Passwords: scrypt from node:crypto with a per-user salt; the parameters travel with the hash
 * (`scrypt$N$r$p$salt$hash`) so they can be raised later without invalidating old hashes.
 * Compared in constant time. The rules a new password must meet live here too.
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { COMMON_PASSWORDS } from './common-passwords.js';

const PARAMS = { N: 16384, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;
export const MIN_PASSWORD_LENGTH = 10;

function derive(password: string, salt: Buffer, N: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, { N, r, p, maxmem: 256 * N * r }, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, PARAMS.N, PARAMS.r, PARAMS.p);
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const key = await derive(password, Buffer.from(salt, 'base64url'), Number(n), Number(r), Number(p));
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A hash of nothing anyone can type, verified against when the account does not exist so timing says nothing. */
let decoy: Promise<string> | undefined;
export const decoyHash = () => (decoy ??= hashPassword(randomBytes(16).toString('hex')));

/** Why a new password is refused, in Chinese, or null when it is acceptable. */
export function passwordProblem(password: string, loginName?: string): string | null {
  if ([...password].length < MIN_PASSWORD_LENGTH) return `密码至少 ${MIN_PASSWORD_LENGTH} 个字符`;
  const lower = password.toLowerCase();
  if (COMMON_PASSWORDS.has(lower)) return '这个密码太常见，容易被猜中，请换一个';
  if (/^(.)\1+$/u.test(password)) return '密码不能是同一个字符的重复';
  if (loginName && lower.includes(loginName.toLowerCase())) return '密码不能包含登录名';
  return null;
}
