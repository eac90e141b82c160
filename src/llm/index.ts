/** Builds the chat model from the configuration, or none when LLM_BASE_URL is unset. */
import type { Config } from '../config.js';
import { createOpenAIChat } from './openai.js';
import type { ChatModel } from './provider.js';

export function chatModelFromConfig(
  config: Pick<Config, 'LLM_BASE_URL' | 'LLM_API_KEY' | 'LLM_MODEL'>,
): ChatModel | undefined {
  if (!config.LLM_BASE_URL || !config.LLM_MODEL) return undefined;
  return createOpenAIChat({ baseURL: config.LLM_BASE_URL, apiKey: config.LLM_API_KEY, model: config.LLM_MODEL });
}

export type { ChatModel } from './provider.js';
export { LlmError } from './provider.js';
