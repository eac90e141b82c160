/**
 * 名录 · 用户 (/bureau/directory/users): the bureau lists users (filters and sort in the URL), creates
 * a user bound to an enterprise or university and sees its one-time activation link once, disables
 * or restores a user, and issues a new activation link. Every action goes through the users service,
 * so the audit rows are the API's.
 */
import { type Context, Hono } from 'hono';
import { ROLE_LABELS } from '../../auth/actor.js';
import type { Page } from '../../db/pagination.js';
import type { Role } from '../../db/tables.js';
import type { AppDeps } from '../../deps.js';
import { CreateUser, ListUsersQuery, type UserView } from '../../modules/users/schemas.js';
import { type ActivationView, userService } from '../../modules/users/service.js';
import {
  Badge,
  EmptyState,
  ErrorSummary,
  Form,
  FormField,
  cursorLinks,
  Pager,
  Table,
  withQuery,
} from '../components/index.js';
import { describedBy, fieldId } from '../components/form.js';
import type { WebEnv } from '../env.js';
import { isUuid } from '../ids.js';
import { type FormErrors, parseForm, type RawForm, rawValue, readForm, serviceErrors } from '../forms.js';
import { flash, pageError, requireRole } from '../session.js';

const BASE = '/bureau/directory/users';
/** The user id in the path; anything else is the 404 page (PostgreSQL would reject it as a uuid). */
const userId = (c: Context<WebEnv>) => {
  const id = c.req.param('id') ?? '';
  if (!isUuid(id)) throw pageError(404);
  return id;
};
const ROLES: Role[] = ['enterprise', 'university', 'bureau'];

const fmt = (iso: string) =>
  new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', dateStyle: 'medium', timeStyle: 'short' }).format(
    new Date(iso),
  );

interface Option {
  id: string;
  name: string;
}
interface Orgs {
  enterprises: Option[];
  universities: Option[];
}

/** Enterprises and universities a user can be bound to (names for the pickers and the list). */
async function orgs(deps: AppDeps): Promise<Orgs> {
  const [enterprises, universities] = await Promise.all([
    deps.db.selectFrom('enterprises').select(['id', 'name']).where('deletedAt', 'is', null).orderBy('name').execute(),
    deps.db.selectFrom('universities').select(['id', 'name']).where('deletedAt', 'is', null).orderBy('name').execute(),
  ]);
  return { enterprises, universities };
}

/** Where activation links point: PUBLIC_URL when set, else this request's origin (as the API does). */
const siteBase = (url: string, deps: AppDeps) => deps.config.publicUrl ?? new URL(url).origin;

function Select(p: { name: string; label: string; hint?: string; value: string; options: Option[]; error?: string }) {
  return (
    <FormField name={p.name} label={p.label} hint={p.hint} error={p.error}>
      <select
        id={fieldId(p.name)}
        name={p.name}
        aria-describedby={describedBy(p.name, p.hint, p.error)}
        aria-invalid={p.error ? 'true' : undefined}
      >
        <option value="">（不绑定）</option>
        {p.options.map((o) => (
          <option value={o.id} selected={o.id === p.value}>
            {o.name}
          </option>
        ))}
      </select>
    </FormField>
  );
}

function CreateForm({ values, errors, orgs }: { values: RawForm; errors: FormErrors; orgs: Orgs }) {
  const role = rawValue(values, 'role');
  return (
    <section aria-labelledby="create-user">
      <h2 id="create-user">新建用户</h2>
      <ErrorSummary errors={errors} />
      <Form action={BASE} class="form">
        <FormField name="name" label="姓名" value={rawValue(values, 'name')} error={errors.name} required />
        <FormField name="role" label="角色" error={errors.role} required>
          <select
            id={fieldId('role')}
            name="role"
            aria-describedby={describedBy('role', undefined, errors.role)}
            aria-invalid={errors.role ? 'true' : undefined}
          >
            <option value="">请选择</option>
            {ROLES.map((r) => (
              <option value={r} selected={r === role}>
                {ROLE_LABELS[r]}
              </option>
            ))}
          </select>
        </FormField>
        <Select
          name="enterpriseId"
          label="所属企业"
          hint="角色为企业用户时必选"
          value={rawValue(values, 'enterpriseId')}
          options={orgs.enterprises}
          error={errors.enterpriseId}
        />
        <Select
          name="universityId"
          label="所属高校/院所"
          hint="角色为高校联络员时必选"
          value={rawValue(values, 'universityId')}
          options={orgs.universities}
          error={errors.universityId}
        />
        <div class="actions">
          <button type="submit">创建用户并生成激活链接</button>
        </div>
      </Form>
    </section>
  );
}

