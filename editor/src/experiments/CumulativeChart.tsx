import type { ExperimentsResponse } from '@boomerang/engine/api-shapes';
import { percent } from './wording.ts';

type Series = ExperimentsResponse['experiments'][number]['cumulative'];

const WIDTH = 280;
const HEIGHT = 140;
const PAD = { left: 36, right: 8, top: 8, bottom: 20 };
const COLOURS = ['#2563eb', '#d97706', '#059669', '#dc2626', '#7c3aed', '#0891b2', '#be185d', '#4d7c0f', '#9a3412', '#475569', '#64748b'];

/** Cumulative conversion rate per arm by day, each line with its 95% interval as a band. */
export function CumulativeChart({ series }: { series: Series }) {
  const arms = Object.entries(series);
  const days = Math.max(1, ...arms.map(([, points]) => points.length));
  const top = Math.max(0.01, ...arms.flatMap(([, points]) => points.map((p) => p.interval?.upper ?? 0)));
  const x = (day: number) => PAD.left + (days === 1 ? 0 : (day / (days - 1)) * (WIDTH - PAD.left - PAD.right));
  const y = (rate: number) => PAD.top + (1 - rate / top) * (HEIGHT - PAD.top - PAD.bottom);
  const latest = arms.map(([name, points]) => {
    const last = [...points].reverse().find((p) => p.rate !== null);
    return `${name} ${last?.rate === null || last === undefined ? 'no customers yet' : `${percent(last.rate)} on day ${last.day + 1}`}`;
  });
  return (
    <figure className="chart">
      <svg width={WIDTH} height={HEIGHT} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={`Cumulative conversion rate by day: ${latest.join('; ')}`}>
        <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(0)} y2={y(0)} stroke="#999" />
        <line x1={PAD.left} x2={PAD.left} y1={PAD.top} y2={y(0)} stroke="#999" />
        <text x={PAD.left - 4} y={PAD.top + 8} textAnchor="end" fontSize="9">{percent(top)}</text>
        <text x={PAD.left - 4} y={y(0)} textAnchor="end" fontSize="9">0%</text>
        <text x={PAD.left} y={HEIGHT - 4} fontSize="9">day 1</text>
        <text x={WIDTH - PAD.right} y={HEIGHT - 4} textAnchor="end" fontSize="9">day {days}</text>
        {arms.map(([name, points], i) => {
          const known = points.filter((p) => p.rate !== null && p.interval !== null);
          const colour = COLOURS[i % COLOURS.length];
          const band = [...known.map((p) => `${x(p.day)},${y(p.interval?.upper ?? 0)}`), ...[...known].reverse().map((p) => `${x(p.day)},${y(p.interval?.lower ?? 0)}`)].join(' ');
          const line = known.map((p) => `${x(p.day)},${y(p.rate ?? 0)}`).join(' ');
          return <g key={name}>
            {known.length > 1 && <polygon points={band} fill={colour} opacity={0.15} />}
            {known.length === 1 && known[0]?.interval && <line x1={x(known[0].day)} x2={x(known[0].day)} y1={y(known[0].interval.lower)} y2={y(known[0].interval.upper)} stroke={colour} opacity={0.4} strokeWidth={6} />}
            <polyline points={line} fill="none" stroke={colour} strokeWidth={2} />
            {known.length === 1 && <circle cx={x(known[0]?.day ?? 0)} cy={y(known[0]?.rate ?? 0)} r={3} fill={colour} />}
          </g>;
        })}
      </svg>
      <figcaption>{arms.map(([name], i) => <span key={name} className="legend"><span style={{ background: COLOURS[i % COLOURS.length] }} aria-hidden />{name}</span>)}</figcaption>
    </figure>
  );
}
