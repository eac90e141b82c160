/**
 * Secrets for the embedded (single-machine) mode: without ADMIN_TOKEN, a bureau token is made
 * once and kept in DATA_DIR/admin-token (mode 0600), and the demo accounts (login name, password,
 * API token) in DATA_DIR/demo-accounts.json, so `npm start` on a fresh machine is usable at once.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from './config.js';
import type { DatabaseMode } from './db/database.js';
import type { Logger } from './logger.js';

export function resolveAdminToken(
  config: Pick<Config, 'ADMIN_TOKEN' | 'DATA_DIR'>,
  mode: DatabaseMode,
  logger: Logger,
): string | undefined {
  if (config.ADMIN_TOKEN) return config.ADMIN_TOKEN;
  if (mode !== 'pglite') {
    logger.warn('ADMIN_TOKEN 未设置：无法以局方身份签发令牌。请设置 ADMIN_TOKEN 后重启。');
    return undefined;
  }
  const file = path.join(config.DATA_DIR, 'admin-token');
  if (!existsSync(file)) {
    mkdirSync(config.DATA_DIR, { recursive: true });
    writeFileSync(file, `cxy_admin_${randomBytes(24).toString('base64url')}\n`, { mode: 0o600 });
  }
  logger.info(`ADMIN_TOKEN 未设置：使用 ${file} 中的局方管理员令牌`);
  return readFileSync(file, 'utf8').trim();
}

const DEMO_ACCOUNTS = 'demo-accounts.json';

export function saveDemoAccounts(dataDir: string, accounts: unknown): string {
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, DEMO_ACCOUNTS);
  writeFileSync(file, `${JSON.stringify(accounts, null, 2)}\n`, { mode: 0o600 });
  return file;
}

/** The demo accounts saved by an earlier start, so every start can print them again. */
export function readDemoAccounts(
  dataDir: string,
): { name: string; role: string; loginName: string; password: string }[] {
  const file = path.join(dataDir, DEMO_ACCOUNTS);
  if (!existsSync(file)) return [];
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return [];
  }
}
