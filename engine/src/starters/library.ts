import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { installPaths } from '../install/index.ts';
import { AudienceDefinition, AudienceKeeper } from '../audiences/index.ts';
import { createAudience, createJourney, type Database } from '../db/index.ts';
import { Journey } from '../model/index.ts';

/** Reads the starter library (templates/journeys/*.json). A broken file is a bug in the repo: it throws naming the file. */
export function starterJourneys(dir: string = installPaths().starters): Journey[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => {
      const parsed = Journey.safeParse(JSON.parse(readFileSync(join(dir, file), 'utf8')));
      if (!parsed.success)
        throw new Error(`templates/journeys/${file} is not a valid journey: ${parsed.error.message}`);
      return parsed.data;
    });
}

/** Reads the starter audiences (templates/audiences/*.json, next to the journeys); a broken file throws naming it. */
export function starterAudiences(dir: string): AudienceDefinition[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => {
      const parsed = AudienceDefinition.safeParse(JSON.parse(readFileSync(join(dir, file), 'utf8')));
      if (!parsed.success)
        throw new Error(`templates/audiences/${file} is not a valid audience: ${parsed.error.message}`);
      return parsed.data;
    });
}

/** Installs the starter journeys in `dir` as drafts on the first start only (a deleted starter stays deleted). */
export async function installStarters(db: Database, dataDir: string, dir: string): Promise<string[]> {
  const marker = join(dataDir, 'starters-installed');
  if (existsSync(marker)) return [];
  const installed: string[] = [];
  for (const journey of starterJourneys(dir))
    if (await createJourney(db, journey.id, journey.name, journey)) installed.push(journey.id);
  // The audiences starter journeys are triggered by (lapsed-win-back's "lapsed-customers"), with their members.
  const keeper = new AudienceKeeper(db);
  for (const audience of starterAudiences(join(dir, '..', 'audiences')))
    if (await createAudience(db, { id: audience.id, name: audience.name, definition: audience }))
      await keeper.backfill(audience.id);
  writeFileSync(marker, `${new Date().toISOString()}\n`);
  return installed;
}
