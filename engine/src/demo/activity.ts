import type { DemoCall } from './customer.ts';
import type { Draw } from './random.ts';

const PAGES = [
  ['Dashboard', '/app'],
  ['Reports', '/app/reports'],
  ['Settings', '/app/settings'],
  ['Docs', '/docs'],
] as const;

/**
 * Extra page views spread evenly over a customer's life (first call to `endMs`): about `mean` of
 * them (uniform in 0..2 x mean), from their own draw, so a history without them is unchanged.
 * Returns the calls merged into `calls` in time order; the extra ones have message ids `…-x<k>`.
 */
export function withExtraActivity(calls: DemoCall[], draw: Draw, mean: number, endMs: number): DemoCall[] {
  const first = calls[0];
  if (mean <= 0 || !first) return calls;
  const fromMs = Date.parse(first.timestamp);
  const count = draw.int(0, Math.round(2 * mean));
  const extra: DemoCall[] = [];
  for (let k = 0; k < count; k++) {
    const [name, path] = draw.pick(PAGES);
    const at = Math.floor(fromMs + 1000 + draw.unit() * Math.max(0, endMs - fromMs - 2000));
    extra.push({
      userId: first.userId,
      messageId: `${first.messageId.replace(/-\d+$/, '')}-x${k}`,
      timestamp: new Date(at).toISOString(),
      type: 'page',
      name,
      properties: { path },
    });
  }
  // Stable: the customer's own calls keep their order; each extra goes after calls at the same instant.
  return [...calls, ...extra].sort((a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp));
}
