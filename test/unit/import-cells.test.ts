/** 导入单元格: how dates, numbers, lists, technical domains and labels written in a spreadsheet are read. */
import { describe, expect, it } from 'vitest';
import { choice, code, date, domains, integer, list, longList, number, text } from '../../src/modules/imports/cells.js';

describe('import cells', () => {
  it.each([
    [new Date(Date.UTC(2024, 2, 5)), '2024-03-05'],
    [45356, '2024-03-05'], // Excel serial number of an unformatted date cell
    ['2024-3-5', '2024-03-05'],
    ['2024/03/05', '2024-03-05'],
    ['2024.3.5', '2024-03-05'],
    ['2024年3月5日', '2024-03-05'],
    ['2024-03-05 00:00:00', '2024-03-05'],
  ])('date %s → %s', (cell, expected) => expect(date(cell)).toEqual({ value: expected }));

  it.each([['2024-02-30'], ['明年三月'], ['3/5/2024']])('date %s is refused with the text found', (cell) => {
    const parsed = date(cell);
    expect(parsed && 'error' in parsed ? parsed.error : null).toContain(cell);
  });

  it('reads numbers with thousands separators and 万元, and refuses words', () => {
    expect(number('1,200.5')).toEqual({ value: 1200.5 });
    expect(number('50万元')).toEqual({ value: 50 });
    expect(number(12)).toEqual({ value: 12 });
    expect(number('面议')).toEqual({ error: '应为数字，实际为“面议”' });
    expect(integer('3.5')).toEqual({ error: '应为整数，实际为“3.5”' });
  });

  it('refuses a code Excel stored as a number, and reads it as text otherwise', () => {
    expect(code(913301007996550500)).toEqual({ error: expect.stringContaining('被 Excel 存成了数字') });
    expect(code(' 91330100799655058B ')).toEqual({ value: '91330100799655058B' });
  });

  it('treats empty cells as not given', () => {
    for (const parse of [text, number, date, domains, list()]) {
      expect(parse(null)).toBeUndefined();
      expect(parse('  ')).toBeUndefined();
    }
  });

  it('splits lists on the separators people use; long items only on 、；', () => {
    expect(list()('机器视觉、PLC,AOI；伺服')).toEqual({ value: ['机器视觉', 'PLC', 'AOI', '伺服'] });
    expect(longList('国家科技进步二等奖（2021，第一完成单位）；发明专利 12 项')).toEqual({
      value: ['国家科技进步二等奖（2021，第一完成单位）', '发明专利 12 项'],
    });
  });

  it('reads technical domains by name, code or common alias, and names the unknown ones', () => {
    expect(domains('先进制造与自动化、新材料')).toEqual({ value: ['advanced_manufacturing', 'new_materials'] });
    expect(domains('biomed,生物医药')).toEqual({ value: ['biomed'] });
    expect(domains('电子信息领域')).toEqual({ value: ['electronic_info'] });
    const parsed = domains('区块链、新材料');
    expect(parsed && 'error' in parsed && parsed.error).toMatch(/^无法识别的技术领域：区块链（可填：电子信息、/);
  });

  it('reads codes written as their Chinese labels', () => {
    const scale = choice({ micro: ['微型'], small: ['小型', '小型企业'] });
    expect(scale('小型企业')).toEqual({ value: 'small' });
    expect(scale('SMALL')).toEqual({ value: 'small' });
    expect(scale('巨型')).toEqual({ error: '“巨型”无效，可填：微型、小型' });
  });
});
