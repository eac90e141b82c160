/**
 * 半年报的 Word 文件: the narrative laid out as a bureau document — a centred title in 小标宋,
 * the body in 仿宋 with first-line indent, each "一、二、三…" paragraph's lead phrase in 黑体.
 */
import { AlignmentType, Document, Packer, Paragraph, TextRun } from 'docx';

const TITLE_FONT = '方正小标宋简体';
const BODY_FONT = '仿宋_GB2312';
const HEAD_FONT = '黑体';
/** 三号 = 16 pt (docx sizes are half-points); 二号 = 22 pt. */
const BODY_SIZE = 32;
const TITLE_SIZE = 44;

/** "一、技术难题征集。正文…" → ["一、技术难题征集。", "正文…"]; other paragraphs have no lead. */
export function splitLead(paragraph: string): [string, string] {
  const m = /^([一二三四五六七八九十]+、[^。：:]{1,20}[。：:])/.exec(paragraph);
  return m ? [m[1]!, paragraph.slice(m[1]!.length)] : ['', paragraph];
}

/** The text of a textarea: a first line as the title, then paragraphs separated by line breaks. */
export function parseNarrativeText(text: string): { title: string; paragraphs: string[] } {
  const lines = text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  return { title: lines[0] ?? '', paragraphs: lines.slice(1) };
}

export async function narrativeDocx(title: string, paragraphs: string[], date?: string): Promise<Buffer> {
  const body = (text: string, font = BODY_FONT) =>
    new TextRun({ text, font: { eastAsia: font, ascii: font, hAnsi: font }, size: BODY_SIZE });
  const doc = new Document({
    creator: '产学研对接平台',
    title,
    sections: [
      {
        properties: { page: { margin: { top: 2098, bottom: 1984, left: 1587, right: 1474 } } },
        children: [
          new Paragraph({
            alignment: AlignmentType.CENTER,
            spacing: { after: 480 },
            children: [
              new TextRun({
                text: title,
                font: { eastAsia: TITLE_FONT, ascii: TITLE_FONT, hAnsi: TITLE_FONT },
                size: TITLE_SIZE,
              }),
            ],
          }),
          ...paragraphs.map((p) => {
            const [lead, rest] = splitLead(p);
            return new Paragraph({
              indent: { firstLine: 640 },
              spacing: { line: 560 },
              alignment: AlignmentType.JUSTIFIED,
              children: lead ? [body(lead, HEAD_FONT), body(rest)] : [body(rest)],
            });
          }),
          ...(date
            ? [new Paragraph({ alignment: AlignmentType.RIGHT, spacing: { before: 480 }, children: [body(date)] })]
            : []),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
