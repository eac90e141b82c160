/**
 * Accept or decline an introduction (either side): two small forms, the decline one asks for the
 * reason the other side will read. Used by the enterprise and the university pages alike.
 */
import { Form, FormField } from './form.js';

/** The reason field's id for one introduction: a page lists several, each with its own form. */
export const declineReasonId = (introductionId: string) => `f-reason-${introductionId}`;

export function RespondForms({
  introductionId,
  action,
  version,
  error,
  reason,
}: {
  introductionId: string;
  action: string;
  version: number;
  error?: string;
  reason?: string;
}) {
  return (
    <div class="respond">
      <Form action={`${action}/accept`} class="inline-form">
        <input type="hidden" name="version" value={String(version)} />
        <button type="submit">同意对接</button>
      </Form>
      <details class="respond__decline" open={error ? true : undefined}>
        <summary>婉拒</summary>
        <Form action={`${action}/decline`} class="form">
          <input type="hidden" name="version" value={String(version)} />
          <FormField
            name="reason"
            id={declineReasonId(introductionId)}
            label="婉拒原因"
            hint="对方与区科技局会看到这段话，请写明原因，便于改进推荐。"
            rows={3}
            value={reason}
            error={error}
            required
          />
          <div class="actions">
            <button type="submit" class="button--secondary">
              确认婉拒
            </button>
          </div>
        </Form>
      </details>
    </div>
  );
}
