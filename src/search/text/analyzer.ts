/**
 * Chinese-aware analysis. Documents: every Han bigram, every dictionary term of 3+ characters (all
 * matches, so nested terms are found too), isolated Han characters and Latin words (folded to lower
 * case). Queries: forward maximum matching with the dictionary, Intl.Segmenter('zh') for the gaps
 * between dictionary terms, runs of single characters merged back into one word.
 */
import { bigramKey, foldCode, isHan, isLatin } from './chars.js';
import { TermTrie } from './trie.js';

export interface TokenSink {
  bigram(key: number): void;
  word(term: string): void;
}

export type TokenKind = 'han' | 'latin' | 'mixed';
export interface QueryToken {
  text: string;
  kind: TokenKind;
  /** A dictionary (or synonym) term, matched whole. */
  dict: boolean;
  /** A lone Han character the segmenter left between words: scored, not required. */
  single: boolean;
  /** Offsets in the query text. */
  start: number;
  end: number;
}

const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });

export function kindOf(text: string): TokenKind {
  let han = false;
  let latin = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isHan(c)) han = true;
    else if (isLatin(c)) latin = true;
  }
  return han && latin ? 'mixed' : han ? 'han' : 'latin';
}

export class Analyzer {
  private readonly trie = new TermTrie();
  private codes = new Uint16Array(1024);

  /** `terms`: the dictionary plus every synonym entry; only those with a Han character go into the trie (Latin words need no help). */
  constructor(terms: Iterable<string>) {
    for (const t of terms) if (kindOf(t) !== 'latin' && t.length >= 2) this.trie.add(t);
  }

  get dictionarySize(): number {
    return this.trie.size;
  }

  private load(text: string): Uint16Array {
    if (this.codes.length < text.length) this.codes = new Uint16Array(text.length * 2);
    const codes = this.codes;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      // Han and lower-case ASCII need no folding: skip the call for them
      codes[i] = (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x61 && c <= 0x7a) ? c : foldCode(c);
    }
    return codes;
  }

  private sink: TokenSink | null = null;
  private readonly onTerm = (term: string, _end: number, indexed: boolean) => {
    if (indexed) this.sink!.word(term);
  };

  /** Feeds the index tokens of `text` to `sink`. */
  scan(text: string, sink: TokenSink): void {
    const n = text.length;
    const codes = this.load(text);
    const { trie, onTerm } = this;
    this.sink = sink;
    let i = 0;
    while (i < n) {
      const c = codes[i]!;
      if (isHan(c)) {
        let j = i + 1;
        while (j < n && isHan(codes[j]!)) j++;
        if (j - i === 1) sink.word(String.fromCharCode(c));
        for (let k = i; k + 1 < n && k < j; k++) {
          const a = codes[k]!;
          const b = codes[k + 1]!;
          if (k + 1 < j) sink.bigram(bigramKey(a, b));
          if (trie.startsWith(a, b)) trie.walk(codes, k, n, onTerm);
        }
        i = j;
      } else if (isLatin(c)) {
        let j = i + 1;
        while (j < n && isLatin(codes[j]!)) j++;
        sink.word(String.fromCharCode.apply(null, codes.subarray(i, j) as unknown as number[]));
        if (i + 1 < n && trie.startsWith(c, codes[i + 1]!)) trie.walk(codes, i, n, onTerm);
        i = j;
      } else i++;
    }
  }

  /** The words of a query, in order. */
  queryTokens(text: string): QueryToken[] {
    const n = text.length;
    const codes = this.load(text);
    const str = (a: number, b: number) => String.fromCharCode.apply(null, codes.subarray(a, b) as unknown as number[]);
    const out: QueryToken[] = [];
    const dictEnd = (k: number) => (this.trie.startsAt(codes[k]!) ? this.trie.longestAt(codes, k, n) : -1);
    let i = 0;
    while (i < n) {
      const c = codes[i]!;
      const wordStart = isHan(c) || (isLatin(c) && (i === 0 || !isLatin(codes[i - 1]!)));
      const e = wordStart ? dictEnd(i) : -1;
      if (e > i + 1) {
        const t = str(i, e);
        out.push({ text: t, kind: kindOf(t), dict: true, single: false, start: i, end: e });
        i = e;
      } else if (isHan(c)) {
        let j = i + 1;
        while (j < n && isHan(codes[j]!) && dictEnd(j) <= j + 1) j++;
        this.segmentGap(str(i, j), i, out);
        i = j;
      } else if (isLatin(c)) {
        let j = i + 1;
        while (j < n && isLatin(codes[j]!)) j++;
        out.push({ text: str(i, j), kind: 'latin', dict: false, single: false, start: i, end: j });
        i = j;
      } else i++;
    }
    return out;
  }

  /** Segments a run of Han characters with no dictionary term in it; consecutive single characters are merged. */
  private segmentGap(gap: string, offset: number, out: QueryToken[]): void {
    let singles = '';
    let from = 0;
    const flush = () => {
      if (singles)
        out.push({
          text: singles,
          kind: 'han',
          dict: false,
          single: singles.length === 1,
          start: from,
          end: from + singles.length,
        });
      singles = '';
    };
    for (const s of segmenter.segment(gap)) {
      const at = offset + s.index;
      if (s.segment.length === 1) {
        if (!singles) from = at;
        singles += s.segment;
      } else {
        flush();
        out.push({ text: s.segment, kind: 'han', dict: false, single: false, start: at, end: at + s.segment.length });
      }
    }
    flush();
  }
}
