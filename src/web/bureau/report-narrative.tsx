/**
 * 半年报 · 草稿中的数字标注: the drafted narrative with every number that came from the records
 * (or was entered, or computed from both) highlighted, its source in the title. A read-only view
 * beside the editable text area: the text area, the copy button and the .docx stay plain text.
 */
import type { MarkedNumber, Segment } from '../../modules/reports/narrative.js';

const ORIGIN_WORDS: Record<MarkedNumber['origin'], string> = {
  records: '来自平台记录',
  entered: '局方填报',
  derived: '由记录与填报计算',
};

const titleOf = (m: MarkedNumber) => `${ORIGIN_WORDS[m.origin]}：${m.label}${m.note ? `（${m.note}）` : ''}`;

export function MarkedNarrative({ title, paragraphs }: { title: string; paragraphs: Segment[][] }) {
  return (
    <div class="report-marked" aria-labelledby="report-marked-title">
      <h3 id="report-marked-title">数字来源（草稿原文）</h3>
      <p class="field__hint">
        标出的数字：<mark class="report-figure report-figure--records">实线下划线</mark>来自平台记录，
        <mark class="report-figure report-figure--entered">虚线下划线</mark>为局方填报或由填报数计算；
        鼠标停在数字上可看到它对应的指标。下方文本框里修改后的文字不再标注。
      </p>
      <p class="report-marked__title">{title}</p>
      {paragraphs.map((segments) => (
        <p>
          {segments.map((s) =>
            typeof s === 'string' ? (
              s
            ) : (
              <mark
                class={`report-figure report-figure--${s.origin === 'records' ? 'records' : 'entered'}`}
                title={titleOf(s)}
                data-source={s.key}
              >
                {s.text}
              </mark>
            ),
          )}
        </p>
      ))}
    </div>
  );
}
