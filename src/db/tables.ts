/**
 * Table types: one interface per table, camelCase (the CamelCasePlugin maps them to the
 * snake_case columns the migrations create), combined into the `Database` type.
 */
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/** Timestamps read as Date; written as Date or ISO string; defaulted by the database when omitted. */
type CreatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** `date` columns travel as 'YYYY-MM-DD' strings (type parsers are set in database.ts). */
type DateString = string;

interface Versioned {
  version: Generated<number>;
  createdAt: CreatedAt;
  updatedAt: CreatedAt;
}

interface SoftDeleted {
  deletedAt: Date | null;
}

export interface UniversityTable extends Versioned, SoftDeleted {
  id: Generated<string>;
  name: string;
  kind: 'university' | 'institute';
  city: string | null;
  website: string | null;
  summary: string | null;
}

export interface EnterpriseTable extends Versioned, SoftDeleted {
  id: Generated<string>;
  name: string;
  creditCode: string | null;
  industry: string | null;
  address: string | null;
  scale: 'micro' | 'small' | 'medium' | 'large' | null;
  foundedOn: DateString | null;
  employees: number | null;
  revenueWan: number | null;
  highTechCertNo: string | null;
  highTechCertFrom: DateString | null;
  highTechCertTo: DateString | null;
  techSmeRegNo: string | null;
  contactName: string | null;
  contactTitle: string | null;
  contactPhone: string | null;
  contactEmail: string | null;
  description: string | null;
  liaisonId: string | null;
}

export interface LabTable extends Versioned, SoftDeleted {
  id: Generated<string>;
  universityId: string;
  name: string;
  leader: string | null;
  contactName: string | null;
  contactPhone: string | null;
  contactEmail: string | null;
  domains: string[];
  keywords: string[];
  summary: string;
  equipment: string[];
  achievements: string[];
}

export type LiaisonSide = 'bureau' | 'university' | 'enterprise';

export interface LiaisonTable extends Versioned, SoftDeleted {
  id: Generated<string>;
  side: LiaisonSide;
  name: string;
  title: string | null;
  phone: string | null;
  email: string | null;
  universityId: string | null;
  enterpriseId: string | null;
  userId: string | null;
  active: Generated<boolean>;
}

export type ProblemStage = 'open' | 'matching' | 'contacted' | 'negotiating' | 'agreed' | 'solved' | 'closed';
export type Visibility = 'public' | 'bureau';

export interface ProblemTable extends Versioned, SoftDeleted {
  id: Generated<string>;
  enterpriseId: string;
  title: string;
  description: string;
  domains: string[];
  keywords: string[];
  budgetWan: number | null;
  deadline: DateString | null;
  visibility: Visibility;
  stage: ProblemStage;
  liaisonId: string | null;
  postedAt: CreatedAt;
  createdBy: string | null;
  /** Review before publishing (brokering migration); defaulted to published for rows written without it. */
  reviewStatus: ColumnType<ReviewStatus, ReviewStatus | undefined, ReviewStatus>;
}

export interface ProblemStageHistoryTable {
  id: Generated<string>;
  problemId: string;
  fromStage: ProblemStage | null;
  toStage: ProblemStage;
  /** Why, as data (src/policy/stage-reasons.ts); null on the row written at posting. */
  reasonCode: string | null;
  reasonParams: ColumnType<unknown, string | null, string | null>;
  actorUserId: string | null;
  actorName: string;
  at: CreatedAt;
}

export type Role = 'bureau' | 'university' | 'enterprise';

