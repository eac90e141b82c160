/** 需求撰写提示: each rule on its own, a well-written problem with no hints, and the domain lexicon. */
import { describe, expect, it } from 'vitest';
import {
  DOMAIN_LEXICON,
  inferDomains,
  MIN_DESCRIPTION_CHARS,
  problemHints,
  type ProblemText,
} from '../../src/domain/problem-hints.js';
import { DOMAIN_CODES } from '../../src/domain/taxonomy.js';

/** A problem that answers every rule: long, with figures, the current state, budget, deadline and matching domain. */
const good: ProblemText = {
  title: '注塑件表面缺陷机器视觉在线检测',
  description:
    '目前产线采用人工目检，漏检率约 3%，每班需 6 名质检员。希望开发一套机器视觉在线检测设备，对注塑件表面的划痕、缩痕、飞边进行检测，漏检率降到 0.5% 以下，节拍不低于每分钟 60 件；设备须能装进现有输送线，占地不超过 2 平方米。',
  domains: ['advanced_manufacturing'],
  keywords: ['机器视觉', '注塑'],
  budgetWan: 50,
  deadline: '2027-06-30',
};

const codes = (p: ProblemText) => problemHints(p).map((h) => h.code);

describe('problemHints', () => {
  it('has nothing to say about a well-written problem', () => {
    expect(problemHints(good)).toEqual([]);
  });

  it('too_short: fewer than the minimum characters, whitespace not counted', () => {
    const short = { ...good, description: '目前漏检率 3%，希望降到 0.5%，须装进现有输送线。' };
    expect(codes(short)).toEqual(['too_short']);
    expect(problemHints(short)[0]).toMatchObject({
      field: 'description',
      message: expect.stringContaining(`不少于 ${MIN_DESCRIPTION_CHARS} 字`),
    });
    const padded = {
      ...good,
      description: `${'目前漏检率约 3%'.padEnd(MIN_DESCRIPTION_CHARS - 1, '。')}${' '.repeat(50)}`,
    };
    expect(codes(padded)).toContain('too_short');
  });

  it.each([
    [
      'no digits or measured Chinese quantities (一套 is a count, not a target)',
      '目前产线采用人工目检，漏检较多，希望开发一套机器视觉在线检测设备，对注塑件表面的划痕、缩痕、飞边进行检测，尽量降低漏检，提高检测效率，设备须能装进现有输送线，不能占用太多场地，最好能和现有的制造执行系统对接。',
      true,
    ],
    [
      'full-width digits count',
      good.description.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0)),
      false,
    ],
    ['Chinese quantity with a unit counts', good.description.replace(/[0-9.]+/g, '').concat('节拍提高两倍。'), false],
  ])('no_target_figures: %s', (_case, description, expected) => {
    expect(codes({ ...good, description }).includes('no_target_figures')).toBe(expected);
  });

  it('no_current_state: none of 现有/目前/现状/约束/要求/限制…', () => {
    const description =
      '希望开发一套机器视觉在线检测设备，对注塑件表面的划痕、缩痕、飞边进行检测，漏检率降到 0.5% 以下，节拍每分钟 60 件，检测结果自动上传质量管理系统，并能输出每日质量报表，便于追溯与工艺改进。';
    expect(codes({ ...good, description })).toEqual(['no_current_state']);
    for (const word of ['现状', '约束', '限制', '当前'])
      expect(codes({ ...good, description: `${word}：${description}` })).toEqual([]);
  });

  it('no_budget and no_deadline unless the text speaks of them', () => {
    expect(codes({ ...good, budgetWan: null, deadline: null })).toEqual(['no_budget', 'no_deadline']);
    expect(
      codes({
        ...good,
        budgetWan: null,
        deadline: null,
        description: `${good.description}预算约 50 万元，项目周期一年。`,
      }),
    ).toEqual([]);
    expect(codes({ ...good, budgetWan: 0 })).toEqual([]);
  });

  it('domain_mismatch names the domains the text leans to', () => {
    const hints = problemHints({ ...good, domains: ['biomed'] });
    expect(hints.map((h) => h.code)).toEqual(['domain_mismatch']);
    expect(hints[0]).toMatchObject({ field: 'domains', message: expect.stringContaining('生物与新医药') });
    expect(hints[0]!.message).toContain('先进制造与自动化');
    expect(codes({ ...good, domains: ['biomed', 'advanced_manufacturing'] })).toEqual([]);
  });

  it('says nothing about domains when the text leans nowhere', () => {
    expect(
      codes({
        ...good,
        title: '工艺改进',
        description: good.description.replace(/机器视觉|注塑件|检测设备|输送线/g, '某某'),
        keywords: [],
        domains: ['biomed'],
      }),
    ).not.toContain('domain_mismatch');
  });

  it('every message is Chinese and every hint names a field', () => {
    const all = problemHints({
      title: '质量',
      description: '希望提高质量',
      domains: ['biomed'],
      keywords: ['PLC', '伺服'],
    });
    expect(all.map((h) => h.code)).toEqual([
      'too_short',
      'no_target_figures',
      'no_current_state',
      'no_budget',
      'no_deadline',
      'domain_mismatch',
    ]);
    for (const h of all) {
      expect(h.message).toMatch(/[\u4e00-\u9fff]/);
      expect(['description', 'budgetWan', 'deadline', 'domains']).toContain(h.field);
    }
  });
});

describe('inferDomains', () => {
  it('covers every domain code', () => {
    expect(Object.keys(DOMAIN_LEXICON).sort()).toEqual([...DOMAIN_CODES].sort());
  });

  it.each([
    ['锂电池储能系统的热管理优化', 'new_energy'],
    ['抗体药物纯化工艺与制剂稳定性', 'biomed'],
    ['印染废水处理与污泥资源化', 'resources_environment'],
    ['温室大棚番茄种植的病虫害监测', 'modern_agriculture'],
    ['碳纤维复合材料的树脂改性', 'new_materials'],
  ])('%s → %s', (text, domain) => {
    expect(inferDomains(text)[0]).toBe(domain);
  });

  it('needs two words of a domain, or one long one (case-insensitive)', () => {
    expect(inferDomains('电池')).toEqual([]);
    expect(inferDomains('燃料电池')).toEqual(['new_energy']);
    expect(inferDomains('vocs')).toEqual(['resources_environment']);
  });
});
