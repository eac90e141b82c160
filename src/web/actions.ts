/**
 * A service's refusal of a form, in the form's words: its field errors (`fieldError(...)`), or — for
 * a record someone changed in between, or a step its current state does not allow — one message at
 * the top of the form. Anything else (404, 500) is left to the error pages.
 */
import { ApiError } from '../http/errors.js';
import type { ExpectedVersion } from '../http/versioning.js';
import { FORM_ERROR, type FormErrors, serviceErrors } from './forms.js';

export function actionErrors(err: unknown): FormErrors | undefined {
  const fields = serviceErrors(err);
  if (fields) return fields;
  if (!(err instanceof ApiError)) return undefined;
  if (err.code === 'precondition_failed' || (err.code === 'conflict' && /版本/.test(err.detail ?? ''))) {
    return { [FORM_ERROR]: '此记录刚被他人修改，请刷新页面后再试。' };
  }
  if (err.code === 'conflict' || err.code === 'forbidden') {
    const field = err.errors?.[0];
    return field ? { [field.path.split('.')[0]!]: field.message } : { [FORM_ERROR]: err.detail ?? err.message };
  }
  return undefined;
}

/** The version a form was read at (its hidden `version` field) as the services expect it. */
export const expected = (version: number | undefined): ExpectedVersion | undefined =>
  version === undefined ? undefined : { version, from: 'body' };
