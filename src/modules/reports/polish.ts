/**
 * 草稿润色 (optional): a configured chat model rewords each paragraph of the drafted narrative.
 * Every reply goes through checkPolished; a paragraph whose numbers changed, or whose call failed
 * or timed out, keeps its template text and says why. The draft never fails because of the model.
 */
import type { Logger } from '../../logger.js';
import { LlmError, type ChatModel } from '../../llm/provider.js';
import { checkPolished } from './polish-check.js';
import { POLISH_PROMPT } from './templates.js';

export type PolishStatus = 'applied' | 'partial' | 'rejected' | 'unavailable' | 'not_configured';

export interface PolishReport {
  status: PolishStatus;
  model?: string;
  rejected: { paragraph: number; reason: string }[];
}

const KEPT = '，保留模板原文';
const FAILURE_REASONS: Record<LlmError['kind'], string> = {
  timeout: '模型调用超时',
  failed: '模型调用失败',
  empty: '模型未返回内容',
};

export async function polishNarrative<T extends { paragraphs: string[] }>(
  draft: T,
  llm: ChatModel | undefined,
  opts: { logger: Logger; signal?: AbortSignal },
): Promise<T & { polish: PolishReport }> {
  if (!llm) return { ...draft, polish: { status: 'not_configured', rejected: [] } };

  const outcomes = await Promise.all(
    draft.paragraphs.map(async (text) => {
      try {
        const polished = await llm.complete(POLISH_PROMPT, text, opts.signal);
        const reason = checkPolished(text, polished);
        return reason ? { text, reason } : { text: polished };
      } catch (err) {
        const kind = err instanceof LlmError ? err.kind : 'failed';
        return { text, reason: FAILURE_REASONS[kind], error: err instanceof Error ? err.message : String(err) };
      }
    }),
  );

  const rejected = outcomes.flatMap((o, paragraph) =>
    'reason' in o ? [{ paragraph, reason: `${o.reason}${KEPT}` }] : [],
  );
  const errors = outcomes.flatMap((o) => ('error' in o ? [o.error] : []));
  if (errors.length)
    opts.logger.warn('narrative polish: model call failed', {
      model: llm.model,
      failed: errors.length,
      error: errors[0],
    });

  const status: PolishStatus =
    rejected.length === 0
      ? 'applied'
      : rejected.length < outcomes.length
        ? 'partial'
        : errors.length === outcomes.length
          ? 'unavailable'
          : 'rejected';
  return { ...draft, paragraphs: outcomes.map((o) => o.text), polish: { status, model: llm.model, rejected } };
}
