/**
 * Turns a record into a matching query: its most distinctive terms, best first (Meilisearch reads
 * only the first 10 query words, so order matters). Keywords count most, then dictionary terms and
 * Latin abbreviations of the title, then those of the body; stop words and lone characters are dropped.
 */
import { loadDefinitions } from '../../search/definitions.js';
import { Analyzer } from '../../search/text/analyzer.js';

export interface WeightedText {
  text: string;
  weight: number;
}

export interface QueryTerms {
  /** Terms, most distinctive first. */
  terms: string[];
  /** Weight of each term (same order), for coverage. */
  weights: number[];
}

let shared: { analyzer: Analyzer; stop: Set<string> } | undefined;

function analysis() {
  if (!shared) {
    const defs = loadDefinitions();
    shared = {
      analyzer: new Analyzer([...defs.dictionary, ...defs.synonymGroups.flat()]),
      stop: new Set(defs.stopWords.map((w) => w.toLowerCase())),
    };
  }
  return shared;
}

export function distinctiveTerms(fields: readonly WeightedText[], keywords: readonly string[], max = 16): QueryTerms {
  const { analyzer, stop } = analysis();
  const score = new Map<string, number>();
  const seen = new Map<string, number>();
  const add = (term: string, weight: number) => {
    const key = term.toLowerCase();
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    // Repetition helps, with diminishing returns.
    score.set(key, (score.get(key) ?? 0) + weight / (1 + n * 0.5));
  };
  for (const k of keywords) if (k.trim()) add(k.trim(), 4);
  for (const { text, weight } of fields) {
    for (const t of analyzer.queryTokens(text)) {
      const key = t.text.toLowerCase();
      if (t.single || stop.has(key) || /^\d+(\.\d+)?$/.test(key) || key.length < 2) continue;
      const w = weight * (t.dict ? 2 : 1) * (t.kind === 'latin' ? 1.5 : 1) * (t.text.length >= 3 ? 1.2 : 1);
      add(t.text, w);
    }
  }
  const ranked = [...score.entries()].sort((a, b) => b[1] - a[1]).slice(0, max);
  return { terms: ranked.map(([t]) => t), weights: ranked.map(([, w]) => w) };
}
