import { readJourneyFile, serverViolations, violationLine, type JourneysClient } from './client.ts';

/** `journeys validate`: checks each file with the server's validation and prints its problems; exit 1 if any. */
export async function validate(client: JourneysClient, files: string[]): Promise<number> {
  let failed = 0;
  for (const file of files) {
    const violations = await serverViolations(client, readJourneyFile(file).journey);
    for (const v of violations) console.error(violationLine(file, v));
    if (violations.length > 0) failed += 1;
  }
  console.log(`${files.length - failed} of ${files.length} file(s) valid`);
  return failed > 0 ? 1 : 0;
}
