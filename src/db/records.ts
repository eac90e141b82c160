/**
 * The write path every resource shares: create, versioned update and soft delete, each in the
 * caller's transaction with its audit and outbox rows. Access rules stay in each resource's
 * service and come in as `authorize`, which throws (usually a 404) when the actor may not write.
 */
import type { Kysely } from 'kysely';
import type { Database } from './tables.js';
import { assertVersion, type ExpectedVersion } from '../http/versioning.js';
import { notFound } from '../http/errors.js';
import { type ChangeContext, recordChange, recordChanges, type Tx } from './changes.js';

/** Tables whose rows carry id, version, updated_at and deleted_at. */
export type VersionedTable = {
  [T in keyof Database]: Database[T] extends { id: unknown; version: unknown; updatedAt: unknown; deletedAt: unknown }
    ? T
    : never;
}[keyof Database];

interface Spec<Row> {
  table: VersionedTable;
  /** Audit and outbox name of the record, e.g. 'problem'. */
  entity: string;
  /** Chinese name used in messages, e.g. '技术难题'. */
  label: string;
  authorize?: (row: Row) => void | Promise<void>;
}

// The helpers are generic over tables; Kysely's per-table typing is recovered by the callers' Row.
const untyped = (tx: Tx) => tx as unknown as Kysely<any>;

export async function insertRecord<Row extends { id: string }>(
  tx: Tx,
  ctx: ChangeContext,
  spec: Omit<Spec<Row>, 'authorize'>,
  values: Record<string, unknown>,
): Promise<Row> {
  return (await insertRecords<Row>(tx, ctx, spec, [values]))[0]!;
}

/** Many new records in one statement, with their audit and outbox rows. Rows come back in no set order: callers that must pair them with their input give the ids. */
export async function insertRecords<Row extends { id: string }>(
  tx: Tx,
  ctx: ChangeContext,
  spec: Omit<Spec<Row>, 'authorize'>,
  values: readonly Record<string, unknown>[],
): Promise<Row[]> {
  if (!values.length) return [];
  const stamped = ctx.at ? values.map((v) => ({ createdAt: ctx.at, updatedAt: ctx.at, ...v })) : values;
  const rows = (await untyped(tx).insertInto(spec.table).values(stamped).returningAll().execute()) as Row[];
  await recordChanges(
    tx,
    ctx,
    rows.map((row) => ({ entity: spec.entity, entityId: row.id, action: 'create' as const, after: row })),
  );
  return rows;
}

export async function lockLive<Row>(tx: Tx, spec: Spec<Row>, id: string): Promise<Row> {
  const row = (await untyped(tx)
    .selectFrom(spec.table)
    .selectAll()
    .where('id', '=', id)
    .where('deletedAt', 'is', null)
    .forUpdate()
    .executeTakeFirst()) as Row | undefined;
  if (!row) throw notFound(spec.label);
  await spec.authorize?.(row);
  return row;
}

export async function updateRecord<Row extends { id: string; version: number }>(
  tx: Tx,
  ctx: ChangeContext,
  spec: Spec<Row>,
  id: string,
  expected: ExpectedVersion,
  patch: Record<string, unknown>,
): Promise<Row> {
  const before = await lockLive(tx, spec, id);
  assertVersion(before.version, expected);
  const after = (await untyped(tx)
    .updateTable(spec.table)
    .set({ ...patch, version: before.version + 1, updatedAt: ctx.at ?? new Date() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow()) as Row;
  await recordChange(tx, ctx, { entity: spec.entity, entityId: id, action: 'update', before, after });
  return after;
}

export async function softDeleteRecord<Row extends { id: string; version: number }>(
  tx: Tx,
  ctx: ChangeContext,
  spec: Spec<Row>,
  id: string,
  expected: ExpectedVersion | undefined,
): Promise<void> {
  const before = await lockLive(tx, spec, id);
  if (expected) assertVersion(before.version, expected);
  const now = ctx.at ?? new Date();
  await untyped(tx)
    .updateTable(spec.table)
    .set({ deletedAt: now, version: before.version + 1, updatedAt: now })
    .where('id', '=', id)
    .execute();
  await recordChange(tx, ctx, { entity: spec.entity, entityId: id, action: 'delete', before });
}

/**
 * For action routes (withdraw, decline, complete …): locks the live row (running `authorize`),
 * checks `expected` only when the caller sent a version, and writes the patch `change` derives
 * from the locked row — which may also throw when the row's state does not allow the action.
 */
export async function changeRecord<Row extends { id: string; version: number }>(
  tx: Tx,
  ctx: ChangeContext,
  spec: Spec<Row>,
  id: string,
  expected: ExpectedVersion | undefined,
  change: (before: Row) => Record<string, unknown> | Promise<Record<string, unknown>>,
): Promise<{ before: Row; after: Row }> {
  const before = await lockLive(tx, spec, id);
  if (expected) assertVersion(before.version, expected);
  const patch = await change(before);
  const after = await updateRecord<Row>(
    tx,
    ctx,
    { ...spec, authorize: undefined },
    id,
    { version: before.version, from: 'body' },
    patch,
  );
  return { before, after };
}
