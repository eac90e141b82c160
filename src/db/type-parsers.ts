/**
 * Text parsers for the two column types every problem and lab row carries several of: `timestamptz`
 * and `text[]`. pg's own (postgres-date, postgres-array) match regular expressions and build arrays
 * character by character: on a page of twenty problems that was a sixth of what a read allocated.
 * Each parser here reads the form PostgreSQL sends (DateStyle ISO; a one-dimensional array with the
 * default bounds) straight from the string and hands anything else to pg's parser, so the result is
 * the same: a `Date` to the millisecond (later digits truncated), strings and nulls.
 */
import pg from 'pg';

export const TIMESTAMPTZ_OID = 1184;
export const TEXT_ARRAY_OID = 1009;

const stockTimestamptz = pg.types.getTypeParser(TIMESTAMPTZ_OID as never, 'text') as (s: string) => unknown;
const stockTextArray = pg.types.getTypeParser(TEXT_ARRAY_OID as never, 'text') as (s: string) => unknown;

/** The number in `s` from `i` to `i + n` (digits only), or -1. */
function digits(s: string, i: number, n: number): number {
  let v = 0;
  for (let k = i; k < i + n; k++) {
    const d = s.charCodeAt(k) - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

/** `YYYY-MM-DD HH:MM:SS[.ffffff]±HH[:MM[:SS]]` (years 1000–9999); anything else (BC, infinity, …) goes to pg's parser. */
export function parseTimestamptz(s: string): unknown {
  if (
    s.length < 22 ||
    s.charCodeAt(4) !== 45 ||
    s.charCodeAt(7) !== 45 ||
    s.charCodeAt(10) !== 32 ||
    s.charCodeAt(13) !== 58 ||
    s.charCodeAt(16) !== 58
  )
    return stockTimestamptz(s);
  const year = digits(s, 0, 4);
  const month = digits(s, 5, 2);
  const day = digits(s, 8, 2);
  const hour = digits(s, 11, 2);
  const minute = digits(s, 14, 2);
  const second = digits(s, 17, 2);
  if (year < 1000 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) return stockTimestamptz(s);
  let i = 19;
  let ms = 0;
  if (s.charCodeAt(i) === 46) {
    // Milliseconds are the first three digits of the fraction; the rest are dropped, as pg's parser does.
    let scale = 100;
    for (i++; i < s.length; i++) {
      const d = s.charCodeAt(i) - 48;
      if (d < 0 || d > 9) break;
      ms += d * scale;
      scale = Math.floor(scale / 10);
    }
  }
  const sign = s.charCodeAt(i) === 43 ? 1 : s.charCodeAt(i) === 45 ? -1 : 0;
  const zoneHours = digits(s, i + 1, 2);
  if (sign === 0 || zoneHours < 0) return stockTimestamptz(s);
  let offset = zoneHours * 3600;
  i += 3;
  for (const factor of [60, 1]) {
    if (i === s.length) break;
    const part = s.charCodeAt(i) === 58 ? digits(s, i + 1, 2) : -1;
    if (part < 0) return stockTimestamptz(s);
    offset += part * factor;
    i += 3;
  }
  if (i !== s.length) return stockTimestamptz(s);
  return new Date(Date.UTC(year, month - 1, day, hour, minute, second, ms) - sign * offset * 1000);
}

/** `{a,"b c",NULL,"q\"d"}`; nested arrays and explicit bounds (`[0:1]={…}`) go to pg's parser. */
export function parseTextArray(s: string): unknown {
  const end = s.length - 1;
  if (end < 1 || s.charCodeAt(0) !== 123 || s.charCodeAt(1) === 123 || s.charCodeAt(end) !== 125)
    return stockTextArray(s);
  const out: (string | null)[] = [];
  let i = 1;
  while (i < end) {
    if (s.charCodeAt(i) === 34) {
      // Quoted: `\` escapes the next character.
      let value = '';
      let start = ++i;
      for (;;) {
        if (i >= end) return stockTextArray(s);
        const c = s.charCodeAt(i);
        if (c === 92) {
          value += s.slice(start, i);
          start = i + 1;
          i += 2;
        } else if (c === 34) {
          value += s.slice(start, i);
          i++;
          break;
        } else i++;
      }
      out.push(value);
    } else {
      let next = s.indexOf(',', i);
      if (next === -1 || next > end) next = end;
      const raw = s.slice(i, next);
      out.push(raw === 'NULL' ? null : raw);
      i = next;
    }
    if (i < end) {
      if (s.charCodeAt(i) !== 44) return stockTextArray(s);
      i++;
      if (i === end) return stockTextArray(s); // a trailing comma: not PostgreSQL's output
    }
  }
  return out;
}
