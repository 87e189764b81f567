/** The colours arms and series take, in order; the same everywhere so a variant keeps its colour. */
export const SERIES_COLOURS = [
  '#2563eb',
  '#d97706',
  '#059669',
  '#dc2626',
  '#7c3aed',
  '#0891b2',
  '#be185d',
  '#4d7c0f',
  '#9a3412',
  '#475569',
];