export interface UserTable extends Versioned {
  id: Generated<string>;
  name: string;
  role: Role;
  enterpriseId: string | null;
  universityId: string | null;
  tokenHash: string;
  disabledAt: Date | null;
  /** Phone number or account name for signing in; null until the user activates. */
  loginName: ColumnType<string | null, string | null | undefined, string | null>;
  /** `scrypt$N$r$p$salt$hash`; null until the user activates. */
  passwordHash: ColumnType<string | null, string | null | undefined, string | null>;
  passwordChangedAt: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface ActivationLinkTable {
  id: Generated<string>;
  userId: string;
  tokenHash: string;
  expiresAt: Timestamp;
  usedAt: Date | null;
  createdBy: string | null;
  createdAt: CreatedAt;
}

export interface SessionTable {
  id: Generated<string>;
  tokenHash: string;
  userId: string;
  createdAt: Timestamp;
  lastSeenAt: Timestamp;
  /** The absolute expiry; the idle expiry is computed from lastSeenAt. */
  expiresAt: Timestamp;
  endedAt: Date | null;
  ip: string | null;
  userAgent: string | null;
}

export interface SignInFailureTable {
  id: Generated<string>;
  loginKey: string;
  ip: string;
  at: Timestamp;
  forgiven: Generated<boolean>;
}

export interface SignInLockTable {
  loginKey: string;
  lockedUntil: Timestamp;
}

export type AuditAction = 'create' | 'update' | 'delete' | 'sign_in' | 'sign_in_failed' | 'account_locked' | 'sign_out';

export interface AuditLogTable {
  id: Generated<string>;
  at: CreatedAt;
  actorUserId: string | null;
  actorName: string;
  action: AuditAction;
  entity: string;
  entityId: string;
  before: ColumnType<unknown, string | null, never>;
  after: ColumnType<unknown, string | null, never>;
  requestId: string | null;
}

export interface OutboxTable {
  id: Generated<string>;
  entity: string;
  entityId: string;
  op: 'upsert' | 'delete';
  createdAt: CreatedAt;
  /** The writing transaction's id (xid8, as text): readers follow (tx, id) order. */
  tx: Generated<string>;
}

/** A reader of the outbox and its position; the shared engine's reader also holds a lease. */
export interface OutboxConsumerTable {
  name: string;
  tx: Generated<string>;
  id: Generated<string>;
  holder: string | null;
  lockedUntil: Date | null;
  seenAt: Generated<Date>;
}

/** Fixed-window request counters, shared by every process. */
export interface RateLimitTable {
  key: string;
  windowStart: Date;
  hits: number;
}

export interface IdempotencyKeyTable {
  actor: string;
  key: string;
  method: string;
  path: string;
  requestHash: string;
  status: number | null;
  responseBody: ColumnType<unknown, string | null, string | null>;
  responseHeaders: ColumnType<Record<string, string> | null, string | null, string | null>;
  createdAt: CreatedAt;
}

export interface EmbeddingTable {
  model: string;
  contentHash: string;
  dimensions: number;
  vector: number[];
  createdAt: CreatedAt;
}

export interface Database {
  universities: UniversityTable;
  enterprises: EnterpriseTable;
  labs: LabTable;
  liaisons: LiaisonTable;
  problems: ProblemTable;
  problemStageHistory: ProblemStageHistoryTable;
  users: UserTable;
  auditLog: AuditLogTable;
  outbox: OutboxTable;
  outboxConsumers: OutboxConsumerTable;
  rateLimits: RateLimitTable;
  idempotencyKeys: IdempotencyKeyTable;
  embeddings: EmbeddingTable;
  problemReviews: ProblemReviewTable;
  interests: InterestTable;
  introductions: IntroductionTable;
  contacts: ContactTable;
  agreements: AgreementTable;
  centres: CentreTable;
  centreHistory: CentreHistoryTable;
  importJobs: ImportJobTable;
  importRows: ImportRowTable;
  activationLinks: ActivationLinkTable;
  sessions: SessionTable;
  signInFailures: SignInFailureTable;
  signInLocks: SignInLockTable;
  installationSecrets: InstallationSecretTable;
  reportEnteredFigures: ReportEnteredFigureTable;
}

export type University = Selectable<UniversityTable>;
export type NewUniversity = Insertable<UniversityTable>;
export type Enterprise = Selectable<EnterpriseTable>;
export type NewEnterprise = Insertable<EnterpriseTable>;
export type Lab = Selectable<LabTable>;
export type NewLab = Insertable<LabTable>;
export type Liaison = Selectable<LiaisonTable>;
export type Problem = Selectable<ProblemTable>;
export type NewProblem = Insertable<ProblemTable>;
export type ProblemUpdate = Updateable<ProblemTable>;
export type User = Selectable<UserTable>;

// ── Brokering workflow (migration 2026-11-28T1100-brokering) ──────────────────────────────

export type ReviewStatus = 'draft' | 'pending_review' | 'revision_requested' | 'published' | 'rejected';
export type ReviewAction = 'submit' | 'resubmit' | 'approve' | 'request_revision' | 'reject';

/** Append-only: one row per review step of a problem. */
export interface ProblemReviewTable {
  id: Generated<string>;
  problemId: string;
  action: ReviewAction;
  fromStatus: ReviewStatus | null;
  toStatus: ReviewStatus;
  comment: string | null;
  actorUserId: string | null;
  actorName: string;
  at: CreatedAt;
}

export interface InterestTable extends Versioned, SoftDeleted {
  id: Generated<string>;
  problemId: string;
  labId: string;
  universityId: string;
  note: string;
  status: Generated<'active' | 'withdrawn'>;
  withdrawnAt: Date | null;
  withdrawReason: string | null;
  createdBy: string | null;
  createdByName: string;
}

export type IntroductionStatus = 'shortlisted' | 'introduced' | 'accepted' | 'declined' | 'withdrawn';
export type IntroductionSide = 'enterprise' | 'university';

export interface IntroductionTable extends Versioned, SoftDeleted {
  id: Generated<string>;
  problemId: string;
  labId: string;
  universityId: string;
  source: 'match' | 'interest' | 'manual';
  interestId: string | null;
  matchScore: number | null;
  note: string | null;
  status: IntroductionStatus;
  introducedAt: Date | null;
  enterpriseResponse: 'accepted' | 'declined' | null;
  enterpriseRespondedAt: Date | null;
  universityResponse: 'accepted' | 'declined' | null;
  universityRespondedAt: Date | null;
  declinedBy: IntroductionSide | null;
  declineReason: string | null;
  withdrawnAt: Date | null;
  withdrawReason: string | null;
  createdBy: string | null;
}

export type ContactKind = 'visit' | 'meeting' | 'call' | 'event' | 'online';

export interface ContactTable extends Versioned, SoftDeleted {
  id: Generated<string>;
  kind: ContactKind;
  occurredAt: Timestamp;
  enterpriseId: string;
  labId: string | null;
  problemId: string | null;
  liaisonIds: string[];
  participantNames: string[];
  summary: string;
  outcome: string | null;
  nextStep: string | null;
  followUpOn: DateString | null;
  followUpDoneAt: Date | null;
  followUpNote: string | null;
  createdBy: string | null;
}

export type AgreementType = 'development' | 'transfer' | 'licence' | 'consulting' | 'service' | 'joint_platform';
export type AgreementStatus = 'signed' | 'in_progress' | 'completed' | 'terminated';

export interface AgreementTable extends Versioned, SoftDeleted {
  id: Generated<string>;
  title: string;
  type: AgreementType;
  developmentMode: 'commissioned' | 'joint' | null;
  enterpriseId: string;
  universityId: string;
  labId: string | null;
  problemIds: string[];
  amountWan: number | null;
  signedOn: DateString;
  startOn: DateString | null;
  endOn: DateString | null;
  status: Generated<AgreementStatus>;
  statusNote: string | null;
  /** signed_on + 30 days, generated by the database. */
  registrationDueOn: ColumnType<DateString, never, never>;
  registeredOn: DateString | null;
  registrationNo: string | null;
  summary: string | null;
  createdBy: string | null;
}

export type CentreKind = 'rd_centre' | 'engineering_centre' | 'key_lab';
export type CentreLevel = 'district' | 'city' | 'province' | 'national';
export type CentreStatus = 'planned' | 'building' | 'operating' | 'recognized' | 'revoked';

export interface CentreTable extends Versioned, SoftDeleted {
  id: Generated<string>;
  name: string;
  kind: CentreKind;
  enterpriseId: string;
  universityId: string;
  labId: string | null;
  agreementId: string | null;
  level: CentreLevel;
  status: Generated<CentreStatus>;
  plannedOn: DateString | null;
  establishedOn: DateString | null;
  recognizedOn: DateString | null;
  revokedOn: DateString | null;
  summary: string | null;
  createdBy: string | null;
}

/** Append-only: each status change and level upgrade of a centre. */
export interface CentreHistoryTable {
  id: Generated<string>;
  centreId: string;
  kind: 'status' | 'level';
  fromValue: string | null;
  toValue: string;
  effectiveOn: DateString | null;
  documentNo: string | null;
  note: string | null;
  actorUserId: string | null;
  actorName: string;
  at: CreatedAt;
}

export type ProblemReview = Selectable<ProblemReviewTable>;
export type Interest = Selectable<InterestTable>;
export type Introduction = Selectable<IntroductionTable>;
export type Contact = Selectable<ContactTable>;
export type Agreement = Selectable<AgreementTable>;
export type Centre = Selectable<CentreTable>;
export type CentreHistory = Selectable<CentreHistoryTable>;

export type ImportKind = 'enterprises' | 'universities' | 'labs' | 'problems';
/** `preparing`: the dry run is still writing the job's rows; such a job is never shown or run. */
export type ImportStatus = 'preparing' | 'previewed' | 'queued' | 'running' | 'completed' | 'failed' | 'cancelled';
export type RowFate = 'created' | 'updated' | 'unchanged' | 'rejected';
/** A rejected row's reason: the column as the file names it, the API field, the message. */
export interface RowError {
  column: string | null;
  field: string | null;
  message: string;
}

export interface ImportJobTable {
  id: Generated<string>;
  kind: ImportKind;
  fileName: string;
  format: 'xlsx' | 'csv';
  status: ImportStatus;
  /** The file's recognised headers, in file order, with the API field each names. */
  columns: ColumnType<{ header: string; field: string }[], string, string>;
  ignoredColumns: ColumnType<string[], string, string>;
  totalRows: number;
  planned: ColumnType<Record<RowFate, number>, string, string>;
  rowsDone: Generated<number>;
  createdCount: Generated<number>;
  updatedCount: Generated<number>;
  unchangedCount: Generated<number>;
  rejectedCount: Generated<number>;
  attempts: Generated<number>;
  error: string | null;
  createdBy: string | null;
  createdByName: string;
  startedAt: Date | null;
  finishedAt: Date | null;
  /** The lease: the process running the job, and until when (renewed with every batch). */
  lockedBy: Generated<string | null>;
  lockedUntil: Generated<Date | null>;
  version: Generated<number>;
  createdAt: CreatedAt;
  updatedAt: Generated<Date>;
}

export interface ImportRowTable {
  jobId: string;
  rowNo: number;
  naturalKey: string | null;
  cells: ColumnType<Record<string, unknown>, string, string>;
  input: ColumnType<Record<string, unknown> | null, string | null, string | null>;
  planned: RowFate;
  errors: ColumnType<RowError[], string, string>;
  fate: RowFate | null;
  recordId: string | null;
  recordVersion: number | null;
  undo: ColumnType<Record<string, unknown> | null, string | null, string | null>;
}

export type ImportJob = Selectable<ImportJobTable>;
export type ImportRow = Selectable<ImportRowTable>;

/** Secrets every process on this database shares (migration 2026-11-30T1500-installation-secrets). */
export interface InstallationSecretTable {
  name: string;
  value: string;
  createdAt: Generated<Date>;
}

// ── 填报指标 (migration 2026-11-30T1700-report-entered-figures) ──────────────────────────────

/** Append-only: one row per change of an entered figure of a report period; the newest is in force. */
export interface ReportEnteredFigureTable {
  id: Generated<string>;
  periodFrom: ColumnType<string, string, never>;
  periodTo: ColumnType<string, string, never>;
  key: string;
  /** null: the figure was cleared. */
  value: number | null;
  source: string | null;
  sourceDate: ColumnType<string | null, string | null, never>;
  enteredByUserId: string | null;
  enteredByName: string;
  enteredAt: Generated<Date>;
}
