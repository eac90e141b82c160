/**
 * The scaffold the loopback OpenAI-compatible test servers share (chat-server.ts, embeddings-server.ts):
 * one POST endpoint answering JSON, 404 for anything else, induced failures, listen and close.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface OpenAIServer {
  /** Base URL, ending in /v1 as OpenAI clients expect. */
  url: string;
  /** The next `times` requests answer `status` with an OpenAI-style error body. */
  failNext(status: number, times?: number): void;
  close(): Promise<void>;
}

/** `answer` gets the parsed body of each POST to a path ending in `endpoint`; what it returns (or resolves to) is sent as 200 JSON. */
export async function startOpenAIServer<B>(
  endpoint: string,
  answer: (body: B, req: IncomingMessage) => unknown,
): Promise<OpenAIServer> {
  let failures = 0;
  let failStatus = 500;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', async () => {
      if (req.method !== 'POST' || !req.url?.endsWith(endpoint)) {
        res.writeHead(404).end();
        return;
      }
      if (failures > 0) {
        failures--;
        res
          .writeHead(failStatus, { 'content-type': 'application/json' })
          .end(JSON.stringify({ error: { message: 'induced failure', type: 'server_error' } }));
        return;
      }
      const payload = await answer(JSON.parse(body) as B, req);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(payload));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    failNext(status, times = 1) {
      failStatus = status;
      failures = times;
    },
    // Connections a slow answer still holds would keep close() waiting.
    close: () => new Promise((r) => (server.closeAllConnections(), server.close(() => r()))),
  };
}
