/**
 * 发布难题 and its edit form: title, description with live writing hints (htmx posts the form as the
 * user types, debounced, and the server answers the existing hints of src/domain/problem-hints.ts),
 * domains from the taxonomy, keywords, budget, deadline and visibility in plain words. A new problem
 * or a draft may also be saved as a draft (草稿, `intent=draft`) instead of being submitted. After the
 * bureau asks for revision the form shows its comment and "保存并重新提交".
 */
import type { Hint } from '../../domain/problem-hints.js';
import { problemHints } from '../../domain/problem-hints.js';
import { CreateProblem } from '../../modules/problems/schemas.js';
import { DomainPicker, ErrorSummary, Form, FormField } from '../components/index.js';
import { type FormErrors, formInput, type RawForm, rawValue } from '../forms.js';

/** The fields an enterprise writes, validated by the API's own schema. */
export const ProblemFields = CreateProblem.omit({ enterpriseId: true, publish: true, draft: true });

/** Hints for whatever has been typed so far (fields not yet valid count as empty); null before anything is typed. */
export function hintsFor(raw: RawForm): Hint[] | null {
  const v = formInput(raw, ProblemFields) as Record<string, unknown>;
  const text = (k: string) => (typeof v[k] === 'string' ? (v[k] as string) : '');
  if (!text('title') && !text('description')) return null;
  return problemHints({
    title: text('title'),
    description: text('description'),
    domains: Array.isArray(v.domains) ? (v.domains as string[]) : [],
    keywords: Array.isArray(v.keywords) ? (v.keywords as string[]) : [],
    budgetWan: typeof v.budgetWan === 'number' ? v.budgetWan : null,
    deadline: text('deadline') || null,
  });
}

export function HintList({ hints }: { hints: Hint[] | null }) {
  if (!hints) return <p class="muted">开始填写后，这里会提示描述还缺什么。</p>;
  if (!hints.length) return <p class="hints__ok">写得很清楚：现状、目标、预算和期限都已写明。</p>;
  return (
    <ul class="hints__list">
      {hints.map((h) => (
        <li data-hint={h.code}>{h.message}</li>
      ))}
    </ul>
  );
}

export interface ProblemFormProps {
  action: string;
  values: RawForm;
  errors?: FormErrors;
  /** Editing: the version the form was read at. */
  version?: number;
  /** The bureau's comment when it asked for revision. */
  revisionComment?: string | null;
  submitLabel: string;
  /** Offers a second, secondary button that saves a draft (草稿) instead. */
  draftLabel?: string;
}

/** The posted button: `intent=draft` saves a draft, anything else submits (or saves) as the primary button says. */
export const wantsDraft = (raw: RawForm): boolean => raw.intent === 'draft';

export function ProblemForm(p: ProblemFormProps) {
  const errors = p.errors ?? {};
  const v = (name: string) => rawValue(p.values, name);
  const domains = ([] as string[]).concat(p.values.domains ?? []);
  const visibility = v('visibility') || 'public';
  return (
    <>
      <ErrorSummary errors={errors} />
      {p.revisionComment !== undefined ? (
        <div class="notice notice--warning" role="note">
          <h2>区科技局的整改意见</h2>
          <p>{p.revisionComment ?? '请按审核意见修改后重新提交。'}</p>
        </div>
      ) : null}
      <div class="with-aside">
        <Form
          action={p.action}
          class="form"
          hx-post="/enterprise/problems/hints"
          hx-trigger="input delay:500ms"
          hx-target="#hints"
          hx-swap="innerHTML"
          hx-sync="this:replace"
        >
          {p.version !== undefined ? <input type="hidden" name="version" value={String(p.version)} /> : null}
          <FormField
            name="title"
            label="难题标题"
            hint="一句话说清要解决什么，5–100 字，例如“注塑件表面缺陷自动检测”。"
            value={v('title')}
            error={errors.title}
            required
            attrs={{ maxlength: 100 }}
          />
          <FormField
            name="description"
            label="难题描述"
            hint="写明现状与约束、希望达到的量化指标（如漏检率、节拍、成本）、已尝试过的办法。"
            rows={8}
            value={v('description')}
            error={errors.description}
            required
          />
          <DomainPicker selected={domains} error={errors.domains} hint="选择 1–3 个最贴近的领域，高校按领域检索。" />
          <FormField
            name="keywords"
            label="关键词"
            hint="用逗号或顿号分隔，例如：机器视觉、缺陷检测。关键词越准，越容易被实验室找到。"
            value={v('keywords')}
            error={errors.keywords}
          />
          <FormField
            name="budgetWan"
            label="预算（万元）"
            hint="可填大致范围的下限；不填表示面议。"
            type="number"
            value={v('budgetWan')}
            error={errors.budgetWan}
            attrs={{ inputmode: 'decimal', min: 0 }}
          />
          <FormField
            name="deadline"
            label="期望完成日期"
            hint="不早于今天。"
            type="date"
            value={v('deadline')}
            error={errors.deadline}
          />
          <div class={errors.visibility ? 'field field--error' : 'field'}>
            <fieldset id="f-visibility">
              <legend class="field__label">谁能看到这个难题</legend>
              {errors.visibility ? <p class="field__error">{errors.visibility}</p> : null}
              <label class="radio">
                <input type="radio" name="visibility" value="public" checked={visibility === 'public'} />
                公开：审核通过后，所有高校联络员都能在需求大厅看到难题内容；贵企业的名称和联系方式要等区科技局引荐实验室后才告诉对方。
              </label>
              <label class="radio">
                <input type="radio" name="visibility" value="bureau" checked={visibility === 'bureau'} />
                仅区科技局：高校看不到，由区科技局为您物色实验室，引荐后被引荐的高校才能看到。
              </label>
            </fieldset>
          </div>
          <div class="actions">
            <button type="submit" name="intent" value="submit">
              {p.submitLabel}
            </button>
            {p.draftLabel ? (
              <button type="submit" name="intent" value="draft" class="button--secondary">
                {p.draftLabel}
              </button>
            ) : null}
            <a href="/enterprise/problems">取消</a>
          </div>
        </Form>
        <aside class="hints" aria-labelledby="hints-title">
          <h2 id="hints-title">写作提示</h2>
          <p class="muted">边写边检查，提交前补全能让审核更快、匹配更准。</p>
          <div id="hints" aria-live="polite">
            <HintList hints={hintsFor(p.values)} />
          </div>
        </aside>
      </div>
    </>
  );
}
