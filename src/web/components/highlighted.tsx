/**
 * A search snippet whose matches the engine marked with <em>…</em>: rendered as text with <mark>
 * around the matches. The snippet is never inserted as HTML, so a problem's text cannot inject markup.
 */
export function Highlighted({ snippet, fallback }: { snippet?: string; fallback: string }) {
  if (!snippet) return <>{fallback}</>;
  const parts = snippet.split(/<\/?em>/);
  return <>{parts.map((part, i) => (i % 2 === 1 ? <mark>{part}</mark> : part))}</>;
}
