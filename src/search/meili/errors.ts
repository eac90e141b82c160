/**
 * Meilisearch failures as SearchEngineError: unreachable servers, timeouts, 5xx and auth failures
 * are 'unavailable'; a rejected search is 'invalid_query'; a rejected write or a task that ends
 * failed or canceled is 'task_failed', with Meilisearch's own message.
 */
import {
  MeilisearchApiError,
  MeilisearchRequestError,
  MeilisearchTaskTimeOutError,
  type EnqueuedTaskPromise,
  type Task,
} from 'meilisearch';
import { SearchEngineError } from '../port.js';

export type Operation = 'read' | 'write';

/** Error codes that mean our indexes are gone (a wiped server): unavailable until init runs again. */
const MISSING_INDEX = new Set(['index_not_found']);

export function toEngineError(error: unknown, operation: Operation): SearchEngineError {
  if (error instanceof SearchEngineError) return error;
  if (error instanceof MeilisearchApiError) {
    const status = error.response.status;
    const code = error.cause?.code ?? '';
    const message = `Meilisearch ${status}${code ? ` ${code}` : ''}: ${error.message}`;
    if (
      status >= 500 ||
      status === 401 ||
      status === 403 ||
      status === 408 ||
      status === 429 ||
      MISSING_INDEX.has(code)
    ) {
      return new SearchEngineError('unavailable', message, { cause: error });
    }
    return new SearchEngineError(operation === 'read' ? 'invalid_query' : 'task_failed', message, { cause: error });
  }
  if (error instanceof MeilisearchTaskTimeOutError) {
    return new SearchEngineError('unavailable', `Meilisearch 任务等待超时：${error.message}`, { cause: error });
  }
  if (error instanceof MeilisearchRequestError) {
    return new SearchEngineError('unavailable', `Meilisearch 无法连接：${error.message}`, { cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new SearchEngineError('unavailable', `Meilisearch 请求失败：${message}`, { cause: error });
}

/** A finished task that did not succeed, as an error (undefined when it succeeded). */
export function taskError(task: Task): SearchEngineError | undefined {
  if (task.status === 'succeeded') return undefined;
  const detail = task.error ? `${task.error.code}: ${task.error.message}` : `任务状态 ${task.status}`;
  return new SearchEngineError(
    'task_failed',
    `Meilisearch 任务 ${task.uid}（${task.type}，${task.indexUid ?? '-'}）失败：${detail}`,
  );
}

/** Enqueues and waits for the task to finish, whatever its outcome; throws only if the server cannot be reached. */
export async function finishTask(enqueue: () => EnqueuedTaskPromise, timeout: number): Promise<Task> {
  try {
    return await enqueue().waitTask({ timeout });
  } catch (error) {
    throw toEngineError(error, 'write');
  }
}

/** Enqueues, waits for the task to finish, and throws if it did not succeed. */
export async function runTask(enqueue: () => EnqueuedTaskPromise, timeout: number): Promise<Task> {
  const task = await finishTask(enqueue, timeout);
  const failed = taskError(task);
  if (failed) throw failed;
  return task;
}
