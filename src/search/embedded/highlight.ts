/**
 * Highlighted snippets: every occurrence of the matched terms wrapped in <em>…</em>, the text
 * HTML-escaped so <em> is the only markup, long fields cropped around the first mark.
 */
import { fold, isLatin } from '../text/chars.js';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
const escape = (s: string) => s.replace(/[&<>"]/g, (c) => ESCAPES[c]!);

export const SNIPPET_LENGTH = 120;

/** The snippet of `text` with `needles` (folded terms) marked, or null when none occurs. */
export function highlight(text: string, needles: readonly string[], maxLength = SNIPPET_LENGTH): string | null {
  if (!text) return null;
  const folded = fold(text);
  const marks = new Uint8Array(text.length);
  let first = -1;
  for (const needle of needles) {
    if (!needle) continue;
    const latin = isLatin(needle.charCodeAt(0));
    for (let at = folded.indexOf(needle); at >= 0; at = folded.indexOf(needle, at + 1)) {
      const end = at + needle.length;
      // a Latin word matches whole words or their beginning (prefix search), never the middle of one
      if (latin && at > 0 && isLatin(folded.charCodeAt(at - 1))) continue;
      marks.fill(1, at, end);
      if (first < 0 || at < first) first = at;
    }
  }
  if (first < 0) return null;
  let start = 0;
  let end = text.length;
  if (text.length > maxLength) {
    start = Math.max(0, first - Math.floor(maxLength / 4));
    end = Math.min(text.length, start + maxLength);
    start = Math.max(0, end - maxLength);
  }
  let out = start > 0 ? '…' : '';
  for (let i = start; i < end;) {
    let j = i + 1;
    while (j < end && marks[j] === marks[i]) j++;
    const piece = escape(text.slice(i, j));
    out += marks[i] ? `<em>${piece}</em>` : piece;
    i = j;
  }
  return end < text.length ? `${out}…` : out;
}
