/**
 * Sub-terms of dictionary terms, for Meilisearch. The dictionary keeps technical terms whole
 * (锂离子电池, 机器视觉, 热失控) so that a query for the whole term is precise; Meilisearch then
 * indexes each as one indivisible token and has no infix matching, so a query for a part (电池, 视觉,
 * 失控) would not find it — the embedded engine, which indexes bigrams too, does. Each document
 * therefore carries the parts of the dictionary terms its searchable text contains in a hidden,
 * lowest-weight searchable field, and both engines answer part queries alike.
 */
import type { SearchDefinitions } from '../definitions.js';
import type { FieldValue } from '../port.js';

/** The hidden searchable field (last in searchableAttributes; stripped from hits). */
export const SUBTERMS_FIELD = 'subterms';

/** Dictionary terms shorter than this are left whole: their parts are single characters. */
const MIN_TERM_LENGTH = 3;

const HAN = /\p{Script=Han}/u;
const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });

/** The parts of one term: its word segmentation without our dictionary, parts of 2+ characters. */
export function termParts(term: string): string[] {
  const parts = [...segmenter.segment(term)].filter((s) => s.isWordLike).map((s) => s.segment);
  const useful = parts.filter((p) => [...p].length >= 2 && p !== term);
  // A 3-character term the segmenter keeps whole (热失控) still has a 2-character tail worth finding.
  if (!useful.length && [...term].length === 3) return [[...term].slice(1).join('')];
  return [...new Set(useful)];
}

export interface SubtermIndex {
  /** The parts of every dictionary term found in the given texts, space-separated (empty when none). */
  of(texts: readonly string[]): string;
}

export function subtermIndex(defs: Pick<SearchDefinitions, 'dictionary'>): SubtermIndex {
  const han = defs.dictionary.filter((t) => HAN.test(t));
  const terms = han.filter((t) => [...t].length >= MIN_TERM_LENGTH);
  // A term's parts: its segmentation, plus shorter dictionary terms inside it (工业机器人 → 机器人).
  const partsOf = (t: string) => [...new Set([...termParts(t), ...han.filter((d) => d !== t && t.includes(d))])];
  const parts = new Map(terms.map((t) => [t, partsOf(t)] as const).filter(([, p]) => p.length > 0));
  return {
    of(texts) {
      const found = new Set<string>();
      for (const text of texts)
        for (const [term, ps] of parts) if (text.includes(term)) for (const p of ps) found.add(p);
      return [...found].join(' ');
    },
  };
}

/** The searchable text values of a document: strings and string arrays of the given attributes. */
export function searchableTexts(doc: Record<string, FieldValue | undefined>, attributes: readonly string[]): string[] {
  const out: string[] = [];
  for (const a of attributes) {
    const v = doc[a];
    if (typeof v === 'string') out.push(v);
    else if (Array.isArray(v)) out.push(...v);
  }
  return out;
}
