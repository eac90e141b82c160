/**
 * A small OpenAI-compatible embeddings server on loopback for tests: POST /v1/embeddings answers
 * deterministic vectors — by default a bag of characters hashed into `dimensions` buckets, or the
 * vectors a test pins for given texts. It counts requests and can be told to fail.
 */
import { type OpenAIServer, startOpenAIServer } from './openai-server.js';

export interface EmbeddingsServer extends OpenAIServer {
  requests: { model: string; input: string[]; authorization?: string }[];
  /** Texts embedded so far, in order. */
  embedded: string[];
  pin(text: string, vector: number[]): void;
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
  const server = await startOpenAIServer<{ model: string; input: string | string[] }>('/embeddings', (parsed, req) => {
    const input = Array.isArray(parsed.input) ? parsed.input : [parsed.input];
    requests.push({ model: parsed.model, input, authorization: req.headers.authorization });
    embedded.push(...input);
    const data = input.map((text, index) => ({
      object: 'embedding',
      index,
      embedding: pinned.get(text) ?? charVector(text, dimensions),
    }));
    return { object: 'list', data, model: parsed.model, usage: { prompt_tokens: 0, total_tokens: 0 } };
  });
  return { ...server, requests, embedded, pin: (text, vector) => void pinned.set(text, vector) };
}
