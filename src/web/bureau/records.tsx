/**
 * 合作协议 (/bureau/agreements) and 共建研发中心 (/bureau/centres): the bureau's lists of signed
 * agreements (with the 60-day technology-contract registration deadline) and co-built R&D centres,
 * read through the agreements and centres services with the API's filters in the URL.
 */
import { Hono } from 'hono';
import type { AppDeps } from '../../deps.js';
import { AGREEMENT_STATUS_LABELS, AGREEMENT_TYPE_LABELS, REGISTRATION_STATE_LABELS } from '../../domain/agreements.js';
import { CENTRE_KIND_LABELS, CENTRE_LEVEL_LABELS, CENTRE_STATUS_LABELS } from '../../domain/centres.js';
import { ListAgreementsQuery } from '../../modules/agreements/schemas.js';
import { agreementService } from '../../modules/agreements/service.js';
import { ListCentresQuery } from '../../modules/centres/schemas.js';
import { centreService } from '../../modules/centres/service.js';
import { Badge, type Tone } from '../components/index.js';
import type { WebEnv } from '../env.js';
import { requireRole } from '../session.js';
import { listPage, mountListPage } from './list-page.js';

const REGISTRATION_TONES: Record<string, Tone> = { registered: 'success', pending: 'warning', overdue: 'danger' };

export function bureauRecordPages(deps: AppDeps) {
  const app = new Hono<WebEnv>();
  const agreements = agreementService(deps);
  const centres = centreService(deps);
  for (const path of ['/bureau/agreements', '/bureau/centres']) app.use(path, requireRole('bureau'));

  mountListPage(
    app,
    listPage({
      path: '/bureau/agreements',
      title: '合作协议',
      query: ListAgreementsQuery,
      list: (actor, input) => agreements.list(actor, input),
      defaultSort: '-signedOn',
      sortable: { 签订日期: 'signedOn', '金额（万元）': 'amountWan', 登记截止: 'registrationDueOn' },
      filters: [
        { name: 'type', label: '类型', options: AGREEMENT_TYPE_LABELS },
        { name: 'status', label: '状态', options: AGREEMENT_STATUS_LABELS },
        { name: 'registration', label: '认定登记', options: REGISTRATION_STATE_LABELS },
      ],
      empty: '协议签订后由区科技局录入；换一个筛选条件再试。',
      columns: [
        { label: '协议', cell: (a) => a.title },
        { label: '类型', cell: (a) => a.typeLabel },
        { label: '企业', cell: (a) => a.enterprise.name },
        { label: '高校/院所', cell: (a) => a.university.name },
        { label: '金额（万元）', numeric: true, cell: (a) => a.amountWan ?? '—' },
        { label: '签订日期', cell: (a) => a.signedOn },
        { label: '状态', cell: (a) => a.statusLabel },
        { label: '登记截止', cell: (a) => a.registration.dueOn },
        {
          label: '认定登记',
          cell: (a) => (
            <Badge
              text={
                a.registration.daysLeft !== null && a.registration.daysLeft >= 0
                  ? `${a.registration.stateLabel}（剩 ${a.registration.daysLeft} 天）`
                  : a.registration.stateLabel
              }
              tone={REGISTRATION_TONES[a.registration.state] ?? 'neutral'}
            />
          ),
        },
      ],
    }),
  );

  mountListPage(
    app,
    listPage({
      path: '/bureau/centres',
      title: '共建研发中心',
      query: ListCentresQuery,
      list: (actor, input) => centres.list(actor, input),
      defaultSort: 'name',
      sortable: { 名称: 'name', 认定日期: 'recognizedOn' },
      filters: [
        { name: 'kind', label: '类型', options: CENTRE_KIND_LABELS },
        { name: 'level', label: '级别', options: CENTRE_LEVEL_LABELS },
        { name: 'status', label: '状态', options: CENTRE_STATUS_LABELS },
      ],
      empty: '校企共建的研发中心由区科技局录入；换一个筛选条件再试。',
      columns: [
        { label: '名称', cell: (x) => x.name },
        { label: '类型', cell: (x) => x.kindLabel },
        { label: '企业', cell: (x) => x.enterprise.name },
        { label: '高校/院所', cell: (x) => x.university.name },
        { label: '级别', cell: (x) => x.levelLabel },
        { label: '状态', cell: (x) => x.statusLabel },
        { label: '认定日期', cell: (x) => x.recognizedOn ?? '—' },
        { label: '依托协议', cell: (x) => x.agreement?.title ?? '—' },
      ],
    }),
  );
  return app;
}
