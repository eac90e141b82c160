/** A problem's timeline as the policy module rendered it for the viewer (newest first). */
import type { Child } from 'hono/jsx';
import { EmptyState } from './empty-state.js';
import { formatTime } from './format.js';

export interface TimelineEntry {
  kind: string;
  at: string;
  label: string;
  actorName: string | null;
  /** Stage reasons, review comments, interest notes, decline reasons: whatever the view carries. */
  reason?: string | null;
  comment?: string | null;
  note?: string | null;
}

export function Timeline({ items, empty = '暂无记录' }: { items: readonly TimelineEntry[]; empty?: Child }) {
  if (!items.length) return <EmptyState title="暂无进展记录">{empty}</EmptyState>;
  return (
    <ol class="timeline">
      {[...items].reverse().map((item) => {
        const detail = item.comment ?? item.reason ?? item.note;
        return (
          <li class="timeline__item">
            <time datetime={item.at}>{formatTime(item.at)}</time>
            <p class="timeline__label">{item.label}</p>
            {detail ? <p class="timeline__detail">{detail}</p> : null}
            {item.actorName ? <p class="muted">{item.actorName}</p> : null}
          </li>
        );
      })}
    </ol>
  );
}
