/** 列表导出 (list exports) routes: each list as XLSX or CSV, with the list route's filters and access rules, paged through its service. */
import type { z } from '@hono/zod-openapi';
import { ALL_ROLES, type Actor } from '../../auth/actor.js';
import type { Role } from '../../db/tables.js';
import { shanghaiToday } from '../../domain/calendar.js';
import type { AppDeps } from '../../deps.js';
import { csvResponse, ExportFormat, fileResponse, xlsxResponse } from '../../http/files.js';
import { defineRoute, newRouter } from '../../http/route.js';
import { LIMIT_MAX } from '../../http/schemas.js';
import { agreementService } from '../agreements/service.js';
import { ListAgreementsQuery } from '../agreements/schemas.js';
import { centreService } from '../centres/service.js';
import { ListCentresQuery } from '../centres/schemas.js';
import { contactService } from '../contacts/service.js';
import { ListContactsQuery } from '../contacts/schemas.js';
import { enterpriseService } from '../enterprises/service.js';
import { ListEnterprisesQuery } from '../enterprises/schemas.js';
import { labService } from '../labs/service.js';
import { ListLabsQuery } from '../labs/schemas.js';
import { pipelineService } from '../pipeline/service.js';
import { PipelineQuery } from '../pipeline/schemas.js';
import { problemService } from '../problems/service.js';
import { ListProblemsQuery } from '../problems/schemas.js';
import { type ExportList, headersOf, LIST_COLUMNS, LIST_TITLES, toRow } from './columns.js';

type Paged<T> = { items: T[]; nextCursor?: string };

/** Every item of a cursor-paged list, one page at a time; the first page is fetched by the caller so its errors still answer problem+json. */
async function* allPages<T>(
  first: { items: T[]; nextCursor?: string },
  fetch: (cursor: string) => Promise<{ items: T[]; nextCursor?: string }>,
): AsyncIterable<T> {
  let page = first;
  yield* page.items;
  while (page.nextCursor) {
    page = await fetch(page.nextCursor);
    yield* page.items;
  }
}
type Fetch = (viewer: Actor, input: any) => Promise<Paged<any>>;

export function exportRoutes(deps: AppDeps) {
  const app = newRouter();
  const problems = problemService(deps);
  const labs = labService(deps);
  const enterprises = enterpriseService(deps);
  const contacts = contactService(deps);
  const agreements = agreementService(deps);
  const centres = centreService(deps);
  const pipeline = pipelineService(deps);

  function mount(list: ExportList, roles: readonly Role[], query: z.ZodObject<any>, fetch: Fetch) {
    const columns = LIST_COLUMNS[list] as Parameters<typeof headersOf<any>>[0];
    app.openapi(
      defineRoute(roles, {
        method: 'get',
        path: `/exports/${list}`,
        tags: ['导出'],
        summary: `导出${LIST_TITLES[list]}`,
        description: `筛选条件与 GET /api/v1/${list} 相同，可见范围也相同；XLSX 或 CSV（UTF-8 带 BOM），逐页流式输出。`,
        request: { query: query.omit({ limit: true, cursor: true }).extend({ format: ExportFormat }) },
        responses: { 200: fileResponse('导出文件') },
      }),
      async (c) => {
        const { format, ...filters } = c.req.valid('query') as { format: 'xlsx' | 'csv' } & Record<string, unknown>;
        const viewer = c.get('actor');
        const page = (cursor?: string) => fetch(viewer, { ...filters, limit: LIMIT_MAX, cursor });
        const items = allPages(await page(), page);
        const rows = (async function* () {
          for await (const item of items) yield toRow(columns, item);
        })();
        const filename = `${LIST_TITLES[list]}_${shanghaiToday(deps.now())}`;
        const sheet = { name: LIST_TITLES[list], headers: headersOf(columns), rows };
        return format === 'csv' ? csvResponse(sheet, filename) : xlsxResponse([sheet], filename);
      },
    );
  }

  mount('problems', ALL_ROLES, ListProblemsQuery, (v, i) => problems.list(v, i));
  mount('labs', ALL_ROLES, ListLabsQuery, (v, i) => labs.list(v, i));
  mount('enterprises', ['bureau', 'enterprise'], ListEnterprisesQuery, (v, i) => enterprises.list(v, i));
  mount('contacts', ALL_ROLES, ListContactsQuery, (v, i) => contacts.list(v, i));
  mount('agreements', ALL_ROLES, ListAgreementsQuery, (v, i) => agreements.list(v, i));
  mount('centres', ALL_ROLES, ListCentresQuery, (v, i) => centres.list(v, i));
  mount('pipeline', ['bureau'], PipelineQuery, (_v, i) => pipeline.pipeline(i));
  return app;
}
