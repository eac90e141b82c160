/**
 * Pieces the bureau's workbench pages share: the change context of a page request, the query of a
 * GET page read through the API's own zod schema, the liaison options of the filters, and the
 * "days since last activity" badge (amber after 14 days, red after 30 by default).
 */
import type { Context } from 'hono';
import type { z } from 'zod';
import type { ChangeContext } from '../../db/changes.js';
import type { AppDeps } from '../../deps.js';
import { liaisonService } from '../../modules/liaisons/service.js';
import { Badge, formatTime, type Tone } from '../components/index.js';
import type { WebEnv } from '../env.js';
import { FORM_ERROR, type FormErrors, serviceErrors } from '../forms.js';
import { queryErrors } from '../query.js';
import { ApiError } from '../../http/errors.js';

export type PageContext = Context<WebEnv>;

export const changeCtx = (c: PageContext): ChangeContext => ({ actor: c.get('actor'), requestId: c.get('requestId') });

/** Days after which a quiet problem turns amber, then red; `?amber=&red=` override them on a page. */
export const STALE_DAYS = { amber: 14, red: 30 };

/**
 * A page's query through a schema: values that fail are dropped (the page shows the rest) and
 * reported in Chinese beside the filter, so a hand-edited URL never gives a 500.
 */
export function readQuery<S extends z.ZodType>(c: PageContext, schema: S): { values: z.output<S>; errors: FormErrors } {
  const raw: Record<string, string> = {};
  for (const [k, v] of Object.entries(c.req.query())) if (v !== '') raw[k] = v;
  const first = schema.safeParse(raw);
  if (first.success) return { values: first.data, errors: {} };
  const errors = queryErrors(first.error.issues, raw);
  for (const key of Object.keys(errors)) delete raw[key];
  const second = schema.safeParse(raw);
  if (second.success) return { values: second.data, errors };
  return { values: schema.parse({}), errors };
}

export async function bureauLiaisons(deps: AppDeps, c: PageContext) {
  const page = await liaisonService(deps).list(c.get('actor'), {
    side: 'bureau',
    active: 'true',
    limit: 100,
    sort: 'name',
  } as never);
  return page.items as { id: string; name: string; userId: string | null }[];
}

/** The signed-in officer's own liaison record, if the bureau linked one to the user. */
export async function myLiaisonId(deps: AppDeps, c: PageContext): Promise<string | undefined> {
  const actor = c.get('actor');
  return (await bureauLiaisons(deps, c)).find((l) => l.userId === actor.userId)?.id;
}

export function quietTone(days: number, amber = STALE_DAYS.amber, red = STALE_DAYS.red): Tone {
  return days >= red ? 'danger' : days >= amber ? 'warning' : 'neutral';
}

export function QuietDays({ days, amber, red }: { days: number; amber?: number; red?: number }) {
  const tone = quietTone(days, amber, red);
  const word = tone === 'danger' ? '，已停滞' : tone === 'warning' ? '，需关注' : '';
  return <Badge text={`${days} 天无动态`} tone={tone} title={`最近动态距今 ${days} 天${word}`} />;
}

/** A moment as the pages show it everywhere: '2026-12-01 03:57', Beijing time. */
export const dateTime = (iso: string) => formatTime(iso);

export function LiaisonSelect({
  liaisons,
  value,
  name = 'liaisonId',
  label = '联络员',
  all = '全部联络员',
}: {
  liaisons: { id: string; name: string }[];
  value?: string | null;
  name?: string;
  label?: string;
  all?: string;
}) {
  return (
    <div class="field field--inline">
      <label class="field__label" for={`f-${name}`}>
        {label}
      </label>
      <select id={`f-${name}`} name={name}>
        <option value="">{all}</option>
        {liaisons.map((l) => (
          <option value={l.id} selected={l.id === value}>
            {l.name}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Errors of a filter query shown above a list (the list still renders without the bad filter). */
export function QueryErrors({ errors }: { errors: FormErrors }) {
  const entries = Object.entries(errors);
  if (!entries.length) return null;
  return (
    <div class="notice notice--warning" role="alert">
      筛选条件有误，已忽略：{entries.map(([, m]) => m).join('；')}
    </div>
  );
}

/** A service's refusal (version conflict, stage not allowed, not open for cooperation…) as form errors. */
export function actionErrors(err: unknown): FormErrors | undefined {
  const fields = serviceErrors(err);
  if (fields) return fields;
  if (
    err instanceof ApiError &&
    ['conflict', 'version_conflict', 'forbidden', 'precondition_failed'].includes(err.code)
  ) {
    const errors: FormErrors = {};
    for (const e of err.errors ?? []) errors[e.path.split('.')[0]!] ??= e.message;
    errors[FORM_ERROR] =
      err.code === 'version_conflict' ? '记录已被他人修改，请刷新页面后重试' : (err.detail ?? err.message);
    return errors;
  }
  return undefined;
}

/** A `datetime-local` value (YYYY-MM-DDTHH:mm) for a moment, in Beijing time. */
export const shanghaiMinute = (at: Date) => new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 16);
/** A `datetime-local` value read as Beijing time, as the ISO string with offset the API's schemas expect. */
export const fromShanghaiMinute = (value: string) =>
  /^\d{4}-\d\d-\d\dT\d\d:\d\d$/.test(value) ? `${value}:00+08:00` : value;
