import { createTwoFilesPatch } from 'diff';
import { journeyText, readJourneyFile, type JourneysClient } from './client.ts';
import { serverDrafts } from './pull.ts';

/** `journeys diff`: prints, per file, how the server's draft would change if it were pushed; exit 1 when any would. */
export async function diff(client: JourneysClient, files: string[]): Promise<number> {
  const local = files.map((file) => ({ file, ...readJourneyFile(file) }));
  const drafts = await serverDrafts(
    client,
    local.map((l) => l.id),
  );
  let changed = 0;
  for (const { file, id, journey } of local) {
    const mine = journeyText(journey);
    const theirs = drafts.has(id) ? journeyText(drafts.get(id)) : '';
    if (mine === theirs) continue;
    changed += 1;
    if (!drafts.has(id)) console.log(`${file}: journey "${id}" is new on ${client.url}; push creates it`);
    else process.stdout.write(createTwoFilesPatch(`${client.url} ${id}`, file, theirs, mine, 'server draft', 'file'));
  }
  console.log(changed === 0 ? 'No changes' : `${changed} of ${local.length} journey(s) would change`);
  return changed > 0 ? 1 : 0;
}
