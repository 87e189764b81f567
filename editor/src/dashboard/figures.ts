import type { Figure } from '@boomerang/engine/metric-shapes';

// How the dashboard says a figure: its value in the unit it is measured in, what it was computed from,
// and, when it has no value, why.

/** The unit a figure is shown in. */
export type Unit = 'rate' | 'money' | 'score' | 'count' | 'days';

/** A figure's value in words: "90.0%", "USD 1,234.50", "+32", "412"; undefined figures say "undefined". */
export function valueText(figure: Figure, unit: Unit, currency = 'USD'): string {
  const v = figure.value;
  if (v === undefined) return 'undefined';
  switch (unit) {
    case 'rate':
      return `${(v * 100).toFixed(1)}%`;
    case 'money':
      return `${currency} ${v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
    case 'score':
      return `${v >= 0 ? '+' : '−'}${Math.abs(v).toFixed(0)}`;
    case 'count':
      return v.toLocaleString('en-US');
    case 'days':
      return `${v.toFixed(1)} days`;
  }
}

/** "CS 100 · CE 105 · CN 15", the inputs in the order the formula names them. */
export function inputsText(figure: Figure): string {
  return Object.entries(figure.inputs)
    .map(([name, value]) => `${name} ${Number.isInteger(value) ? value.toLocaleString('en-US') : value.toFixed(4)}`)
    .join(' · ');
}

/** Everything a user needs to check a figure by hand: formula, inputs, and the reason when it is undefined. */
export function explanation(figure: Figure): string {
  const parts = [`${figure.formula}`, inputsText(figure)];
  if (figure.value === undefined && figure.reason) parts.push(`Undefined: ${figure.reason}`);
  return parts.filter(Boolean).join(' — ');
}

/** The change from `before` to `now`: in points for rates, in units otherwise; null when either is undefined. */
export function changeText(now: Figure, before: Figure | undefined, unit: Unit, currency = 'USD'): string | null {
  if (now.value === undefined || before?.value === undefined) return null;
  const d = now.value - before.value;
  const sign = d >= 0 ? '+' : '−';
  switch (unit) {
    case 'rate':
      return `${sign}${Math.abs(d * 100).toFixed(1)} pts`;
    case 'money':
      return `${sign}${currency} ${Math.abs(d).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
    case 'score':
      return `${sign}${Math.abs(d).toFixed(0)}`;
    case 'count':
      return `${sign}${Math.abs(d).toLocaleString('en-US')}`;
    case 'days':
      return `${sign}${Math.abs(d).toFixed(1)} days`;
  }
}
