/**
 * Turns a record into a matching query: its most distinctive terms, best first (Meilisearch reads
 * only the first 10 query words, so order matters). Keywords count most, then dictionary terms and
 * Latin abbreviations of the title, then those of the body; stop words and lone characters are dropped.
 */
import { loadDefinitions } from '../../search/definitions.js';
import { Analyzer } from '../../search/text/analyzer.js';
import { jiebaSegmenter } from '../../search/text/jieba.js';
import { COLLOQUIAL } from './colloquial.js';

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

/** An expansion's weight against the word itself written once (0.5 and 1.2 scored the same on the tuning half). */
const EXPANSION_FACTOR = 0.8;

const WORDISH = /[\p{L}\p{N}]/u;
const NUMBERISH = /^[\d.%]+$/;

/** Longest everyday phrase, in jieba words: 不耐用 is cut 不/耐用, 储能柜 储能/柜. */
const PHRASE_WORDS = 4;

/**
 * The technical terms that everyday words imply. A list entry may be one jieba word (电瓶) or a run of
 * them (不/耐用), so runs of up to PHRASE_WORDS consecutive words are looked up too; without that, a
 * sixth of the entries could never fire.
 */
function impliedBy(words: readonly string[], expansions: Readonly<Record<string, readonly string[]>>): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i < words.length; i++) {
    let phrase = '';
    for (let j = i; j < Math.min(words.length, i + PHRASE_WORDS); j++) {
      phrase += words[j];
      // Own entries only: a text holding "constructor" must not reach Object.prototype's.
      if (Object.hasOwn(expansions, phrase)) for (const e of expansions[phrase]!) out.add(e.toLowerCase());
    }
  }
  return out;
}

/**
 * The same, with jieba's words instead of the analyzer's: each field's words weighted by the field,
 * their (capped) frequency and their IDF in jieba's table (our dictionary terms count as distinctive),
 * so that everyday wording yields whole words (冲床, 空压机) rather than the segmenter's leftovers.
 * An everyday word in `expansions` (colloquial.ts: 电瓶 → 蓄电池, 电池) adds the technical terms it
 * implies, so the engine also returns labs that never use the everyday word.
 */
export function distinctiveWords(
  fields: readonly WeightedText[],
  keywords: readonly string[],
  max = 16,
  expansions: Readonly<Record<string, readonly string[]>> = COLLOQUIAL,
): QueryTerms {
  const { stop } = analysis();
  const defs = loadDefinitions();
  const jieba = jiebaSegmenter([...defs.dictionary, ...defs.synonymGroups.flat()]);
  const score = new Map<string, number>();
  const idfOf = new Map<string, number>();
  for (const k of keywords) if (k.trim()) score.set(k.trim().toLowerCase(), 40);
  for (const { text, weight } of fields) {
    const tf = new Map<string, number>();
    const implied = new Set<string>();
    const words = jieba.cut(text).map((raw) => raw.trim().toLowerCase());
    for (const e of impliedBy(words, expansions)) implied.add(e);
    for (const w of words) {
      if (w.length < 2 || !WORDISH.test(w) || NUMBERISH.test(w) || stop.has(w)) continue;
      tf.set(w, (tf.get(w) ?? 0) + 1);
    }
    for (const [w, n] of tf) {
      if (!idfOf.has(w)) idfOf.set(w, jieba.idf(w));
      score.set(w, (score.get(w) ?? 0) + weight * Math.min(n, 3) * idfOf.get(w)!);
    }
    // A technical term the text implies counts as once written, a little less.
    for (const e of implied) {
      if (!idfOf.has(e)) idfOf.set(e, jieba.idf(e));
      score.set(e, (score.get(e) ?? 0) + EXPANSION_FACTOR * weight * idfOf.get(e)!);
    }
  }
  const ranked = [...score.entries()].sort((a, b) => b[1] - a[1]).slice(0, max);
  return { terms: ranked.map(([t]) => t), weights: ranked.map(([, w]) => w) };
}
