/** The q-quantile (0..1) of samples, by the nearest-rank method. */
export function quantile(samples: number[], q: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** Formats a number with a fixed number of decimals. */
export const fmt = (n: number, digits = 1) => n.toFixed(digits);
