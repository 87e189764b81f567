import type { Problem } from './segment.ts';

/**
 * The most a customer's merged traits may weigh, as UTF-8 JSON. Traits travel in workflow inputs
 * and signals, so they stay far below Temporal's payload limits (2 MB per payload, warnings from 256 KB).
 */
export const CUSTOMER_TRAITS_LIMIT_BYTES = 64 * 1024;

const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value) ?? '');

/**
 * The problem when merging `incoming` identify traits into `stored` would make the customer's traits
 * heavier than `limit` bytes; it names the largest incoming trait. Undefined when they fit.
 * @example traitBoundProblem({}, { bio: 'x'.repeat(70_000) }) // { path: 'traits.bio', message: '...' }
 */
export function traitBoundProblem(
  stored: Record<string, unknown>,
  incoming: Record<string, unknown>,
  limit = CUSTOMER_TRAITS_LIMIT_BYTES,
): Problem | undefined {
  const total = bytes({ ...stored, ...incoming });
  if (total <= limit) return undefined;
  const [largest] = Object.entries(incoming)
    .map(([key, value]) => ({ key, size: bytes(key) + bytes(value) }))
    .sort((a, b) => b.size - a.size);
  return {
    path: largest ? `traits.${largest.key}` : 'traits',
    message: `the customer's traits would weigh ${total} bytes; the limit is ${limit} bytes (this trait is ${largest?.size ?? 0} bytes)`,
  };
}
