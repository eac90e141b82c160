/** Live rows: the one lookup of a record that exists and is not soft-deleted, for checking references. */
import type { Kysely, Selectable } from 'kysely';
import type { Database } from './tables.js';

/** Tables whose rows are soft-deleted (`deleted_at`). */
export type LiveTable = {
  [T in keyof Database]: Database[T] extends { id: unknown; deletedAt: unknown } ? T : never;
}[keyof Database];

/** The live row `id` of `table` with `id` and the `columns` asked for, or undefined (missing or deleted). */
export function liveRow<T extends LiveTable, K extends keyof Selectable<Database[T]> & string = never>(
  db: Kysely<Database>,
  table: T,
  id: string,
  columns: readonly K[] = [],
): Promise<(Pick<Selectable<Database[T]>, K> & { id: string }) | undefined> {
  // Generic over tables: Kysely's per-table typing is given back by the return type.
  const untyped = db as unknown as Kysely<any>;
  type Row = Pick<Selectable<Database[T]>, K> & { id: string };
  return untyped
    .selectFrom(table as string)
    .select(['id', ...columns.filter((c) => c !== 'id')] as string[])
    .where('id', '=', id)
    .where('deletedAt', 'is', null)
    .executeTakeFirst() as Promise<Row | undefined>;
}
