/** 我的账户: who I am, change my password, my signed-in devices, sign out everywhere. */
import { Hono } from 'hono';
import { ROLE_LABELS } from '../../auth/actor.js';
import type { AppDeps } from '../../deps.js';
import { ChangePasswordForm, PASSWORD_HINT } from '../../modules/accounts/schemas.js';
import { accountService } from '../../modules/accounts/service.js';
import { listSessions, type SessionView } from '../../modules/accounts/sessions.js';
import { Badge, ErrorSummary, Form, FormField, Table } from '../components/index.js';
import { clientInfo } from '../client.js';
import { clearCookie, SESSION_COOKIE } from '../cookies.js';
import type { WebEnv } from '../env.js';
import { isUuid } from '../ids.js';
import { type FormErrors, parseForm } from '../forms.js';
import { flash, requireSignedIn } from '../session.js';

const fmt = (d: Date) =>
  new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', dateStyle: 'medium', timeStyle: 'short' }).format(d);

/** "Chrome / Windows"-style summary of a user agent; the full string is in the title. */
function browserOf(ua: string | null): string {
  if (!ua) return '未知浏览器';
  const browser = /Edg\//.test(ua)
    ? 'Edge'
    : /Firefox\//.test(ua)
      ? 'Firefox'
      : /Chrom(e|ium)\//.test(ua)
        ? 'Chrome'
        : /Safari\//.test(ua)
          ? 'Safari'
          : /MicroMessenger/.test(ua)
            ? '微信'
            : '其他浏览器';
  const os = /Windows/.test(ua)
    ? 'Windows'
    : /Android/.test(ua)
      ? 'Android'
      : /iPhone|iPad/.test(ua)
        ? 'iOS'
        : /Mac OS X/.test(ua)
          ? 'macOS'
          : /Linux/.test(ua)
            ? 'Linux'
            : '';
  return os ? `${browser} · ${os}` : browser;
}

function AccountPage(p: {
  name: string;
  role: string;
  loginName: string | null;
  sessions: SessionView[];
  currentId: string;
  errors?: FormErrors;
}) {
  const errors = p.errors ?? {};
  return (
    <>
      <dl class="summary-list">
        <dt>姓名</dt>
        <dd>{p.name}</dd>
        <dt>角色</dt>
        <dd>{p.role}</dd>
        <dt>登录名</dt>
        <dd>{p.loginName ?? '—'}</dd>
      </dl>

      <h2 id="password">修改密码</h2>
      <ErrorSummary errors={errors} />
      <Form action="/account/password" class="form">
        <FormField
          name="currentPassword"
          label="当前密码"
          type="password"
          error={errors.currentPassword}
          autocomplete="current-password"
          required
        />
        <FormField
          name="newPassword"
          label="新密码"
          type="password"
          hint={PASSWORD_HINT}
          error={errors.newPassword}
          autocomplete="new-password"
          required
        />
        <FormField
          name="newPasswordConfirm"
          label="再输入一次新密码"
          type="password"
          error={errors.newPasswordConfirm}
          autocomplete="new-password"
          required
        />
        <div class="actions">
          <button type="submit">修改密码</button>
        </div>
      </Form>

      <h2 id="sessions">登录设备</h2>
      <p>以下是您当前登录着的浏览器。登录 8 小时无操作或满 7 天会自动退出。</p>
      <Table
        caption="当前登录的浏览器"
        captionHidden
        rows={p.sessions}
        columns={[
          {
            label: '浏览器',
            cell: (s) => (
              <span title={s.userAgent ?? ''}>
                {browserOf(s.userAgent)} {s.id === p.currentId ? <Badge text="本机" tone="info" /> : null}
              </span>
            ),
          },
          { label: '地址', cell: (s) => s.ip ?? '—' },
          { label: '登录时间', cell: (s) => fmt(s.createdAt) },
          { label: '最近活动', cell: (s) => fmt(s.lastSeenAt) },
          {
            label: '操作',
            cell: (s) =>
              s.id === p.currentId ? (
                '—'
              ) : (
                <Form action={`/account/sessions/${s.id}/end`} class="inline-form">
                  <button type="submit" class="button-link">
                    退出该设备
                  </button>
                </Form>
              ),
          },
        ]}
      />
      <Form action="/account/sessions/end-all" class="actions">
        <button type="submit" class="button--secondary">
          退出所有设备（包括本机）
        </button>
      </Form>
    </>
  );
}

export function accountPages(deps: AppDeps) {
  const app = new Hono<WebEnv>();
  const accounts = accountService(deps);
  app.use('/account', requireSignedIn());
  app.use('/account/*', requireSignedIn());

  async function show(c: import('hono').Context<WebEnv>, errors?: FormErrors) {
    const actor = c.get('actor');
    const session = c.get('session')!;
    const [user, sessions] = await Promise.all([
      deps.db.selectFrom('users').select('loginName').where('id', '=', actor.userId!).executeTakeFirstOrThrow(),
      listSessions(deps.db, actor.userId!, deps.now()),
    ]);
    return c.render(
      <AccountPage
        name={actor.name}
        role={ROLE_LABELS[actor.role]}
        loginName={user.loginName}
        sessions={sessions}
        currentId={session.id}
        errors={errors}
      />,
      {
        title: '我的账户',
        error: !!errors,
      },
    );
  }

  app.get('/account', (c) => show(c));

  app.post('/account/password', async (c) => {
    const form = await parseForm(c, ChangePasswordForm);
    if (!form.ok) return show(c, form.errors);
    const errors = await accounts.changePassword(
      c.get('actor'),
      c.get('session')!.id,
      form.values.currentPassword,
      form.values.newPassword,
      clientInfo(c, deps),
    );
    if (errors) return show(c, errors);
    flash(c, deps, '密码已修改；其他设备上的登录已退出');
    return c.redirect('/account', 303);
  });

  app.post('/account/sessions/end-all', async (c) => {
    await accounts.signOutEverywhere(c.get('actor'), clientInfo(c, deps));
    clearCookie(c, deps, SESSION_COOKIE);
    flash(c, deps, '已退出所有设备');
    return c.redirect('/login', 303);
  });

  app.post('/account/sessions/:id/end', async (c) => {
    const id = c.req.param('id');
    // Only one of my own sessions; another user's id reads as done and changes nothing.
    if (isUuid(id)) {
      await deps.db
        .updateTable('sessions')
        .set({ endedAt: deps.now() })
        .where('id', '=', id)
        .where('userId', '=', c.get('actor').userId!)
        .where('endedAt', 'is', null)
        .execute();
    }
    flash(c, deps, '已退出该设备');
    return c.redirect('/account#sessions', 303);
  });

  return app;
}
