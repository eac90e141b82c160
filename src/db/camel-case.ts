/**
 * The CamelCase plugin every Kysely of this app uses: Kysely's own, with nested object keys kept as
 * they are (jsonb documents are stored as written), its result rows mapped in one pass. The stock
 * `mapRow` copies every array value and builds each row through `reduce`: a list page paid for
 * twenty rows of copies. Same keys, same values (arrays and objects are the driver's own).
 */
import { CamelCasePlugin, type UnknownRow } from 'kysely';

export class RowCamelCasePlugin extends CamelCasePlugin {
  constructor() {
    super({ maintainNestedObjectKeys: true });
  }

  protected override mapRow(row: UnknownRow): UnknownRow {
    const out: UnknownRow = {};
    for (const key of Object.keys(row)) out[this.camelCase(key)] = row[key];
    return out;
  }
}
