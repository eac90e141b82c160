/**
 * Each role's start page until its real page lands (enterprise → /enterprise/problems,
 * university → /university/needs, bureau → /bureau): what the role can do here, with links.
 * A page builder who mounts the real page removes its entry from START_PAGES.
 */
import { Hono } from 'hono';
import type { Role } from '../../db/tables.js';
import type { WebEnv } from '../env.js';
import { HOME } from '../nav.js';
import { requireRole } from '../session.js';

const START_PAGES: Partial<Record<Role, { title: string; can: string[] }>> = {
  bureau: {
    title: '工作台',
    can: ['审核企业提交的难题', '为难题推荐并引荐实验室，跟进对接、签约与共建中心', '创建用户、签发激活链接；查看统计与半年报'],
  },
};

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
