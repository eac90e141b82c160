/** 登录, 退出, and 激活（设置密码） through a one-time link. */
import { Hono } from 'hono';
import type { AppDeps } from '../../deps.js';
import { ActivateForm, PASSWORD_HINT, SignInForm } from '../../modules/accounts/schemas.js';
import { accountService } from '../../modules/accounts/service.js';
import { SESSION_ABSOLUTE_MS } from '../../modules/accounts/sessions.js';
import { ErrorSummary, Form, FormField } from '../components/index.js';
import { clientInfo } from '../client.js';
import { clearCookie, SESSION_COOKIE, writeCookie } from '../cookies.js';
import type { WebEnv } from '../env.js';
import { type FormErrors, parseForm, type RawForm, rawValue } from '../forms.js';
import { HOME } from '../nav.js';
import { flash } from '../session.js';

/** Only local paths are followed after signing in (no open redirect). */
const safeNext = (next: string | undefined) => (next && /^\/(?!\/)[^\\]*$/.test(next) ? next : undefined);

function SignInPage({ errors = {}, raw, next }: { errors?: FormErrors; raw?: RawForm; next?: string }) {
  return (
    <>
      <ErrorSummary errors={errors} title="无法登录" />
      <Form action={next ? `/login?next=${encodeURIComponent(next)}` : '/login'} class="form">
        <FormField
          name="loginName"
          label="登录名"
          hint="激活账户时设置的手机号或账户名"
          value={rawValue(raw, 'loginName')}
          error={errors.loginName}
          autocomplete="username"
          required
        />
        <FormField
          name="password"
          label="密码"
          type="password"
          error={errors.password}
          autocomplete="current-password"
          required
        />
        <div class="actions">
          <button type="submit">登录</button>
        </div>
      </Form>
      <p>还没有账户或忘记了密码？请联系区科技局，为您签发激活链接。</p>
    </>
  );
}

function ActivatePage({
  name,
  errors = {},
  raw,
  loginName,
}: {
  name: string;
  errors?: FormErrors;
  raw?: RawForm;
  loginName?: string | null;
}) {
  return (
    <>
      <ErrorSummary errors={errors} />
      <p>
        {name}，您好。请设置登录名和密码。此链接只能使用一次
        {loginName ? '；设置后，原密码失效，已登录的设备都会退出' : ''}。
      </p>
      <Form action="" class="form">
        <FormField
          name="loginName"
          label="登录名"
          hint="11 位手机号，或以字母开头的账户名"
          value={raw ? rawValue(raw, 'loginName') : (loginName ?? '')}
          error={errors.loginName}
          autocomplete="username"
          required
        />
        <FormField
          name="password"
          label="密码"
          type="password"
          hint={PASSWORD_HINT}
          error={errors.password}
          autocomplete="new-password"
          required
        />
        <FormField
          name="passwordConfirm"
          label="再输入一次密码"
          type="password"
          error={errors.passwordConfirm}
          autocomplete="new-password"
          required
        />
        <div class="actions">
          <button type="submit">设置密码</button>
        </div>
      </Form>
    </>
  );
}

function DeadLink() {
  return (
    <>
      <p>这个激活链接无效、已经使用过或已超过 72 小时。</p>
      <p>
        请联系区科技局为您重新签发激活链接。已经设置过密码的，请直接<a href="/login">登录</a>。
      </p>
    </>
  );
}

export function signInPages(deps: AppDeps) {
  const app = new Hono<WebEnv>();
  const accounts = accountService(deps);

  app.get('/login', (c) => {
    const actor = c.get('actor');
    if (actor) return c.redirect(safeNext(c.req.query('next')) ?? HOME[actor.role], 303);
    return c.render(<SignInPage next={safeNext(c.req.query('next'))} />, { title: '登录' });
  });

  app.post('/login', async (c) => {
    const next = safeNext(c.req.query('next'));
    const form = await parseForm(c, SignInForm);
    if (!form.ok) {
      return c.render(<SignInPage errors={form.errors} raw={form.raw} next={next} />, { title: '登录', error: true });
    }
    const result = await accounts.signIn(form.values.loginName, form.values.password, clientInfo(c, deps));
    if (!result.ok) {
      // One message for a wrong password and for a name that does not exist.
      const message =
        result.reason === 'invalid'
          ? '登录名或密码不正确'
          : result.reason === 'locked'
            ? `尝试次数过多，请在 ${Math.max(1, Math.ceil((result.until.getTime() - deps.now().getTime()) / 60000))} 分钟后再试`
            : `尝试次数过多，请在 ${result.retryAfterSeconds} 秒后再试`;
      if (result.reason === 'slow') c.header('Retry-After', String(result.retryAfterSeconds));
      if (result.reason !== 'invalid') c.status(429);
      return c.render(
        <SignInPage errors={{ password: message }} raw={{ loginName: form.raw.loginName ?? '' }} next={next} />,
        { title: '登录', error: true },
      );
    }
    writeCookie(c, deps, SESSION_COOKIE, result.secret, SESSION_ABSOLUTE_MS / 1000);
    const user = await deps.db
      .selectFrom('users')
      .select('role')
      .where('id', '=', result.userId)
      .executeTakeFirstOrThrow();
    return c.redirect(next ?? HOME[user.role], 303);
  });

  app.post('/logout', async (c) => {
    const actor = c.get('actor');
    const session = c.get('session');
    if (actor && session) await accounts.signOut(actor, session.id, clientInfo(c, deps));
    clearCookie(c, deps, SESSION_COOKIE);
    flash(c, deps, '您已退出登录');
    return c.redirect('/login', 303);
  });

  app.get('/activate/:token', async (c) => {
    c.header('Referrer-Policy', 'no-referrer');
    const link = await accounts.activationLink(c.req.param('token'));
    if (!link) {
      c.status(410);
      return c.render(<DeadLink />, { title: '激活链接已失效' });
    }
    return c.render(<ActivatePage name={link.name} loginName={link.loginName} />, {
      title: link.loginName ? '重设密码' : '激活账户',
    });
  });

  app.post('/activate/:token', async (c) => {
    c.header('Referrer-Policy', 'no-referrer');
    const token = c.req.param('token');
    const link = await accounts.activationLink(token);
    if (!link) {
      c.status(410);
      return c.render(<DeadLink />, { title: '激活链接已失效' });
    }
    const title = link.loginName ? '重设密码' : '激活账户';
    const form = await parseForm(c, ActivateForm);
    const errors = form.ok ? await accounts.activate(token, form.values, clientInfo(c, deps)) : form.errors;
    if (errors) {
      return c.render(<ActivatePage name={link.name} errors={errors} raw={form.raw} loginName={link.loginName} />, {
        title,
        error: true,
      });
    }
    // A signed-in session of someone else in this browser must not carry on as them.
    clearCookie(c, deps, SESSION_COOKIE);
    flash(c, deps, '密码已设置，请用新的登录名和密码登录');
    return c.redirect('/login', 303);
  });

  return app;
}
