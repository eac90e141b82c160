/** What an empty list shows: what is missing and what to do next (with the action's link). */
import type { Child } from 'hono/jsx';

export function EmptyState({
  title,
  children,
  action,
}: {
  title: string;
  children?: Child;
  action?: { href: string; label: string };
}) {
  return (
    <div class="empty-state">
      <p class="empty-state__title">{title}</p>
      {children ? <div class="empty-state__body">{children}</div> : null}
      {action ? (
        <p>
          <a class="button" href={action.href}>
            {action.label}
          </a>
        </p>
      ) : null}
    </div>
  );
}
