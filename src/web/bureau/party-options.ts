/**
 * The choices of the agreement and centre forms: enterprises and universities by name; once a
 * party is chosen, that university's labs, that enterprise's problems and the agreements between
 * the two — read through the module services for the signed-in officer (the first 100 of each).
 */
import type { Actor } from '../../auth/actor.js';
import type { AppDeps } from '../../deps.js';
import { agreementService } from '../../modules/agreements/service.js';
import { labService } from '../../modules/labs/service.js';
import { problemService } from '../../modules/problems/service.js';
import type { SelectOption } from '../components/index.js';
import { isUuid } from '../ids.js';

export interface PartyChoice {
  enterpriseId?: string;
  universityId?: string;
}

export interface PartyOptions {
  enterprises: SelectOption[];
  universities: SelectOption[];
  labs: SelectOption[];
  problems: (SelectOption & { stageLabel: string })[];
  agreements: SelectOption[];
}

/** A posted or queried id, if it looks like one (anything else reads as "not chosen", never a 500). */
export const idOrUndefined = (v: unknown) => (isUuid(v) ? v : undefined);

/** Live enterprises or universities by name. */
export async function partyNames(deps: AppDeps, table: 'enterprises' | 'universities'): Promise<SelectOption[]> {
  const rows = await deps.db
    .selectFrom(table)
    .select(['id', 'name'])
    .where('deletedAt', 'is', null)
    .orderBy('name')
    .execute();
  return rows.map((r) => ({ value: r.id, label: r.name }));
}

/** An agreement's form picks problems, a centre's an agreement: only that list is read. */
export async function partyOptions(
  deps: AppDeps,
  actor: Actor,
  choice: PartyChoice,
  pick: 'problems' | 'agreement',
): Promise<PartyOptions> {
  const { enterpriseId, universityId } = choice;
  const none = Promise.resolve({ items: [] as never[] });
  const [enterprises, universities, labs, problems, agreements] = await Promise.all([
    partyNames(deps, 'enterprises'),
    partyNames(deps, 'universities'),
    universityId ? labService(deps).list(actor, { universityId, limit: 100, sort: 'name' } as never) : none,
    enterpriseId ? problemService(deps).list(actor, { enterpriseId, limit: 100, sort: '-postedAt' } as never) : none,
    enterpriseId && universityId && pick === 'agreement'
      ? agreementService(deps).list(actor, { enterpriseId, universityId, limit: 100, sort: '-signedOn' } as never)
      : none,
  ]);
  return {
    enterprises,
    universities,
    labs: labs.items.map((l: { id: string; name: string }) => ({ value: l.id, label: l.name })),
    problems: problems.items.map((p: { id: string; title: string; stageLabel: string }) => ({
      value: p.id,
      label: p.title,
      stageLabel: p.stageLabel,
    })),
    agreements: agreements.items.map((a: { id: string; title: string; signedOn: string }) => ({
      value: a.id,
      label: `${a.title}（${a.signedOn} 签订）`,
    })),
  };
}
