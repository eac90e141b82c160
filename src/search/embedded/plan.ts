/**
 * Query plan. A query is a list of groups (its words after segmentation, stop words dropped, a run
 * of 1–3 words replaced by its synonym group when it forms an entry); a group is a list of variants
 * (the words themselves, then each synonym), a variant a list of atoms that must all match, an atom
 * a union of clauses "at least `need` of these terms".
 *
 * The word rule ('all' is over words): a Latin word matches itself, a typo of it (1 edit from 5
 * letters, 2 from 9) or, for the last query word, a word it is a prefix of. A Han word of n ≥ 3
 * characters matches its dictionary term or at least k − ⌊k/3⌋ of its k = n − 1 bigrams; 2
 * characters match the bigram; a lone character matches itself or any bigram containing it. A lone
 * character between other words is optional (it only scores).
 *
 * Terms only deleted documents held (still in the dictionary, which merges do not shrink) are treated
 * as absent, so a query plans as it would over a fresh build of the live documents.
 *
 * In 'any' mode (long matching queries) a Han word whose dictionary term occurs in the index matches
 * and scores by that term alone: with many words the bigram recall matters little, and skipping the
 * bigrams' long postings halves the cost.
 */
import type { QueryToken } from '../text/analyzer.js';
import { bigramKey, isHan } from '../text/chars.js';
import { MAX_SYNONYM_WORDS, type SynonymIndex } from '../text/synonyms.js';
import type { IndexStore } from './store.js';
import type { TypoFinder } from './typos.js';

export interface Clause {
  terms: number[];
  need: number;
}
export interface Atom {
  label: string;
  latin: boolean;
  clauses: Clause[];
  /** term → weight before idf. */
  weights: Map<number, number>;
}
export interface Variant {
  atoms: Atom[];
}
export interface Group {
  variants: Variant[];
}
export interface Plan {
  groups: Group[];
  /** Distinct scoring terms with weight × idf. */
  scoreTerms: number[];
  scoreWeights: number[];
  /** The highest raw score a document could get (every group at full impact). */
  maxRaw: number;
}

const SYNONYM_FACTOR = 0.9;
const PREFIX_FACTOR = 0.8;
const PHRASE_WEIGHT = 0.2;
const MAX_PREFIX = 30;

export interface PlanContext {
  store: IndexStore;
  synonyms: SynonymIndex;
  stopWords: ReadonlySet<string>;
  typos: TypoFinder;
}

export function buildPlan(tokens: QueryToken[], ctx: PlanContext, matching: 'all' | 'any' = 'all'): Plan {
  const { store } = ctx;
  const n = Math.max(1, store.liveCount);
  const idf = (t: number) => {
    const df = store.postings.df(t);
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  };
  const words = tokens.filter((t) => !ctx.stopWords.has(t.text));
  let required = words.filter((t) => !t.single);
  if (required.length === 0) required = words; // a query of lone characters: they are the query
  const last = tokens[tokens.length - 1];

  const groups: Group[] = [];
  for (let i = 0; i < required.length;) {
    let width = 1;
    let variants: QueryToken[][] | undefined;
    for (let w = Math.min(MAX_SYNONYM_WORDS, required.length - i); w >= 1 && !variants; w--) {
      variants = ctx.synonyms.variants(required.slice(i, i + w));
      width = w;
    }
    const own = required.slice(i, i + width);
    const vs: Variant[] = [{ atoms: own.map((t) => atomFor(t, ctx, t === last, 1, matching)) }];
    for (const v of variants?.slice(1) ?? [])
      vs.push({ atoms: v.map((t) => atomFor(t, ctx, false, SYNONYM_FACTOR, matching)) });
    groups.push({ variants: vs });
    i += width;
  }

  const scoring = new Map<number, number>();
  const add = (t: number, w: number) => scoring.set(t, Math.max(scoring.get(t) ?? 0, w));
  let maxRaw = 0;
  for (const g of groups) {
    let best = 0;
    for (const v of g.variants) {
      let sum = 0;
      for (const a of v.atoms) {
        let atomMax = 0;
        for (const [t, w] of a.weights) {
          const s = w * idf(t);
          add(t, s);
          atomMax = a.latin ? Math.max(atomMax, s) : atomMax + s;
        }
        sum += atomMax;
      }
      best = Math.max(best, sum);
    }
    maxRaw += best;
  }
  // Adjacent Han words: the bigram across their boundary rewards the phrase written as typed.
  for (let k = 1; k < tokens.length; k++) {
    const a = tokens[k - 1]!;
    const b = tokens[k]!;
    if (a.end !== b.start) continue;
    const x = a.text.charCodeAt(a.text.length - 1);
    const y = b.text.charCodeAt(0);
    if (!isHan(x) || !isHan(y)) continue;
    const t = live(store, store.terms.bigramId(bigramKey(x, y)));
    if (t !== undefined) add(t, PHRASE_WEIGHT * idf(t));
  }
  const scoreTerms = [...scoring.keys()];
  const scoreWeights = scoreTerms.map((t) => scoring.get(t)!);
  // The bound: every scoring term at full impact (synonyms add up, so the best variant alone is no bound).
  maxRaw = Math.max(
    maxRaw,
    scoreWeights.reduce((a, b) => a + b, 0),
  );
  return { groups, scoreTerms, scoreWeights, maxRaw: maxRaw || 1 };
}

