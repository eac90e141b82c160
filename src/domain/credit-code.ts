/**
 * 统一社会信用代码 (GB 32100-2015): 18 characters from a 31-character alphabet
 * (digits and capitals without I, O, Z, S, V); the 18th is a check character over the first 17.
 */
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The check character for the first 17 characters, or null if one is outside the alphabet. */
export function creditCodeCheckChar(first17: string): string | null {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = ALPHABET.indexOf(first17[i] ?? '');
    if (v < 0) return null;
    sum += v * WEIGHTS[i]!;
  }
  return ALPHABET[(31 - (sum % 31)) % 31]!;
}

export type CreditCodeProblem = 'length' | 'charset' | 'check';

/** Why a code is invalid, or null when it is valid. Lower-case input is accepted and checked as upper. */
export function creditCodeProblem(code: string): CreditCodeProblem | null {
  const c = code.toUpperCase();
  if (c.length !== 18) return 'length';
  if (![...c].every((ch) => ALPHABET.includes(ch))) return 'charset';
  return creditCodeCheckChar(c.slice(0, 17)) === c[17] ? null : 'check';
}

export const CREDIT_CODE_MESSAGES: Record<CreditCodeProblem, string> = {
  length: '统一社会信用代码应为 18 位',
  charset: '统一社会信用代码含非法字符（不使用 I、O、Z、S、V）',
  check: '统一社会信用代码校验位不正确',
};
