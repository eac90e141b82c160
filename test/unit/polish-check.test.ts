/** 润色稿核对: which rewordings keep the draft's numbers, and which are rejected. */
import { describe, expect, it } from 'vitest';
import { checkPolished, numbersIn } from '../../src/modules/reports/polish-check.js';

const DRAFT =
  '三、校企合作。2所高校院所与我区2家企业签订校企合作协议2项，较上期增长100%，协议金额70.5万元；按期完成技术合同认定登记（暂无数据）。';

describe('numbersIn', () => {
  it.each([
    ['共征集3项，增长200%，金额70.5万元', ['3', '200%', '70.5']],
    ['金额70.50万元，1,200家，增长 25.0 %', ['70.5', '1200', '25%']],
    ['全角３项，增长２５％', ['3', '25%']],
    ['共三项，涉及两家企业，十余所高校，增长百分之二十', ['三', '两', '十余', '百分之二十']],
    ['统一部署，进一步推进；一、二、三是序号', []],
    ['12.5万元不算中文数字', ['12.5']],
  ])('%s', (text, expected) => {
    expect(numbersIn(text)).toEqual(expected);
  });
});

describe('checkPolished', () => {
  it.each([
    [
      'reworded, same numbers',
      '三、校企合作。我区2家企业与2所高校院所共签署校企合作协议2项，协议金额达70.5万元，较上期增长100%；技术合同按期认定登记（暂无数据）。',
    ],
    [
      'numbers written differently but equal',
      '三、校企合作。2所高校院所与我区２家企业签订协议2项，较上期增长100.0%，协议金额70.50万元；按期认定登记（暂无数据）。',
    ],
  ])('accepts: %s', (_, polished) => {
    expect(checkPolished(DRAFT, polished)).toBeNull();
  });

  it.each([
    ['a changed number', DRAFT.replace('70.5', '75.5'), '多出 75.5；缺少 70.5'],
    ['a percent sign dropped', DRAFT.replace('100%', '100个百分点'), '多出 100；缺少 100%'],
    ['an added number', DRAFT.replace('三、校企合作。', '三、校企合作。2026年，'), '多出 2026'],
    ['a count in Chinese numerals', DRAFT.replace('签订校企合作协议2项', '签订校企合作协议两项'), '多出 两；缺少 2'],
    ['a Chinese count where the draft had none', DRAFT.replace('协议金额', '其中一项协议金额'), '多出 一'],
    ['“（暂无数据）” dropped', DRAFT.replace('；按期完成技术合同认定登记（暂无数据）', ''), '（暂无数据）'],
    ['the heading dropped', DRAFT.replace('三、', ''), '“三、”'],
  ])('rejects %s', (_, polished, reason) => {
    expect(checkPolished(DRAFT, polished)).toContain(reason);
  });
});
