import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { JourneyList, JourneyRecordShape } from '../../api/shapes.ts';
import { JourneysCliError, journeyText, progress, refusalOf, type JourneysClient } from './client.ts';

/** The saved drafts of the named journeys (all when none is named), as the server holds them. */
export async function serverDrafts(client: JourneysClient, ids: string[]): Promise<Map<string, unknown>> {
  const wanted = ids.length > 0 ? ids : await allIds(client);
  const drafts = new Map<string, unknown>();
  const bar = progress(wanted.length, 'Reading journeys');
  for (const id of wanted) {
    const answer = await client.request('GET', `/v1/journeys/${encodeURIComponent(id)}`);
    bar.tick();
    if (answer.status === 404) continue;
    const record = JourneyRecordShape.safeParse(answer.body);
    if (answer.status !== 200 || !record.success)
      throw new JourneysCliError(`Could not read journey "${id}" (${refusalOf(answer)})`);
    drafts.set(id, record.data.draft);
  }
  bar.done();
  return drafts;
}

async function allIds(client: JourneysClient): Promise<string[]> {
  const answer = await client.request('GET', '/v1/journeys');
  const list = JourneyList.safeParse(answer.body);
  if (answer.status !== 200 || !list.success)
    throw new JourneysCliError(`Could not list journeys (${refusalOf(answer)})`);
  return list.data.journeys.map((j) => j.id);
}

/** `journeys pull`: writes each journey's draft to `<dir>/<id>.json` as stable JSON; resolves to the exit code. */
export async function pull(client: JourneysClient, dir: string, ids: string[]): Promise<number> {
  const drafts = await serverDrafts(client, ids);
  const missing = ids.filter((id) => !drafts.has(id));
  mkdirSync(dir, { recursive: true });
  for (const [id, draft] of drafts) writeFileSync(join(dir, `${id}.json`), journeyText(draft));
  console.log(`Pulled ${drafts.size} journey(s) into ${dir}`);
  for (const id of missing) console.error(`There is no journey "${id}" on ${client.url}`);
  return missing.length > 0 ? 1 : 0;
}
