/**
 * Plain BM25 baselines for the matching evaluation: by default Intl.Segmenter words, each distinct query
 * word once, no synonyms, dictionary or n-grams; `bm25Baselines` adds jieba-segmented variants that count
 * query term frequencies (as issue 13 describes) — the margin is reported over the best of them.
 */
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import { loadDefinitions } from '../../src/search/definitions.js';
import { toSimplified } from '../../src/search/text/simplify.js';

export interface LabText {
  key: string;
  name: string;
  keywords: string[];
  summary: string;
  equipment: string[];
  achievements: string[];
}

export interface ProblemText {
  title: string;
  description: string;
  keywords: string[];
}

const K1 = 1.2;
const B = 0.75;

const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });
/** A segment counts as a token when it holds a letter or a digit; punctuation and whitespace are dropped. */
const WORDISH = /[\p{L}\p{N}]/u;

/** ICU word segments, lower-cased, without punctuation and whitespace. */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  for (const { segment } of segmenter.segment(text)) {
    if (WORDISH.test(segment)) tokens.push(segment.toLowerCase());
  }
  return tokens;
}

export const labText = (lab: LabText) =>
  [lab.name, lab.keywords.join(' '), lab.summary, lab.equipment.join(' '), lab.achievements.join(' ')].join('\n');

export const problemText = (problem: ProblemText) =>
  [problem.title, problem.description, problem.keywords.join(' ')].join('\n');

export interface Bm25Options {
  /** Text → tokens (default: `tokenize`). */
  tokenize?: (text: string) => string[];
  /** Count a query term as often as it occurs (default: each distinct term once). */
  queryTf?: boolean;
}

/** Indexes the labs once; the returned function ranks them for a problem. */
export function bm25Index(labs: LabText[], options: Bm25Options = {}): (problem: ProblemText) => string[] {
  const split = options.tokenize ?? tokenize;
  const docs = labs.map((lab) => {
    const tf = new Map<string, number>();
    const tokens = split(labText(lab));
    for (const t of tokens) tf.set(t, (tf.get(t) ?? 0) + 1);
    return { key: lab.key, tf, length: tokens.length };
  });
  const avgLength = docs.reduce((sum, d) => sum + d.length, 0) / Math.max(docs.length, 1);
  const df = new Map<string, number>();
  for (const d of docs) for (const t of d.tf.keys()) df.set(t, (df.get(t) ?? 0) + 1);
  // Lucene's idf, never negative: ln(1 + (N − df + 0.5) / (df + 0.5)).
  const idf = (t: string) => Math.log(1 + (docs.length - (df.get(t) ?? 0) + 0.5) / ((df.get(t) ?? 0) + 0.5));

  return (problem) => {
    // By default each distinct query term counts once, so a word the enterprise repeats does not outweigh the rest.
    const qtf = new Map<string, number>();
    for (const t of split(problemText(problem))) if (df.has(t)) qtf.set(t, options.queryTf ? (qtf.get(t) ?? 0) + 1 : 1);
    return docs
      .map((d) => {
        let score = 0;
        for (const [t, q] of qtf) {
          const f = d.tf.get(t);
          if (f) score += (q * idf(t) * f * (K1 + 1)) / (f + K1 * (1 - B + (B * d.length) / avgLength));
        }
        return { key: d.key, score };
      })
      .filter((r) => r.score > 0)
      .sort((a, b) => b.score - a.score || a.key.localeCompare(b.key))
      .map((r) => r.key);
  };
}

/** Lab keys by BM25 score, best first; only labs scoring above 0. */
export function bm25Rank(labs: LabText[], problem: ProblemText): string[] {
  return bm25Index(labs)(problem);
}

/** jieba words (precise mode, HMM), lower-cased, without punctuation and whitespace. */
function jiebaTokenizer(withOurDictionary: boolean): (text: string) => string[] {
  const jieba = Jieba.withDict(dict);
  if (withOurDictionary) {
    const defs = loadDefinitions();
    const terms = [...defs.dictionary, ...defs.synonymGroups.flat()].filter((t) => t.length >= 2 && !/\s/.test(t));
    jieba.loadDict(Buffer.from(terms.map((t) => `${t} 2000 n`).join('\n')));
  }
  return (text) => jieba.cut(text, true).flatMap((w) => (WORDISH.test(w) ? [w.toLowerCase()] : []));
}

/**
 * The plain BM25 variants the matcher is compared with: ICU words (also on simplified text); jieba words with query term
 * frequencies, with jieba's dictionary alone and with ours added, each also on text converted to
 * simplified characters. The caller reports the best of them.
 */
export function bm25Baselines(labs: LabText[]): { name: string; rank: (problem: ProblemText) => string[] }[] {
  const jieba = jiebaTokenizer(false);
  const jiebaOurs = jiebaTokenizer(true);
  const simplified = (split: (text: string) => string[]) => (text: string) => split(toSimplified(text));
  return [
    { name: 'BM25 words', rank: bm25Index(labs) },
    { name: 'BM25 words+t2s', rank: bm25Index(labs, { tokenize: simplified(tokenize) }) },
    { name: 'BM25 jieba+qtf', rank: bm25Index(labs, { tokenize: jieba, queryTf: true }) },
    { name: 'BM25 jieba+dict+qtf', rank: bm25Index(labs, { tokenize: jiebaOurs, queryTf: true }) },
    { name: 'BM25 jieba+qtf+t2s', rank: bm25Index(labs, { tokenize: simplified(jieba), queryTf: true }) },
    { name: 'BM25 jieba+dict+qtf+t2s', rank: bm25Index(labs, { tokenize: simplified(jiebaOurs), queryTf: true }) },
  ];
}
