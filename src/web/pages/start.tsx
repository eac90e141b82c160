/**
 * Each role's start page until its real page lands (enterprise → /enterprise/problems,
 * university → /university/needs): what the role can do here, with links.
 * A page builder who mounts the real page removes its entry from START_PAGES.
 */
import { Hono } from 'hono';
import type { Role } from '../../db/tables.js';
import type { WebEnv } from '../env.js';
import { HOME } from '../nav.js';
import { requireRole } from '../session.js';

const START_PAGES: Partial<Record<Role, { title: string; can: string[] }>> = {};

export function startPages() {
  const app = new Hono<WebEnv>();
  for (const [role, page] of Object.entries(START_PAGES) as [Role, NonNullable<(typeof START_PAGES)[Role]>][]) {
    app.get(HOME[role], requireRole(role), (c) =>
      c.render(
        <section>
          <p>这里将是您的工作起点。您可以在本平台：</p>
          <ul>
            {page.can.map((line) => (
              <li>{line}</li>
            ))}
          </ul>
          <p>
            接口集成请见 <a href="/docs">接口文档</a>；账户与登录设备见 <a href="/account">我的账户</a>。
          </p>
        </section>,
        { title: page.title },
      ),
    );
  }
  return app;
}
