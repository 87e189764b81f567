import type { ScenarioResult } from './scenario.ts';

/** The one line `npm run chaos` prints for a scenario: counts, each in-doubt send by recipient, and pass or fail. */
export function resultLine(r: ScenarioResult): string {
  const t = r.tally;
  const doubts = t.inDoubt.map((d) => `${d.recipient} "${d.subject}" delivered ${d.delivered}`).join('; ');
  const undelivered = t.inDoubt.filter((d) => d.delivered === 0).length;
  return [
    r.name.padEnd(17),
    `customers ${t.customers}`,
    `emails expected ${t.expected}`,
    `sent ${t.sent}`,
    `lost ${t.lost.length}`,
    `duplicated ${t.duplicated.length}`,
    `in-doubt ${t.inDoubt.length}${doubts ? ` (${undelivered} never delivered) [${doubts}]` : ''}`,
    r.passed ? 'PASS' : 'FAIL',
    `${r.seconds} s`,
  ].join('  ');
}

/** The lines under a result: what happened, why it failed, and the first lost, doubled or unexpected emails. */
export function resultDetails(r: ScenarioResult): string[] {
  const t = r.tally;
  const some = <T>(list: T[], show: (x: T) => string) =>
    list.slice(0, 5).map(show).join('; ') + (list.length > 5 ? `; ... ${list.length - 5} more` : '');
  return [
    ...r.notes,
    ...(r.error ? [`error: ${r.error}`] : []),
    ...(t.lost.length ? [`lost: ${some(t.lost, (e) => `${e.recipient} "${e.subject}"`)}`] : []),
    ...(t.duplicated.length
      ? [`duplicated: ${some(t.duplicated, (e) => `${e.recipient} "${e.subject}" x${e.copies}`)}`]
      : []),
    ...(t.unexpected.length ? [`unexpected: ${some(t.unexpected, (e) => `${e.recipient} "${e.subject}"`)}`] : []),
  ].map((line) => `    ${line}`);
}
