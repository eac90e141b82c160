/** 企业: rules (who sees and writes which enterprise, credit-code uniqueness, liaison assignment) and views. */
import type { Actor } from '../../auth/actor.js';
import type { Enterprise } from '../../db/tables.js';
import { shanghaiToday } from '../../domain/calendar.js';
import { certDatesProblem } from '../../domain/certificates.js';
import type { AppDeps } from '../../deps.js';
import { ApiError, fieldError, notFound } from '../../http/errors.js';
import { toPage } from '../../db/pagination.js';
import type { ExpectedVersion } from '../../http/versioning.js';
import type { ChangeContext } from '../../db/changes.js';
import { insertRecord, softDeleteRecord, updateRecord } from '../../db/records.js';
import {
  type EnterpriseRow,
  findBureauLiaison,
  findEnterprise,
  findEnterpriseByCreditCode,
  findLiveProblem,
  listEnterprises,
} from './repository.js';
import type { CreateEnterpriseInput, EnterpriseView, ListEnterprisesInput, UpdateEnterpriseInput } from './schemas.js';

const LABEL = '企业';
const SPEC = { table: 'enterprises', entity: 'enterprise', label: LABEL } as const;

/** Today's date in Beijing time, 'YYYY-MM-DD': certificates are dated in local days. */

export function toEnterpriseView(row: EnterpriseRow & { total?: unknown }, today: string): EnterpriseView {
  const { deletedAt: _deleted, total: _total, createdAt, updatedAt, ...fields } = row;
  const hasCert = row.highTechCertNo !== null;
  const certified =
    hasCert &&
    row.highTechCertTo !== null &&
    row.highTechCertTo >= today &&
    (row.highTechCertFrom === null || row.highTechCertFrom <= today);
  return {
    ...fields,
    highTech: { certified, expiresOn: hasCert ? row.highTechCertTo : null },
    techSme: row.techSmeRegNo !== null,
    createdAt: createdAt.toISOString(),
    updatedAt: updatedAt.toISOString(),
  };
}

/** The bureau sees every enterprise; an enterprise user only its own. */
const canSee = (actor: Actor, id: string) =>
  actor.role === 'bureau' || (actor.role === 'enterprise' && actor.enterpriseId === id);

function authorizeWrite(actor: Actor) {
  return (row: Enterprise) => {
    if (!canSee(actor, row.id)) throw notFound(LABEL);
  };
}

function assertCertDates(from: string | null | undefined, to: string | null | undefined) {
  const problem = certDatesProblem(from, to);
  if (problem) throw fieldError('highTechCertTo', problem);
}

export function enterpriseService(deps: AppDeps) {
  const { db } = deps;
  const today = () => shanghaiToday(deps.now());

  async function assertCreditCodeFree(creditCode: string, exceptId?: string) {
    const other = await findEnterpriseByCreditCode(db, creditCode);
    if (other && other.id !== exceptId)
      throw new ApiError('conflict', `统一社会信用代码 ${creditCode} 已登记`, [
        { path: 'creditCode', message: '该统一社会信用代码已被其他企业使用' },
      ]);
  }

  async function assertLiaison(liaisonId: string) {
    if (!(await findBureauLiaison(db, liaisonId))) throw fieldError('liaisonId', '科技局联络员不存在');
  }

  return {
    async get(actor: Actor, id: string): Promise<EnterpriseView> {
      const row = canSee(actor, id) ? await findEnterprise(db, id) : undefined;
      if (!row) throw notFound(LABEL);
      return toEnterpriseView(row, today());
    },

    async list(actor: Actor, input: ListEnterprisesInput) {
      if (actor.role !== 'bureau' && !actor.enterpriseId) throw new ApiError('forbidden', '当前角色无权查看企业');
      const d = today();
      const { rows, offset } = await listEnterprises(
        db,
        input,
        d,
        actor.role === 'bureau' ? undefined : actor.enterpriseId!,
      );
      return toPage(rows, input, offset, (r) => toEnterpriseView(r, d));
    },

    async create(ctx: ChangeContext, input: CreateEnterpriseInput): Promise<EnterpriseView> {
      assertCertDates(input.highTechCertFrom, input.highTechCertTo);
      if (input.creditCode) await assertCreditCodeFree(input.creditCode);
      if (input.liaisonId) await assertLiaison(input.liaisonId);
      const row = await db.transaction().execute((tx) => insertRecord<Enterprise>(tx, ctx, SPEC, input));
      return toEnterpriseView({ ...row, problemCount: 0 }, today());
    },

    async update(
      ctx: ChangeContext,
      id: string,
      expected: ExpectedVersion,
      patch: Omit<UpdateEnterpriseInput, 'version'>,
    ): Promise<EnterpriseView> {
      const { actor } = ctx;
      if (patch.liaisonId !== undefined && actor.role !== 'bureau') {
        if (!canSee(actor, id)) throw notFound(LABEL);
        throw new ApiError('forbidden', '联络员由区科技局指派', [
          { path: 'liaisonId', message: '仅区科技局可设置联络员' },
        ]);
      }
      if (patch.creditCode) await assertCreditCodeFree(patch.creditCode, id);
      if (patch.liaisonId) await assertLiaison(patch.liaisonId);
      await db.transaction().execute((tx) =>
        updateRecord<Enterprise>(
          tx,
          ctx,
          {
            ...SPEC,
            authorize: (row) => {
              authorizeWrite(actor)(row);
              assertCertDates(
                patch.highTechCertFrom === undefined ? row.highTechCertFrom : patch.highTechCertFrom,
                patch.highTechCertTo === undefined ? row.highTechCertTo : patch.highTechCertTo,
              );
            },
          },
          id,
          expected,
          patch,
        ),
      );
      return this.get(actor, id);
    },

    async remove(ctx: ChangeContext, id: string, expected: ExpectedVersion | undefined): Promise<void> {
      await db.transaction().execute(async (tx) => {
        if (await findLiveProblem(tx, id))
          throw new ApiError('conflict', `该${LABEL}仍有在册技术难题，请先关闭并删除技术难题`);
        await softDeleteRecord<Enterprise>(tx, ctx, { ...SPEC, authorize: authorizeWrite(ctx.actor) }, id, expected);
      });
    },
  };
}
