/**
 * The line above a list of matches agrees with the list: it reports the highest confidence anywhere
 * in it (confidence is per candidate, so the first item may be 把握较小 while the fourth is 可以一试),
 * and a lab's list gives advice for the lab's university, not for the bureau.
 */
import { describe, expect, it } from 'vitest';
import { matchSummary } from '../../src/modules/matching/service.js';

describe('matchSummary', () => {
  it('takes the best confidence in the list, not the first item’s', () => {
    const s = matchSummary('problems', [
      { confidence: 'low' },
      { confidence: 'low' },
      { confidence: 'medium' },
      { confidence: 'low' },
    ]);
    expect(s.confidence).toBe('medium');
    expect(s.message).toBe('找到 1 个把握较大或可以一试的技术难题。');
  });

  it('with nothing likely, advises the bureau on a problem’s labs and the university on a lab’s problems', () => {
    const forProblem = matchSummary('labs', [{ confidence: 'low' }]);
    expect(forProblem.confidence).toBe('low');
    expect(forProblem.message).toContain('暂未找到把握较大的实验室');
    expect(forProblem.message).toContain('局方');
    const forLab = matchSummary('problems', [{ confidence: 'low' }]);
    expect(forLab.message).toContain('暂未找到把握较大的技术难题');
    expect(forLab.message).toContain('本实验室');
    expect(forLab.message).not.toMatch(/本需求|局方/);
  });

  it('says none for an empty list', () => {
    expect(matchSummary('labs', []).confidence).toBe('none');
  });
});
