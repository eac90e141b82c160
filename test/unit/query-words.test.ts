/** Matching's query words: jieba words of simplified text, distinctive first; traditional text converted. */
import { describe, expect, it } from 'vitest';
import { COLLOQUIAL } from '../../src/modules/matching/colloquial.js';
import { distinctiveWords } from '../../src/modules/matching/query.js';
import { toSimplified } from '../../src/search/text/simplify.js';

describe('toSimplified', () => {
  it('converts traditional characters and Taiwan phrases, and leaves simplified text as it is', () => {
    expect(toSimplified('鋰電池儲能櫃熱失控預警')).toBe('锂电池储能柜热失控预警');
    expect(toSimplified('醫療器械軟體網路安全')).toBe('医疗器械软件网络安全');
    const simplified = '公司年产汽车内饰注塑件约 300 万件，表面划痕全靠人工目检';
    expect(toSimplified(simplified)).toBe(simplified);
    expect(toSimplified('PLC HMI 2024')).toBe('PLC HMI 2024');
  });
});

describe('distinctiveWords', () => {
  it('puts keywords first, then whole words by field weight × frequency × IDF, without stop words or numbers', () => {
    const q = distinctiveWords(
      [
        { text: '车间机器太吵，工人受不了', weight: 3 },
        { text: '车间里有十几台冲床和两台空压机，噪声很大，工人受不了，邻居也投诉。', weight: 1 },
      ],
      ['噪声'],
      10,
    );
    expect(q.terms[0]).toBe('噪声');
    expect(q.terms).toEqual(expect.arrayContaining(['冲床', '空压机', '车间']));
    // The analyzer's gap segmentation left runs such as 冲床和两台空压机; jieba's words do not.
    expect(q.terms.some((t) => t.includes('和'))).toBe(false);
    expect(q.terms.some((t) => /^\d+$/.test(t))).toBe(false);
    expect(q.weights).toEqual([...q.weights].sort((a, b) => b - a));
  });

  it('keeps our dictionary terms whole', () => {
    const q = distinctiveWords([{ text: '锂离子电池热失控预警与电池管理系统', weight: 3 }], [], 10);
    expect(q.terms).toContain('电池管理系统');
  });
});

describe('colloquial expansions', () => {
  it('add the technical terms an everyday word implies, ranked below the words written, and only with the list', () => {
    const fields = [{ text: '仓库里的叉车电瓶充一次电用不了半天', weight: 3 }];
    const q = distinctiveWords(fields, [], 32);
    expect(q.terms).toEqual(expect.arrayContaining(['电瓶', '蓄电池', '电池', '叉车']));
    expect(q.weights[q.terms.indexOf('蓄电池')]!).toBeLessThan(q.weights[q.terms.indexOf('电瓶')]!);
    const plain = distinctiveWords(fields, [], 32, {});
    expect(plain.terms).toContain('电瓶');
    expect(plain.terms).not.toContain('蓄电池');
  });

  it('are looked up on whole words, so a word merely containing the everyday one adds nothing', () => {
    // 吵 → 噪声; 争吵 is a different word.
    expect(distinctiveWords([{ text: '晚上车间特别吵', weight: 1 }], [], 32).terms).toContain('噪声');
    expect(distinctiveWords([{ text: '两个部门经常争吵', weight: 1 }], [], 32).terms).not.toContain('噪声');
  });

  it('expand simplified words, so traditional text (converted before) is expanded too', () => {
    expect(distinctiveWords([{ text: toSimplified('電瓶') + '壞了', weight: 1 }], [], 32).terms).toContain('蓄电池');
  });

  it('fire for entries that jieba cuts into several words (不耐用 → 不/耐用), and only for the whole run', () => {
    expect(distinctiveWords([{ text: '这批货很不耐用', weight: 1 }], [], 32).terms).toContain('耐久性');
    expect(distinctiveWords([{ text: '储能柜夏天发烫', weight: 1 }], [], 32).terms).toContain('储能系统');
    expect(distinctiveWords([{ text: '储能系统很耐用', weight: 1 }], [], 32).terms).not.toContain('耐久性');
  });

  it('can all fire: every entry of the list, written alone, adds its technical terms', () => {
    const silent = Object.entries(COLLOQUIAL).filter(([word, implied]) => {
      const terms = distinctiveWords([{ text: word, weight: 1 }], [], 64).terms;
      return !implied.every((t) => terms.includes(t.toLowerCase()));
    });
    expect(silent.map(([word]) => word)).toEqual([]);
  });

  it('look up only the list own entries, so text naming a prototype property (constructor) is just text', () => {
    const q = distinctiveWords([{ text: 'Java constructor 注入 __proto__ 报错', weight: 1 }], [], 32);
    expect(q.terms).toContain('constructor');
  });
});
