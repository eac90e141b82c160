/**
 * A small OpenAI-compatible chat-completions server on loopback for tests (the chat counterpart of
 * embeddings-server.ts): POST /v1/chat/completions answers `reply(user message)` — by default the
 * message unchanged. It records requests, can be told to fail, and can answer late to force timeouts.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ChatServer {
  url: string;
  requests: { model: string; system: string; user: string; authorization?: string }[];
  /** The assistant's reply to a user message; tests replace it. */
  reply: (user: string) => string;
  /** Milliseconds to wait before answering. */
  delayMs: number;
  failNext(status: number, times?: number): void;
  close(): Promise<void>;
}

type Message = { role: string; content: string };

export async function startChatServer(): Promise<ChatServer> {
  let failures = 0;
  let failStatus = 500;
  const state: ChatServer = {
    url: '',
    requests: [],
    reply: (user) => user,
    delayMs: 0,
    failNext(status, times = 1) {
      failStatus = status;
      failures = times;
    },
    close: () => new Promise((r) => (server.closeAllConnections(), server.close(() => r()))),
  };
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
        res.writeHead(404).end();
        return;
      }
      if (failures > 0) {
        failures--;
        res.writeHead(failStatus, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'induced failure', type: 'server_error' } }));
        return;
      }
      const parsed = JSON.parse(body) as { model: string; messages: Message[] };
      const text = (role: string) => parsed.messages.find((m) => m.role === role)?.content ?? '';
      const user = text('user');
      state.requests.push({ model: parsed.model, system: text('system'), user, authorization: req.headers.authorization });
      const answer = {
        id: `chatcmpl-${state.requests.length}`,
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model: parsed.model,
        choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: state.reply(user) } }],
        usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 },
      };
      setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer)), state.delayMs);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  return state;
}
