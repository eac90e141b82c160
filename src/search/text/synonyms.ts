/**
 * Synonym groups applied at query time: each entry is analyzed like a query, and a run of 1–3
 * consecutive query words whose joined form equals an entry expands to every entry of its groups.
 */
import type { Analyzer, QueryToken } from './analyzer.js';

export const MAX_SYNONYM_WORDS = 3;

/** The lookup form of a word sequence. */
export const synonymKey = (tokens: readonly QueryToken[]) => tokens.map((t) => t.text).join(' ');

export class SynonymIndex {
  /** key → the entries (as their query tokens) of every group that contains it, the key's own first. */
  private readonly byKey = new Map<string, QueryToken[][]>();

  constructor(groups: readonly (readonly string[])[], analyzer: Analyzer) {
    const analyzed = groups.map((g) => g.map((entry) => analyzer.queryTokens(entry)).filter((t) => t.length > 0));
    for (const group of analyzed)
      for (const entry of group) {
        const key = synonymKey(entry);
        const list = this.byKey.get(key) ?? [entry];
        for (const other of group) if (!list.some((e) => synonymKey(e) === synonymKey(other))) list.push(other);
        this.byKey.set(key, list);
      }
  }

  /** The variants (first: the words themselves) for the words `tokens`, or undefined when they form no entry. */
  variants(tokens: readonly QueryToken[]): QueryToken[][] | undefined {
    return this.byKey.get(synonymKey(tokens));
  }

  get size(): number {
    return this.byKey.size;
  }
}
