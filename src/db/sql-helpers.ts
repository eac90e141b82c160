/** Small SQL helpers shared by repositories. */

/** Escapes LIKE wildcards so user text matches literally (Postgres' default escape is backslash). */
export const escapeLike = (s: string) => s.replace(/[\\%_]/g, (m) => `\\${m}`);
