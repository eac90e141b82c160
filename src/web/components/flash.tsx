/** A message after an action ("已保存"), announced to screen readers. */
export function Flash({ message, tone = 'success' }: { message: string; tone?: 'success' | 'warning' }) {
  return (
    <div class={`flash flash--${tone}`} role="status">
      {message}
    </div>
  );
}
