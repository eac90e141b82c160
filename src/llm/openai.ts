/**
 * Any OpenAI-compatible chat-completions endpoint through the official `openai` client
 * (LLM_BASE_URL, LLM_API_KEY, LLM_MODEL). Callers sit on a request path, so the timeout is short
 * and there is one retry at most by default.
 */
import OpenAI, { APIConnectionTimeoutError, APIUserAbortError } from 'openai';
import { LlmError, type ChatModel } from './provider.js';

export interface OpenAIChatOptions {
  baseURL: string;
  apiKey?: string;
  model: string;
  /** Per attempt, in milliseconds. */
  timeoutMs?: number;
  maxRetries?: number;
  /** Low by default: the model rewords, it does not invent. */
  temperature?: number;
}

export function createOpenAIChat(opts: OpenAIChatOptions): ChatModel {
  const client = new OpenAI({
    baseURL: opts.baseURL,
    apiKey: opts.apiKey ?? 'not-needed',
    maxRetries: opts.maxRetries ?? 1,
    timeout: opts.timeoutMs ?? 20_000,
  });
  return {
    model: opts.model,
    async complete(system, user, signal) {
      let res;
      try {
        res = await client.chat.completions.create(
          {
            model: opts.model,
            temperature: opts.temperature ?? 0.2,
            messages: [
              { role: 'system', content: system },
              { role: 'user', content: user },
            ],
          },
          { signal },
        );
      } catch (err) {
        const timedOut = err instanceof APIConnectionTimeoutError;
        const what = timedOut ? '模型调用超时' : err instanceof APIUserAbortError ? '模型调用已取消' : '模型调用失败';
        throw new LlmError(
          `${what}：${err instanceof Error ? err.message : String(err)}`,
          timedOut ? 'timeout' : 'failed',
          { cause: err },
        );
      }
      const text = res.choices?.[0]?.message?.content?.trim();
      if (!text) throw new LlmError('模型返回了空内容', 'empty');
      return text;
    },
  };
}
