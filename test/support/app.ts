/**
 * The real app on a fresh store, and a small client for `app.request` that returns
 * status, headers and the parsed body.
 */
import { createApp, type App } from '../../src/app.js';
import type { Store } from '../../src/db/database.js';
import { buildDeps, stopDeps, type AppDeps } from '../../src/deps.js';
import { silentLogger } from '../../src/logger.js';
import type { SearchEngine } from '../../src/search/port.js';
import { testEngine } from './engine.js';
import { freshStore } from './store.js';

export const ADMIN_TOKEN = 'test-admin-token-0123456789';

export interface TestApp {
  app: App;
  store: Store;
  deps: AppDeps;
  call: ReturnType<typeof client>;
  close(): Promise<void>;
}

type Overrides = Partial<Pick<AppDeps, 'embeddings' | 'llm' | 'now' | 'logger' | 'config'>>;

/**
 * The app wired by the runtime's own `buildDeps` on a fresh store. `engine` replaces the embedded
 * engine (e.g. Meilisearch, or a switchable one for failure tests).
 */
export async function testApp({
  engine: givenEngine,
  ...overrides
}: Overrides & { engine?: SearchEngine } = {}): Promise<TestApp> {
  const store = await freshStore();
  const fromEnv = givenEngine ? undefined : testEngine();
  const engine = givenEngine ?? fromEnv!.engine;
  await engine.init();
  const deps = buildDeps({
    store,
    engine,
    config: { adminToken: ADMIN_TOKEN, bodyLimit: 64 * 1024, importLimit: 32 * 1024 * 1024 },
    logger: silentLogger,
    importRetryDelaysMs: [10, 10],
    ...overrides,
  });
  const app = createApp(deps);
  return {
    app,
    store,
    deps,
    call: client(app),
    close: async () => (await stopDeps(deps), await fromEnv?.dispose(), await store.close()),
  };
}

export interface CallOptions {
  token?: string | null;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface CallResult<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export function client(app: App) {
  return async function call<T = any>(method: string, path: string, opts: CallOptions = {}): Promise<CallResult<T>> {
    const headers: Record<string, string> = { ...opts.headers };
    const token = opts.token === undefined ? ADMIN_TOKEN : opts.token;
    if (token) headers.authorization = `Bearer ${token}`;
    let body: string | undefined;
    if (opts.body !== undefined) {
      body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await app.request(path, { method, headers, body });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON: keep the text */
    }
    return { status: res.status, headers: res.headers, body: parsed as T };
  };
}
