/**
 * A small OpenAI-compatible chat-completions server on loopback for tests (the chat counterpart of
 * embeddings-server.ts): POST /v1/chat/completions answers `reply(user message)` — by default the
 * message unchanged. It records requests, can be told to fail, and can answer late to force timeouts.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { type OpenAIServer, startOpenAIServer } from './openai-server.js';

export interface ChatServer extends OpenAIServer {
  requests: { model: string; system: string; user: string; authorization?: string }[];
  /** The assistant's reply to a user message; tests replace it. */
  reply: (user: string) => string;
  /** Milliseconds to wait before answering. */
  delayMs: number;
}

type Message = { role: string; content: string };

export async function startChatServer(): Promise<ChatServer> {
  const server = await startOpenAIServer<{ model: string; messages: Message[] }>(
    '/chat/completions',
    async (parsed, req) => {
      const text = (role: string) => parsed.messages.find((m) => m.role === role)?.content ?? '';
      const user = text('user');
      chat.requests.push({
        model: parsed.model,
        system: text('system'),
        user,
        authorization: req.headers.authorization,
      });
      const answer = {
        id: `chatcmpl-${chat.requests.length}`,
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model: parsed.model,
        choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: chat.reply(user) } }],
        usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 },
      };
      await sleep(chat.delayMs);
      return answer;
    },
  );
  const chat: ChatServer = { ...server, requests: [], reply: (user) => user, delayMs: 0 };
  return chat;
}
