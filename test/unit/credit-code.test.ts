/** 统一社会信用代码 check-character validation against real codes. */
import { describe, expect, it } from 'vitest';
import { CREDIT_CODE_MESSAGES, creditCodeCheckChar, creditCodeProblem } from '../../src/domain/credit-code.js';

const VALID = [
  '914403001922038216',
  '91330100799655058B',
  '9144030071526726XG',
  '91110108551385082Q',
  '91350100M000100Y43',
  '91440300708461136T',
];

/** Another character of the alphabet in the check position. */
const withWrongCheck = (code: string) => code.slice(0, 17) + (code[17] === '0' ? '1' : '0');

describe('creditCodeProblem', () => {
  it.each(VALID)('accepts the real code %s', (code) => {
    expect(creditCodeProblem(code)).toBeNull();
    expect(creditCodeCheckChar(code.slice(0, 17))).toBe(code[17]);
  });

  it.each(VALID)('rejects %s with a changed check character', (code) => {
    expect(creditCodeProblem(withWrongCheck(code))).toBe('check');
  });

  it.each(VALID)('accepts %s written in lower case', (code) => {
    expect(creditCodeProblem(code.toLowerCase())).toBeNull();
  });

  it.each([
    ['17 characters', VALID[0]!.slice(0, 17)],
    ['19 characters', `${VALID[0]}0`],
    ['empty', ''],
  ])('rejects a code of the wrong length (%s)', (_label, code) => {
    expect(creditCodeProblem(code)).toBe('length');
  });

  it.each(['I', 'O', 'Z', 'S', 'V'])('rejects the forbidden letter %s', (letter) => {
    const code = VALID[1]!;
    expect(creditCodeProblem(`${code.slice(0, 10)}${letter}${code.slice(11)}`)).toBe('charset');
    expect(creditCodeProblem(`${code.slice(0, 17)}${letter}`)).toBe('charset');
  });

  it('rejects punctuation and non-Latin characters', () => {
    expect(creditCodeProblem('91330100-99655058B')).toBe('charset');
    expect(creditCodeProblem('9133010079965505８B')).toBe('charset');
  });

  it('has a Chinese message for every problem', () => {
    expect(Object.keys(CREDIT_CODE_MESSAGES).sort()).toEqual(['charset', 'check', 'length']);
    for (const m of Object.values(CREDIT_CODE_MESSAGES)) expect(m).toMatch(/统一社会信用代码/);
  });
});
