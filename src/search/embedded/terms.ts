/** The term dictionary of one index: words and Han bigrams to dense term ids, Latin vocabulary for typos and prefixes. */
import { bigramText, isLatin } from '../text/chars.js';
import { U32Map } from '../text/u32map.js';

export class TermDictionary {
  private readonly words = new Map<string, number>();
  private readonly bigrams = new U32Map(1 << 14);
  /** Text of each term, by id. */
  readonly text: string[] = [];
  /** Han character → ids of the bigrams that contain it (answers single-character queries). */
  private readonly byChar = new Map<number, number[]>();
  private latinIds: number[] = [];
  private latinSorted: string[] | null = [];
  /** Bumped when the Latin vocabulary changes, so cached expansions can be dropped. */
  latinVersion = 0;

  get size(): number {
    return this.text.length;
  }

  wordId(term: string): number | undefined {
    return this.words.get(term);
  }

  bigramId(key: number): number | undefined {
    const id = this.bigrams.get(key);
    return id < 0 ? undefined : id;
  }

  internWord(term: string): number {
    let id = this.words.get(term);
    if (id === undefined) {
      id = this.text.length;
      this.words.set(term, id);
      this.text.push(term);
      if (isLatin(term.charCodeAt(0)) && isLatin(term.charCodeAt(term.length - 1))) {
        this.latinIds.push(id);
        this.latinSorted = null;
        this.latinVersion++;
      }
    }
    return id;
  }

  internBigram(key: number): number {
    let id = this.bigrams.get(key);
    if (id < 0) {
      id = this.text.length;
      this.bigrams.set(key, id);
      const text = bigramText(key);
      this.text.push(text);
      for (const c of new Set([text.charCodeAt(0), text.charCodeAt(1)])) {
        const list = this.byChar.get(c);
        if (list) list.push(id);
        else this.byChar.set(c, [id]);
      }
    }
    return id;
  }

  /** Whether term `id` is a word (else a Han bigram: a two-character word and a bigram may share a text). */
  isWord(id: number): boolean {
    return this.words.get(this.text[id]!) === id;
  }

  bigramsWithChar(code: number): readonly number[] {
    return this.byChar.get(code) ?? [];
  }

  /** Latin words of the vocabulary, sorted (for prefix ranges). */
  latinWords(): readonly string[] {
    if (!this.latinSorted) this.latinSorted = this.latinIds.map((id) => this.text[id]!).sort();
    return this.latinSorted;
  }

  /** Latin words starting with `prefix` (excluding itself) that `keep` accepts. */
  withPrefix(prefix: string, max: number, keep: (word: string) => boolean = () => true): string[] {
    const words = this.latinWords();
    let lo = 0;
    let hi = words.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (words[mid]! < prefix) lo = mid + 1;
      else hi = mid;
    }
    const out: string[] = [];
    for (let i = lo; i < words.length && out.length < max && words[i]!.startsWith(prefix); i++)
      if (words[i] !== prefix && keep(words[i]!)) out.push(words[i]!);
    return out;
  }
}
