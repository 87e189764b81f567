import type { JourneyImpactList, JourneyImpactRow } from '@boomerang/engine/metric-shapes';

const MEASURES = [
  { measure: 'return', title: 'Return' },
  { measure: 'repeat-purchase', title: 'Repeat purchase' },
  { measure: 'revenue-per-customer', title: 'Revenue per customer' },
  { measure: 'churn', title: 'Churn' },
  { measure: 'nps', title: 'NPS' },
] as const;

/** "+5.0 pts (+2.1 to +7.9)" for rates, "+4.50 (+0.68 to +8.32)" for money and NPS points. */
function differenceText(
  difference: number | null,
  interval: { lower: number; upper: number } | null,
  rate: boolean,
): string {
  if (difference === null || interval === null) return 'undefined';
  const scale = rate ? 100 : 1;
  const s = (v: number) =>
    `${v >= 0 ? '+' : '−'}${Math.abs(v * scale)
      .toFixed(rate ? 1 : 2)
      .replace(/\.00$/, '')}`;
  return `${s(difference)}${rate ? ' pts' : ''} (${s(interval.lower)} to ${s(interval.upper)})`;
}

/** "254 entered and 46 held out so far; first results on 2027-03-01, when the first 90-day window closes". */
export function soFarText(journey: JourneyImpactRow, windowDays: number): string {
  const counts = `${journey.soFar.entrants.toLocaleString('en-US')} entered and ${journey.soFar.holdout.toLocaleString('en-US')} held out so far`;
  return journey.firstResultsAt === null
    ? counts
    : `${counts}; first results on ${journey.firstResultsAt.slice(0, 10)}, when the first ${windowDays}-day window closes`;
}

/** What each journey with a holdout did: per group, each measure's difference to the holdout with its 95% interval. */
export function ImpactTable({ impact }: { impact: JourneyImpactList }) {
  if (impact.journeys.length === 0) {
    return (
      <p className="empty">
        No journey has a holdout yet. Set one in a journey&apos;s settings (“Holdout”) to measure what it does to
        retention.
      </p>
    );
  }
  return (
    <table className="list impact" aria-label="Journey impact">
      <thead>
        <tr>
          <th scope="col">Journey</th>
          <th scope="col">Group</th>
          <th scope="col" className="number">
            Customers (holdout)
          </th>
          {MEASURES.map((m) => (
            <th key={m.measure} scope="col" className="number">
              {m.title}
            </th>
          ))}
          <th scope="col" className="number">
            Incremental revenue
          </th>
        </tr>
      </thead>
      <tbody>
        {impact.journeys.flatMap((journey) =>
          journey.groups.map((group, i) => (
            <tr key={`${journey.journeyId}:${group.label}`}>
              {i === 0 && (
                <th scope="row" rowSpan={journey.groups.length}>
                  <a href={`#/journeys/${encodeURIComponent(journey.journeyId)}`}>{journey.name}</a>
                  <br />
                  <small>{journey.holdoutPercent}% held out</small>
                  <br />
                  <small className="so-far">{soFarText(journey, impact.windowDays)}</small>
                </th>
              )}
              <td>{group.label}</td>
              <td className="number">
                {group.entrants.toLocaleString('en-US')} ({group.holdout.toLocaleString('en-US')})
              </td>
              {MEASURES.map((m) => {
                const line = group.impact.lines.find((l) => l.measure === m.measure);
                return (
                  <td key={m.measure} className="number" title={line?.sentence}>
                    {line
                      ? differenceText(
                          line.difference,
                          line.interval,
                          m.measure !== 'revenue-per-customer' && m.measure !== 'nps',
                        )
                      : '–'}
                  </td>
                );
              })}
              <td className="number">
                {group.impact.incrementalRevenue
                  ? `${impact.currency} ${Math.round(group.impact.incrementalRevenue.value).toLocaleString('en-US')}`
                  : 'undefined'}
              </td>
            </tr>
          )),
        )}
      </tbody>
    </table>
  );
}
