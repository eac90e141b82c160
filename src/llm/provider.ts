/** The chat-model capability: one system + user prompt in, the reply text out. Optional — without it drafts stay as templated. */

export interface ChatModel {
  /** Model name, reported with what it produced. */
  readonly model: string;
  /** The reply's text. Throws LlmError (kind 'timeout' when an attempt ran out of time). */
  complete(system: string, user: string, signal?: AbortSignal): Promise<string>;
}

export class LlmError extends Error {
  override name = 'LlmError';
  constructor(
    message: string,
    readonly kind: 'failed' | 'timeout' | 'empty' = 'failed',
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
