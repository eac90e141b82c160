/** `/`: each signed-in role goes to its start page; a visitor goes to 登录. */
import { Hono } from 'hono';
import type { WebEnv } from '../env.js';
import { HOME } from '../nav.js';

export function homePage() {
  const app = new Hono<WebEnv>();
  app.get('/', (c) => {
    const actor = c.get('actor');
    return c.redirect(actor ? HOME[actor.role] : '/login', 303);
  });
  return app;
}
