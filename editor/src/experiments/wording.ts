// How the experiment panel says numbers: rates as percentages, differences in points, p-values as statisticians write them.

/** 0.1234 -> "12.3%". */
export const percent = (x: number): string => `${(x * 100).toFixed(1)}%`;

/** A difference of rates in percentage points, signed: 0.031 -> "+3.1 pts". */
export const points = (x: number): string => `${x >= 0 ? '+' : '−'}${Math.abs(x * 100).toFixed(1)} pts`;

/** A p-value: "p < 0.001" below that, otherwise three decimals. */
export const pValue = (p: number): string => (p < 0.001 ? 'p < 0.001' : `p = ${p.toFixed(3)}`);

/** A count with thousands separators. */
export const count = (n: number): string => n.toLocaleString('en-US');

/** Money per customer, two decimals. */
export const money = (x: number): string => x.toFixed(2);
