/**
 * A small OpenAI-compatible embeddings server on loopback for tests: POST /v1/embeddings answers
 * deterministic vectors — by default a bag of characters hashed into `dimensions` buckets, or the
 * vectors a test pins for given texts. It counts requests and can be told to fail.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface EmbeddingsServer {
  url: string;
  requests: { model: string; input: string[]; authorization?: string }[];
  /** Texts embedded so far, in order. */
  embedded: string[];
  pin(text: string, vector: number[]): void;
  failNext(status: number, times?: number): void;
  close(): Promise<void>;
}

export function charVector(text: string, dimensions: number): number[] {
  const v = new Array<number>(dimensions).fill(0);
  for (const ch of text) v[(ch.codePointAt(0)! * 2654435761) % dimensions]! += 1;
  return v;
}

export async function startEmbeddingsServer(dimensions = 32): Promise<EmbeddingsServer> {
  const pinned = new Map<string, number[]>();
  const requests: EmbeddingsServer['requests'] = [];
  const embedded: string[] = [];
  let failures = 0;
  let failStatus = 500;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      if (req.method !== 'POST' || !req.url?.endsWith('/embeddings')) {
        res.writeHead(404).end();
        return;
      }
      if (failures > 0) {
        failures--;
        res.writeHead(failStatus, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'induced failure', type: 'server_error' } }));
        return;
      }
      const parsed = JSON.parse(body) as { model: string; input: string | string[] };
      const input = Array.isArray(parsed.input) ? parsed.input : [parsed.input];
      requests.push({ model: parsed.model, input, authorization: req.headers.authorization });
      embedded.push(...input);
      const data = input.map((text, index) => ({ object: 'embedding', index, embedding: pinned.get(text) ?? charVector(text, dimensions) }));
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ object: 'list', data, model: parsed.model, usage: { prompt_tokens: 0, total_tokens: 0 } }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    embedded,
    pin: (text, vector) => void pinned.set(text, vector),
    failNext(status, times = 1) {
      failStatus = status;
      failures = times;
    },
    close: () => new Promise((r) => server.close(() => r())),
  };
}
