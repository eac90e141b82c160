/** 技术领域 reference data, public. */
import { z } from '@hono/zod-openapi';
import { DOMAINS } from '../../domain/taxonomy.js';
import { defineRoute, jsonResponse, newRouter } from '../../http/route.js';

const Taxonomy = z
  .object({
    domains: z.array(z.object({ code: z.string(), name: z.string(), subfields: z.array(z.string()) })),
  })
  .openapi('Taxonomy');

export function taxonomyRoutes() {
  const app = newRouter();
  app.openapi(
    defineRoute('public', {
      method: 'get',
      path: '/taxonomy',
      tags: ['参考数据'],
      summary: '技术领域代码与中文名称',
      description: '《国家重点支持的高新技术领域》八大领域及其一级子领域，另加现代农业。',
      responses: { 200: jsonResponse(Taxonomy, '领域列表') },
    }),
    (c) => {
      c.header('Cache-Control', 'public, max-age=3600');
      return c.json(
        { domains: DOMAINS.map((d) => ({ code: d.code, name: d.name, subfields: [...d.subfields] })) },
        200,
      );
    },
  );
  return app;
}
