/**
 * Re-ranking of engine candidates: text relevance, coverage of the source's distinctive terms,
 * shared domains and keywords, and — when embeddings are available — cosine similarity.
 * Pure functions, so the weights and the confidence calibration are tested on the labelled set.
 */
import { DOMAIN_NAMES, type DomainCode } from '../../domain/taxonomy.js';
import type { QueryTerms } from './query.js';

export interface Source {
  query: QueryTerms;
  domains: readonly string[];
  keywords: readonly string[];
}

export interface Candidate {
  id: string;
  /** Engine relevance in [0, 1]. */
  textScore: number;
  matchedTerms: readonly string[];
  domains: readonly string[];
  keywords: readonly string[];
  /** Searchable text of the candidate, to find the source keywords in it. */
  text: string;
  /** Cosine similarity of the candidate's embedding with the source's, when both are known. */
  semanticScore?: number;
}

export type Confidence = 'high' | 'medium' | 'low';

export interface Reasons {
  matchedTerms: string[];
  sharedDomains: { code: string; name: string }[];
  sharedKeywords: string[];
  /** Weighted share of the source's distinctive terms that the candidate covers (0–1). */
  coverage: number;
  textScore: number;
  /** Cosine similarity of the embeddings, when both are known. */
  semanticScore?: number;
}

export interface Ranked {
  id: string;
  score: number;
  confidence: Confidence;
  reasons: Reasons;
}

const round = (x: number) => Math.round(x * 1000) / 1000;

/** A term counts as covered when the candidate matched it or a term containing it (or contained by it). */
function covered(term: string, matched: readonly string[], text: string): boolean {
  const t = term.toLowerCase();
  return (
    matched.some((m) => {
      const k = m.toLowerCase();
      return k === t || (k.length >= 2 && (k.includes(t) || t.includes(k)));
    }) || text.includes(t)
  );
}

export interface Weights {
  textScore: number;
  coverage: number;
  domains: number;
  keywords: number;
  semantic: number;
}

/**
 * Weights chosen by grid search on the tuning half of test/quality only (text only; the held-out half
 * was not looked at). Coverage adds nothing to the order there, so it only feeds the confidence; the
 * domain agreement is a small prior, never a filter. The semantic row keeps the proportions and gives
 * the rest to cosine similarity.
 */
export const WEIGHTS: { text: Weights; semantic: Weights } = {
  text: { textScore: 0.7, coverage: 0, domains: 0.03, keywords: 0.075, semantic: 0 },
  semantic: { textScore: 0.45, coverage: 0, domains: 0.02, keywords: 0.05, semantic: 0.35 },
};

/**
 * Confidence from absolute evidence, not rank, so that a problem with no suitable lab gets only
 * `low`: the share of the source's distinctive terms the candidate covers, the engine's own
 * relevance, shared keywords and (when known) semantic similarity above chance. Domains are left
 * out on purpose — they are often mis-tagged. `medium` calibrated on the tuning half of test/quality:
 * with jieba query words, 0.38 answers "none" for 4/4 of its no-match problems and 4/38 judged ones.
 */
export const CONFIDENCE_THRESHOLDS = { high: 0.7, medium: 0.38 };

export function confidenceOf(
  coverage: number,
  textScore: number,
  sharedKeywords: number,
  semantic?: number,
): Confidence {
  const evidence =
    coverage +
    textScore +
    0.1 * Math.min(sharedKeywords, 3) +
    (semantic !== undefined ? Math.max(0, semantic - 0.5) : 0);
  if (evidence >= CONFIDENCE_THRESHOLDS.high) return 'high';
  if (evidence >= CONFIDENCE_THRESHOLDS.medium) return 'medium';
  return 'low';
}

export function rankCandidates(source: Source, candidates: readonly Candidate[], weights = WEIGHTS): Ranked[] {
  const totalWeight = source.query.weights.reduce((a, b) => a + b, 0) || 1;
  const sourceDomains = new Set(source.domains);
  const exact = new Map<string, number>();
  const ranked = candidates.map((c): Ranked => {
    const text = c.text.toLowerCase();
    let coveredWeight = 0;
    const matchedTerms: string[] = [];
    source.query.terms.forEach((term, i) => {
      if (covered(term, c.matchedTerms, text)) {
        coveredWeight += source.query.weights[i]!;
        matchedTerms.push(term);
      }
    });
    const coverage = coveredWeight / totalWeight;
    const sharedDomains = c.domains.filter((d) => sourceDomains.has(d));
    const candidateKeywords = new Set(c.keywords.map((k) => k.toLowerCase()));
    const sharedKeywords = source.keywords.filter(
      (k) => candidateKeywords.has(k.toLowerCase()) || text.includes(k.toLowerCase()),
    );
    const domainScore = sharedDomains.length
      ? sharedDomains.length / Math.min(sourceDomains.size || 1, c.domains.length || 1)
      : 0;
    const keywordScore = source.keywords.length ? sharedKeywords.length / source.keywords.length : 0;
    const semantic = c.semanticScore;
    const w = semantic === undefined ? weights.text : weights.semantic;
    const score =
      w.textScore * c.textScore +
      w.coverage * coverage +
      w.domains * domainScore +
      w.keywords * keywordScore +
      w.semantic * Math.max(0, semantic ?? 0);
    exact.set(c.id, score);
    return {
      id: c.id,
      score: round(score),
      confidence: confidenceOf(coverage, c.textScore, sharedKeywords.length, semantic),
      reasons: {
        matchedTerms,
        sharedDomains: sharedDomains.map((code) => ({ code, name: DOMAIN_NAMES[code as DomainCode] ?? code })),
        sharedKeywords,
        coverage: round(coverage),
        textScore: round(c.textScore),
        ...(semantic !== undefined ? { semanticScore: round(semantic) } : {}),
      },
    };
  });
  // Order by the exact score: rounding would turn near-ties into ties broken by (random) id.
  return ranked.sort((a, b) => exact.get(b.id)! - exact.get(a.id)! || a.id.localeCompare(b.id));
}
