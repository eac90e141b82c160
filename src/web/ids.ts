/**
 * Record ids in page URLs and forms. A page route takes its ids through `idParam`, so anything that
 * is not a UUID never reaches PostgreSQL (which would reject it as a uuid: a 500) and reads as the
 * Chinese 404 page, like a record that does not exist. `isUuid` is the same test for posted or
 * queried ids.
 */
const UUID_PATTERN = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
const UUID = new RegExp(`^${UUID_PATTERN}$`);

/** A Hono path parameter that matches only a UUID: `/enterprise/problems/${idParam()}`. */
export const idParam = <N extends string = 'id'>(name: N = 'id' as N) =>
  `:${name}{${UUID_PATTERN}}` as `:${N}{${string}}`;

export const isUuid = (v: unknown): v is string => typeof v === 'string' && UUID.test(v);
