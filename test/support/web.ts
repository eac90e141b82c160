/**
 * Page tests through `app.request`: a small browser (cookie jar, CSRF token, same-origin
 * headers, form posts) and `signedIn(t, role)`, which creates a user through the API, activates
 * it through its one-time link page and signs in through the sign-in page.
 */
import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import { issueActivationLink } from '../../src/modules/accounts/activation.js';
import { csrfTokenFor } from '../../src/web/csrf.js';
import { SESSION_COOKIE, VISITOR_COOKIE } from '../../src/web/cookies.js';
import type { TestApp } from './app.js';

export const ORIGIN = 'http://localhost';

export interface PageResponse {
  status: number;
  headers: Headers;
  html: string;
  location: string | null;
}

export type Form = Record<string, string | string[]>;

export class WebClient {
  readonly cookies = new Map<string, string>();

  constructor(
    private readonly t: TestApp,
    readonly userAgent = 'Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0 test',
  ) {}

  /** The token a form on the current page carries (derived like the server does). */
  get csrf(): string {
    const secret = this.cookies.get(SESSION_COOKIE) ?? this.cookies.get(VISITOR_COOKIE);
    return secret ? csrfTokenFor(secret) : '';
  }

  async request(
    method: string,
    path: string,
    init: { body?: string | FormData; headers?: Record<string, string> } = {},
  ): Promise<PageResponse> {
    const headers: Record<string, string> = { 'user-agent': this.userAgent, ...init.headers };
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await this.t.app.request(path, { method, headers, body: init.body });
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const [name, ...rest] = pair!.split('=');
      const value = rest.join('=');
      const expired = attrs.some((a) => /max-age=0/i.test(a.trim()) || /expires=Thu, 01 Jan 1970/i.test(a.trim()));
      if (!value || expired) this.cookies.delete(name!.trim());
      else this.cookies.set(name!.trim(), value);
    }
    return { status: res.status, headers: res.headers, html: await res.text(), location: res.headers.get('location') };
  }

  /** A GET; a visitor's first GET also gets the CSRF cookie. */
  get(path: string, headers?: Record<string, string>) {
    return this.request('GET', path, { headers });
  }

  /** Posts a form as a browser on this site does: Origin header and the `_csrf` field (unless `csrf: false`). */
  async post(path: string, form: Form, opts: { csrf?: boolean; headers?: Record<string, string> } = {}) {
    if (!this.cookies.has(SESSION_COOKIE) && !this.cookies.has(VISITOR_COOKIE)) await this.get('/login');
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(form)) for (const item of Array.isArray(v) ? v : [v]) body.append(k, item);
    if (opts.csrf !== false) body.set('_csrf', this.csrf);
    return this.request('POST', path, {
      body: body.toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN, ...opts.headers },
    });
  }

  /** Posts a multipart form with one file (`file`), as a browser's file upload does. */
  async upload(
    path: string,
    form: Form,
    file: { name: string; bytes: Uint8Array; type?: string } | null,
    opts: { csrf?: boolean } = {},
  ) {
    if (!this.cookies.has(SESSION_COOKIE) && !this.cookies.has(VISITOR_COOKIE)) await this.get('/login');
    const body = new FormData();
    for (const [k, v] of Object.entries(form)) for (const item of Array.isArray(v) ? v : [v]) body.append(k, item);
    if (opts.csrf !== false) body.set('_csrf', this.csrf);
    if (file) body.set('file', new File([file.bytes], file.name, { type: file.type ?? '' }));
    return this.request('POST', path, { body, headers: { origin: ORIGIN } });
  }
}

export const strongPassword = () => `青山绿水-${randomBytes(4).toString('hex')}`;

export interface WebUser {
  browser: WebClient;
  userId: string;
  loginName: string;
  password: string;
  /** The API token issued with the user. */
  token: string;
}

/** A user of `role` created by the bureau through the API, activated and signed in through the pages. */
export async function signedIn(
  t: TestApp,
  role: 'bureau' | 'university' | 'enterprise',
  binding: { enterpriseId?: string; universityId?: string } = {},
): Promise<WebUser> {
  const created = await t.call('POST', '/api/v1/users', {
    body: { name: `网页用户${randomBytes(2).toString('hex')}`, role, ...binding },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const { token: link } = await issueActivationLink(t.deps.db, created.body.id, t.deps.now(), null);
  const browser = new WebClient(t);
  const loginName = `u${randomBytes(4).toString('hex')}`;
  const password = strongPassword();
  const activated = await browser.post(`/activate/${link}`, { loginName, password, passwordConfirm: password });
  expect(activated.status, activated.html.slice(0, 2000)).toBe(303);
  const res = await browser.post('/login', { loginName, password });
  expect(res.status, res.html.slice(0, 2000)).toBe(303);
  return { browser, userId: created.body.id, loginName, password, token: created.body.token };
}