/** `t` if a live document holds it, else undefined. */
const live = (store: IndexStore, t: number | undefined) =>
  t !== undefined && store.postings.df(t) > 0 ? t : undefined;

function atomFor(token: QueryToken, ctx: PlanContext, isLast: boolean, factor: number, matching: 'all' | 'any'): Atom {
  const { store } = ctx;
  const { terms } = store;
  const wordId = (w: string) => live(store, terms.wordId(w));
  const weights = new Map<number, number>();
  const clauses: Clause[] = [];
  const text = token.text;
  const bigramIds = (s: string): [number[], number] => {
    const ids: number[] = [];
    let k = 0;
    for (let i = 0; i + 1 < s.length; i++) {
      const a = s.charCodeAt(i);
      const b = s.charCodeAt(i + 1);
      if (!isHan(a) || !isHan(b)) continue;
      k++;
      const id = live(store, terms.bigramId(bigramKey(a, b)));
      if (id !== undefined) ids.push(id);
    }
    return [ids, k];
  };

  if (token.kind === 'latin') {
    const found: [number, number][] = [];
    const exact = wordId(text);
    if (exact !== undefined) found.push([exact, 1]);
    if (factor === 1) {
      for (const [w, d] of ctx.typos.find(text)) {
        const t = wordId(w);
        if (t !== undefined) found.push([t, d === 1 ? 0.6 : 0.5]);
      }
      const prefixed = isLast ? terms.withPrefix(text, MAX_PREFIX, (w) => wordId(w) !== undefined) : [];
      for (const w of prefixed) found.push([wordId(w)!, PREFIX_FACTOR]);
    }
    for (const [t, w] of found) weights.set(t, Math.max(weights.get(t) ?? 0, w * factor));
    if (found.length) clauses.push({ terms: [...weights.keys()], need: 1 });
    return { label: text, latin: true, clauses, weights };
  }

  if (text.length === 1) {
    const own = wordId(text);
    if (own !== undefined) (clauses.push({ terms: [own], need: 1 }), weights.set(own, factor));
    const around = terms.bigramsWithChar(text.charCodeAt(0)).filter((t) => live(store, t) !== undefined);
    if (around.length) clauses.push({ terms: [...around], need: 1 });
    for (const t of around) weights.set(t, Math.max(weights.get(t) ?? 0, (0.5 * factor) / Math.sqrt(around.length)));
    return { label: text, latin: false, clauses, weights };
  }

  // Han or mixed word: the whole term, or enough of its parts.
  const whole = token.kind === 'han' && text.length === 2 ? undefined : wordId(text);
  const [bigrams, k] = bigramIds(text);
  const latinParts = token.kind === 'mixed' ? (text.match(/[a-z0-9]+/g) ?? []).map(wordId) : [];
  const partIds = [...bigrams, ...latinParts.filter((x): x is number => x !== undefined)];
  const need = k - Math.floor(k / 3) + latinParts.length;
  if (whole !== undefined && matching === 'any') {
    weights.set(whole, factor);
    return { label: text, latin: false, clauses: [{ terms: [whole], need: 1 }], weights };
  }
  if (whole !== undefined) (clauses.push({ terms: [whole], need: 1 }), weights.set(whole, 0.5 * factor));
  if (need > 0 && partIds.length >= need) clauses.push({ terms: partIds, need });
  const partShare = (whole !== undefined ? 0.5 : 1) * factor;
  const parts = k + latinParts.length;
  for (const t of partIds) weights.set(t, Math.max(weights.get(t) ?? 0, partShare / parts));
  return { label: text, latin: false, clauses, weights };
}
