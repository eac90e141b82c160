/**
 * jieba segmentation and TF-IDF keyword weights (@node-rs/jieba: prebuilt binary, its dictionary and
 * IDF table ship in the package, nothing is fetched). Our search dictionary and synonym entries are
 * added to jieba's dictionary so that technical terms stay whole, and to its IDF table as distinctive
 * terms. Loaded on first use (≈ 2–3 s, ≈ 100 MB), once per process.
 */
import { Jieba, TfIdf } from '@node-rs/jieba';
import { dict, idf } from '@node-rs/jieba/dict.js';

/** IDF given to our own dictionary terms (technical, so distinctive): as rare as jieba's rarer words. */
const OWN_TERM_IDF = 12;

/** The median IDF of jieba's table, for words it does not know. */
export const MEDIAN_IDF = 11.7;

export interface Segmenter {
  /** Words of `text` in order (jieba's precise mode with HMM for unknown words). */
  cut(text: string): string[];
  /** The word's IDF in jieba's table (with ours merged in); the table's median when it does not know the word. */
  idf(word: string): number;
  /** Up to `topK` distinctive words of `text` with their TF-IDF weights, best first. */
  keywords(text: string, topK: number): { keyword: string; weight: number }[];
}

let shared: Segmenter | undefined;

/** The process's jieba, with `terms` (our dictionary and synonym entries) added the first time it is built. */
export function jiebaSegmenter(terms: Iterable<string>): Segmenter {
  if (shared) return shared;
  const jieba = Jieba.withDict(dict);
  const tfIdf = TfIdf.withDict(idf);
  const own = [...new Set([...terms].map((t) => t.trim()).filter((t) => t.length >= 2 && !/\s/.test(t)))];
  if (own.length) {
    jieba.loadDict(Buffer.from(own.map((t) => `${t} 2000 n`).join('\n')));
    tfIdf.loadDict(Buffer.from(own.map((t) => `${t} ${OWN_TERM_IDF}`).join('\n')));
  }
  tfIdf.setConfig({ minKeywordLength: 2, useHmm: true });
  shared = {
    cut: (text) => jieba.cut(text, true),
    idf: (word) => {
      const [k] = tfIdf.extractKeywords(jieba, word, 1);
      return k && k.keyword === word ? k.weight : MEDIAN_IDF;
    },
    keywords: (text, topK) => tfIdf.extractKeywords(jieba, text, topK),
  };
  return shared;
}
