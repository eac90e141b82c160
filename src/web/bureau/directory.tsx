/**
 * 名录 (/bureau/directory and its lists of enterprises, universities, labs and liaisons): dense,
 * searchable lists for the bureau, read through each module's service (so the records are the ones
 * the API would show the bureau). Filters and sort live in the URL; every list says how many.
 * Users have their own page (users.tsx) because they carry actions.
 */
import { Hono } from 'hono';
import type { AppDeps } from '../../deps.js';
import { ListEnterprisesQuery } from '../../modules/enterprises/schemas.js';
import { enterpriseService } from '../../modules/enterprises/service.js';
import { ListLabsQuery } from '../../modules/labs/schemas.js';
import { labService } from '../../modules/labs/service.js';
import { ListLiaisonsQuery } from '../../modules/liaisons/schemas.js';
import { liaisonService } from '../../modules/liaisons/service.js';
import { ListUniversitiesQuery } from '../../modules/universities/schemas.js';
import { universityService } from '../../modules/universities/service.js';
import { Badge } from '../components/index.js';
import type { WebEnv } from '../env.js';
import { requireRole } from '../session.js';
import { type ListPage, listPage, mountListPage } from './list-page.js';

const BASE = '/bureau/directory';

const SIDE_LABELS: Record<string, string> = { bureau: '区科技局', university: '高校/院所', enterprise: '企业' };
const KIND_LABELS: Record<string, string> = { university: '高校', institute: '科研院所' };

const EMPTY = '换一个关键词再试，或经“导入”批量导入名录。';

/**
 * What every directory list shares: its path under the directory, sorted by name (the column
 * `nameLabel`), the same advice when empty.
 */
function directory<T>(
  slug: string,
  { nameLabel, ...d }: Omit<ListPage<T>, 'path' | 'defaultSort' | 'empty' | 'sortable'> & { nameLabel: string },
): ListPage<unknown> & { slug: string } {
  return {
    slug,
    ...listPage<T>({
      ...d,
      path: `${BASE}/${slug}`,
      defaultSort: 'name',
      empty: EMPTY,
      sortable: { [nameLabel]: 'name' },
    }),
  };
}

function directories(deps: AppDeps): (ListPage<unknown> & { slug: string })[] {
  const enterprises = enterpriseService(deps);
  const universities = universityService(deps);
  const labs = labService(deps);
  const liaisons = liaisonService(deps);
  return [
    directory('enterprises', {
      title: '企业',
      nameLabel: '名称',
      query: ListEnterprisesQuery,
      list: (actor, input) => enterprises.list(actor, input),
      searchLabel: '企业名称包含',
      columns: [
        { label: '名称', cell: (e) => e.name },
        { label: '统一社会信用代码', cell: (e) => e.creditCode ?? '—' },
        { label: '行业', cell: (e) => e.industry ?? '—' },
        {
          label: '资质',
          cell: (e) => (
            <>
              {e.highTech.certified ? <Badge text="高新技术企业" tone="info" /> : null}{' '}
              {e.techSme ? <Badge text="科技型中小企业" tone="info" /> : null}
            </>
          ),
        },
        { label: '难题', numeric: true, cell: (e) => e.problemCount },
      ],
    }),
    directory('universities', {
      title: '高校/院所',
      nameLabel: '名称',
      query: ListUniversitiesQuery,
      list: (_actor, input) => universities.list(input),
      searchLabel: '名称包含',
      columns: [
        { label: '名称', cell: (u) => u.name },
        { label: '类型', cell: (u) => KIND_LABELS[u.kind] ?? u.kind },
        { label: '城市', cell: (u) => u.city ?? '—' },
        { label: '实验室', numeric: true, cell: (u) => u.labCount },
      ],
    }),
    directory('labs', {
      title: '实验室/团队',
      nameLabel: '名称',
      query: ListLabsQuery,
      list: (actor, input) => labs.list(actor, input),
      searchLabel: '名称或简介包含',
      columns: [
        { label: '名称', cell: (l) => l.name },
        { label: '所属高校/院所', cell: (l) => l.university.name },
        { label: '负责人', cell: (l) => l.leader ?? '—' },
        { label: '关键词', cell: (l) => l.keywords.join('、') || '—' },
        { label: '联系人', cell: (l) => [l.contactName, l.contactPhone].filter(Boolean).join(' ') || '—' },
      ],
    }),
    directory('liaisons', {
      title: '联络员',
      nameLabel: '姓名',
      query: ListLiaisonsQuery,
      list: (actor, input) => liaisons.list(actor, input),
      searchLabel: '姓名包含',
      columns: [
        { label: '姓名', cell: (l) => l.name },
        { label: '所在方', cell: (l) => SIDE_LABELS[l.side] ?? l.side },
        { label: '职务', cell: (l) => l.title ?? '—' },
        { label: '电话', cell: (l) => l.phone ?? '—' },
        { label: '状态', cell: (l) => (l.active ? <Badge text="在岗" tone="success" /> : <Badge text="已离任" />) },
      ],
    }),
  ];
}

function DirectoryNav({ current, all }: { current?: string; all: { slug: string; title: string }[] }) {
  return (
    <nav aria-label="名录分类" class="sub-nav">
      <ul>
        {[...all, { slug: 'users', title: '用户' }].map((d) => (
          <li>
            <a href={`${BASE}/${d.slug}`} aria-current={d.slug === current ? 'page' : undefined}>
              {d.title}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export function bureauDirectoryPages(deps: AppDeps) {
  const app = new Hono<WebEnv>();
  const all = directories(deps);
  app.use(BASE, requireRole('bureau'));
  app.use(`${BASE}/*`, requireRole('bureau'));

  app.get(BASE, (c) =>
    c.render(
      <>
        <p>区内企业、高校/院所、实验室、联络员与平台用户的名录。</p>
        <DirectoryNav all={all} />
      </>,
      { title: '名录' },
    ),
  );

  for (const d of all)
    mountListPage(app, { ...d, pageTitle: `名录 · ${d.title}`, above: <DirectoryNav current={d.slug} all={all} /> });
  return app;
}