/** The one time an activation link is shown: copy it and send it to the person. */
function LinkShownOnce({ who, link }: { who: string; link: ActivationView }) {
  return (
    <div class="notice" role="status">
      <p>
        <strong>{who}</strong> 的激活链接（仅此一次显示，{fmt(link.activationExpiresAt)} 前有效）：
      </p>
      <p>
        <code id="activation-url">{link.activationUrl}</code>
      </p>
      <p>
        <button type="button" class="button--secondary" data-copy="#activation-url">
          复制链接
        </button>
      </p>
      <p>请把链接发给本人；对方打开后设置登录名和密码。链接丢失时可为该用户“重新签发激活链接”。</p>
    </div>
  );
}

function UsersPage(p: {
  url: string;
  /** The page size the list was read with, for the previous page's link. */
  limit: number;
  query: Record<string, string | undefined>;
  list: Page<UserView>;
  orgs: Orgs;
  values?: RawForm;
  errors?: FormErrors;
  shown?: { who: string; link: ActivationView };
}) {
  const names = new Map([...p.orgs.enterprises, ...p.orgs.universities].map((o) => [o.id, o.name]));
  const sort = p.query.sort ?? '-createdAt';
  const sortLink = (field: string) => ({
    sortHref: withQuery(p.url, { sort: sort === field ? `-${field}` : field, cursor: undefined }),
    sorted: sort === field ? ('ascending' as const) : sort === `-${field}` ? ('descending' as const) : undefined,
  });
  return (
    <>
      {p.shown ? <LinkShownOnce who={p.shown.who} link={p.shown.link} /> : null}
      <Form action={BASE} method="get" class="filter-bar">
        <div class="field">
          <label for="q-role" class="field__label">
            角色
          </label>
          <select id="q-role" name="role">
            <option value="">全部</option>
            {ROLES.map((r) => (
              <option value={r} selected={p.query.role === r}>
                {ROLE_LABELS[r]}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="q-disabled" class="field__label">
            状态
          </label>
          <select id="q-disabled" name="disabled">
            <option value="">全部</option>
            <option value="false" selected={p.query.disabled === 'false'}>
              在用
            </option>
            <option value="true" selected={p.query.disabled === 'true'}>
              已停用
            </option>
          </select>
        </div>
        {p.query.sort ? <input type="hidden" name="sort" value={p.query.sort} /> : null}
        <div class="actions">
          <button type="submit" class="button--secondary">
            筛选
          </button>
        </div>
      </Form>
      {p.list.items.length ? (
        <Table
          caption="用户"
          captionHidden
          rows={p.list.items}
          columns={[
            { label: '姓名', ...sortLink('name'), cell: (u) => u.name },
            { label: '角色', cell: (u) => ROLE_LABELS[u.role] },
            { label: '所属单位', cell: (u) => names.get(u.enterpriseId ?? u.universityId ?? '') ?? '—' },
            {
              label: '状态',
              cell: (u) => (u.disabled ? <Badge text="已停用" tone="danger" /> : <Badge text="在用" tone="success" />),
            },
            { label: '创建时间', ...sortLink('createdAt'), cell: (u) => fmt(u.createdAt) },
            {
              label: '操作',
              cell: (u) => (
                <>
                  {u.disabled ? null : (
                    <Form action={`${BASE}/${u.id}/activation`} class="inline-form">
                      <button type="submit" class="button-link">
                        重新签发激活链接<span class="visually-hidden">（{u.name}）</span>
                      </button>
                    </Form>
                  )}{' '}
                  <Form action={`${BASE}/${u.id}/${u.disabled ? 'enable' : 'disable'}`} class="inline-form">
                    <input type="hidden" name="version" value={String(u.version)} />
                    <button type="submit" class="button-link">
                      {u.disabled ? '恢复' : '停用'}
                      <span class="visually-hidden">（{u.name}）</span>
                    </button>
                  </Form>
                </>
              ),
            },
          ]}
        />
      ) : (
        <EmptyState title="没有符合条件的用户">
          <p>换一个筛选条件，或在下方新建用户。</p>
        </EmptyState>
      )}
      <Pager total={p.list.total} shown={p.list.items.length} {...cursorLinks(p.url, p.limit, p.list.nextCursor)} />
      <CreateForm values={p.values ?? {}} errors={p.errors ?? {}} orgs={p.orgs} />
    </>
  );
}

export function bureauUserPages(deps: AppDeps) {
  const app = new Hono<WebEnv>();
  const svc = userService(deps);
  app.use(BASE, requireRole('bureau'));
  app.use(`${BASE}/*`, requireRole('bureau'));

  /** The list for the current URL; a malformed filter is ignored rather than an error page. */
  async function listFor(url: string) {
    const params = Object.fromEntries(new URL(url).searchParams);
    const parsed = ListUsersQuery.safeParse(params);
    const input = parsed.success ? parsed.data : ListUsersQuery.parse({});
    return { query: parsed.success ? params : {}, list: await svc.list(input), limit: input.limit };
  }

  async function render(c: Context<WebEnv>, extra: Partial<Parameters<typeof UsersPage>[0]>) {
    const url = c.req.url;
    const { query, list, limit } = await listFor(extra.errors || extra.shown ? `http://x${BASE}` : url);
    const path = new URL(url).pathname + new URL(url).search;
    const page = <UsersPage url={path} query={query} list={list} limit={limit} orgs={await orgs(deps)} {...extra} />;
    // An activation link is shown once: no cache may keep the page.
    if (extra.shown) c.header('cache-control', 'no-store');
    return c.render(page, { title: '用户', error: Boolean(extra.errors) });
  }

  app.get(BASE, (c) => render(c, {}));

  app.post(BASE, async (c) => {
    const form = await parseForm(c, CreateUser);
    if (!form.ok) return render(c, { values: form.raw, errors: form.errors });
    try {
      const ctx = { actor: c.get('actor'), requestId: c.get('requestId') };
      const created = await svc.create(ctx, form.values, siteBase(c.req.url, deps));
      return render(c, { shown: { who: created.name, link: created } });
    } catch (err) {
      const errors = serviceErrors(err);
      if (!errors) throw err;
      return render(c, { values: form.raw, errors });
    }
  });

  app.post(`${BASE}/:id/activation`, async (c) => {
    const ctx = { actor: c.get('actor'), requestId: c.get('requestId') };
    const user = await svc.get(userId(c));
    const link = await svc.issueActivation(ctx, user.id, siteBase(c.req.url, deps));
    return render(c, { shown: { who: user.name, link } });
  });

  for (const [action, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const) {
    app.post(`${BASE}/:id/${action}`, async (c) => {
      const version = Number(rawValue(await readForm(c), 'version'));
      if (!Number.isInteger(version)) throw pageError(400);
      const ctx = { actor: c.get('actor'), requestId: c.get('requestId') };
      const user = await svc.update(ctx, userId(c), { version, from: 'body' }, { disabled });
      flash(c, deps, disabled ? `已停用 ${user.name}，其登录会话已全部结束` : `已恢复 ${user.name}`);
      return c.redirect(BASE, 303);
    });
  }
  return app;
}
