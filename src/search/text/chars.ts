/** Character classes and folding shared by the tokenizer and the highlighter (Han, Latin/digit, full-width → ASCII, lower case). */

/** Full-width ASCII and the ideographic space become ASCII; A–Z become a–z. Other code units are kept. */
export function foldCode(c: number): number {
  if (c >= 0xff01 && c <= 0xff5e) c -= 0xfee0;
  else if (c === 0x3000) return 0x20;
  if (c >= 0x41 && c <= 0x5a) return c + 32;
  if (c >= 0xc0 && c <= 0xde && c !== 0xd7) return c + 32;
  return c;
}

/** CJK unified ideographs (BMP blocks): the characters that get bigrams and dictionary matching. */
export function isHan(c: number): boolean {
  return (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0xf900 && c <= 0xfaff);
}

/** Letters and digits of Latin words (after folding). */
export function isLatin(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || (c >= 0xdf && c <= 0x24f && c !== 0xf7);
}

/** The folded form of a string, same length as the input (code unit for code unit). */
export function fold(text: string): string {
  let out = '';
  let changed = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const f = foldCode(c);
    if (f !== c) changed = true;
    out += String.fromCharCode(f);
  }
  return changed ? out : text;
}

/** A bigram of two Han code units as one number (no string allocated while indexing). */
export const bigramKey = (a: number, b: number) => a * 65536 + b;
export const bigramText = (key: number) => String.fromCharCode(Math.floor(key / 65536), key % 65536);

/**
 * Whether a query has anything the analyzer can search for: a Han character or a Latin letter or
 * digit (after folding). Emoji, punctuation and other scripts alone make no query terms, and the
 * engine then answers with every document, as for an empty query.
 */
export function hasSearchableText(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = foldCode(text.charCodeAt(i));
    if (isHan(c) || isLatin(c)) return true;
  }
  return false;
}
