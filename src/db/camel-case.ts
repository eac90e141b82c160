/**
 * The CamelCase plugin every Kysely of this app uses: Kysely's own, with nested object keys kept as
 * they are (jsonb documents are stored as written), its result rows mapped in one pass. The stock
 * plugin looks every key of every row up again, copies every array value and builds each row through
 * `reduce`: a list page paid for that twenty times. Here the rows of one result, which the driver
 * builds from one row description and so share their keys, are mapped with names looked up once.
 * Same keys, same values (arrays and objects are the driver's own).
 */
import { CamelCasePlugin, type PluginTransformResultArgs, type QueryResult, type UnknownRow } from 'kysely';

export class RowCamelCasePlugin extends CamelCasePlugin {
  constructor() {
    super({ maintainNestedObjectKeys: true });
  }

  override async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    const { rows } = args.result;
    if (!Array.isArray(rows) || rows.length === 0) return args.result;
    const keys = Object.keys(rows[0]!);
    const names = keys.map((key) => this.camelCase(key));
    return {
      ...args.result,
      rows: rows.map((row) => {
        const out: UnknownRow = {};
        for (let i = 0; i < keys.length; i++) out[names[i]!] = row[keys[i]!];
        return out;
      }),
    };
  }
}
