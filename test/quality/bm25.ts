/** Plain BM25 baseline for the matching evaluation: Intl.Segmenter words, no synonyms, dictionary or n-grams. */

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

/** Indexes the labs once; the returned function ranks them for a problem. */
export function bm25Index(labs: LabText[]): (problem: ProblemText) => string[] {
  const docs = labs.map((lab) => {
    const tf = new Map<string, number>();
    const tokens = tokenize(labText(lab));
    for (const t of tokens) tf.set(t, (tf.get(t) ?? 0) + 1);
    return { key: lab.key, tf, length: tokens.length };
  });
  const avgLength = docs.reduce((sum, d) => sum + d.length, 0) / Math.max(docs.length, 1);
  const df = new Map<string, number>();
  for (const d of docs) for (const t of d.tf.keys()) df.set(t, (df.get(t) ?? 0) + 1);
  // Lucene's idf, never negative: ln(1 + (N − df + 0.5) / (df + 0.5)).
  const idf = (t: string) => Math.log(1 + (docs.length - (df.get(t) ?? 0) + 0.5) / ((df.get(t) ?? 0) + 0.5));

  return (problem) => {
    // Each distinct query term counts once, so a word the enterprise repeats does not outweigh the rest.
    const terms = [...new Set(tokenize(problemText(problem)))].filter((t) => df.has(t));
    return docs
      .map((d) => {
        let score = 0;
        for (const t of terms) {
          const f = d.tf.get(t);
          if (f) score += (idf(t) * f * (K1 + 1)) / (f + K1 * (1 - B + (B * d.length) / avgLength));
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
