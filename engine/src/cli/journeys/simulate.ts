import { existsSync, readFileSync } from 'node:fs';
import { SimulationAnswer } from '../../api/shapes.ts';
import { JourneysCliError, readJourneyFile, refusalOf, violationLine, type JourneysClient } from './client.ts';
import { Expectations, unmetExpectations } from './expect.ts';
import { z } from 'zod';
import { Violation } from '../../compiler/index.ts';

const Refused = z.object({ violations: z.array(Violation) });

/** Reads and checks an expectations file; its problems name the file and the path. */
function readExpectations(file: string): Expectations {
  if (!existsSync(file)) throw new JourneysCliError(`${file}: no such file`);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new JourneysCliError(`${file}: not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = Expectations.safeParse(json);
  if (!parsed.success)
    throw new JourneysCliError(
      parsed.error.issues.map((i) => `${file}: ${i.path.join('.') || '(top)'}: ${i.message}`).join('\n'),
    );
  return parsed.data;
}

/** `journeys simulate`: runs the file's journey over synthetic customers on the server, prints the counts, checks --expect; exit 1 when one fails. */
export async function simulateFile(
  client: JourneysClient,
  file: string,
  options: { customers: number; seed: number; days: number; expect?: string },
): Promise<number> {
  const expected = options.expect ? readExpectations(options.expect) : undefined;
  const { journey } = readJourneyFile(file);
  const answer = await client.request('POST', '/v1/journeys/simulate', {
    journey,
    customers: options.customers,
    seed: options.seed,
    days: options.days,
  });
  const refused = Refused.safeParse(answer.body);
  if (answer.status === 422 && refused.success) {
    for (const v of refused.data.violations) console.error(violationLine(file, v));
    return 1;
  }
  const result = SimulationAnswer.safeParse(answer.body);
  if (answer.status !== 200 || !result.success)
    throw new JourneysCliError(`The server could not simulate ${file} (${refusalOf(answer)})`);
  console.log(`${file}: ${options.customers} customers over ${options.days} days (seed ${options.seed})`);
  for (const [nodeId, s] of Object.entries(result.data.nodes))
    console.log(`  ${nodeId.padEnd(24)} reached ${s.entered}, waiting ${s.waiting}, exited ${s.exited}`);
  if (!expected) return 0;
  const unmet = unmetExpectations(expected, result.data);
  for (const line of unmet) console.error(`${options.expect}: ${line}`);
  console.log(unmet.length === 0 ? 'All expectations met' : `${unmet.length} expectation(s) not met`);
  return unmet.length === 0 ? 0 : 1;
}
