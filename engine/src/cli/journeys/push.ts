import { readFileSync, writeFileSync } from 'node:fs';
import { JourneyRecordShape, PublishAnswer } from '../../api/shapes.ts';
import {
  JourneysCliError,
  journeyText,
  progress,
  readJourneyFile,
  refusalOf,
  serverViolations,
  violationLine,
  type JourneysClient,
} from './client.ts';

/** Saves one journey as its draft (replacing it, or creating the journey when the server has none); resolves to the draft as stored. */
async function saveDraft(client: JourneysClient, id: string, journey: unknown): Promise<unknown> {
  const path = `/v1/journeys/${encodeURIComponent(id)}`;
  let answer = await client.request('PUT', path, journey);
  if (answer.status === 404) answer = await client.request('POST', '/v1/journeys', journey);
  const saved = JourneyRecordShape.safeParse(answer.body);
  if ((answer.status !== 200 && answer.status !== 201) || !saved.success)
    throw new JourneysCliError(`Journey "${id}" was not saved (${refusalOf(answer)})`);
  return saved.data.draft;
}

/** `journeys push`: validates each file, saves the valid ones as drafts (and publishes them with --publish); exit 1 if a file was not pushed. */
export async function push(client: JourneysClient, files: string[], publish: boolean): Promise<number> {
  let pushed = 0;
  const bar = progress(files.length, 'Pushing journeys');
  for (const file of files) {
    const { journey, id } = readJourneyFile(file);
    const violations = await serverViolations(client, journey);
    bar.tick();
    if (violations.length > 0) {
      for (const v of violations) console.error(violationLine(file, v));
      console.error(`${file}: not pushed (${violations.length} problem(s))`);
      continue;
    }
    // The server fills in what a file may leave out (defaults, node versions): the file is rewritten
    // as stored, so that pulling after a push gives the same bytes.
    const stored = journeyText(await saveDraft(client, id, journey));
    if (stored !== readFileSync(file, 'utf8')) {
      writeFileSync(file, stored);
      console.log(`${file}: rewritten as the server stores it`);
    }
    if (publish) {
      const answer = await client.request('POST', `/v1/journeys/${encodeURIComponent(id)}/publish`, {});
      const published = PublishAnswer.safeParse(answer.body);
      if (answer.status !== 200 || !published.success)
        throw new JourneysCliError(`Journey "${id}" was saved but not published (${refusalOf(answer)})`);
      console.log(`${file}: saved and published as version ${published.data.version}`);
    } else console.log(`${file}: saved as the draft of "${id}"`);
    pushed += 1;
  }
  bar.done();
  console.log(`Pushed ${pushed} of ${files.length} file(s)`);
  return pushed === files.length ? 0 : 1;
}
