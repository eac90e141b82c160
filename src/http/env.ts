/** The Hono environment every router shares: what the middleware puts on the request context. */
import type { Actor } from '../auth/actor.js';

export type AppEnv = {
  Variables: {
    actor: Actor;
    requestId: string;
  };
};
