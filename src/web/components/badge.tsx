/** A status badge: always text, the tone only adds colour (never the only signal). */
export type Tone = 'neutral' | 'info' | 'success' | 'warning' | 'danger';

export function Badge({ text, tone = 'neutral', title }: { text: string; tone?: Tone; title?: string }) {
  return (
    <span class={`badge badge--${tone}`} title={title}>
      {text}
    </span>
  );
}
