import type { Client, WorkflowHandle } from '@temporalio/client';
import { AudienceKeeper } from '../../engine/src/audiences/index.ts';
import { createAudience, createBroadcast, mergeTraits, type Database } from '../../engine/src/db/index.ts';
import { BROADCAST_WORKFLOW, type BroadcastInput } from '../../engine/src/temporal/contract.ts';

/**
 * Customers `<prefix>01..` with an email (plus `traitsOf(i)`), and an audience "group equals prefix"
 * holding exactly them; returns their ids.
 */
export async function audienceOf(
  db: Database,
  prefix: string,
  n: number,
  traitsOf: (i: number) => Record<string, unknown> = () => ({}),
): Promise<string[]> {
  const users = Array.from({ length: n }, (_, i) => `${prefix}${String(i + 1).padStart(2, '0')}`);
  for (const [i, u] of users.entries())
    await mergeTraits(db, u, { email: `${u}@example.com`, firstName: u, group: prefix, ...traitsOf(i) });
  const definition = {
    id: `group-${prefix}`,
    name: `Group ${prefix}`,
    condition: { kind: 'trait', property: 'group', op: 'equals', value: prefix },
  };
  await createAudience(db, { id: definition.id, name: definition.name, definition });
  await new AudienceKeeper(db).backfill(definition.id);
  return users;
}

/** Stores a broadcast and starts its workflow on `taskQueue`, as the API does (template `tips` unless told). */
export async function startBroadcast(
  client: Client,
  db: Database,
  taskQueue: string,
  input: Partial<BroadcastInput> & Pick<BroadcastInput, 'broadcastId' | 'audienceId'>,
): Promise<WorkflowHandle> {
  const full: BroadcastInput = { template: 'tips', ratePerSecond: 5, holdoutPercent: 0, cursor: '', ...input };
  await createBroadcast(db, {
    id: full.broadcastId,
    name: full.broadcastId,
    audienceId: full.audienceId,
    template: full.template ?? null,
    journeyId: full.journeyId ?? null,
    localTime: full.localTime ?? null,
    subject: null,
    ratePerSecond: full.ratePerSecond,
    holdoutPercent: full.holdoutPercent,
    startAt: new Date().toISOString(),
    workflowId: `broadcast:${full.broadcastId}`,
  });
  return client.workflow.start(BROADCAST_WORKFLOW, {
    taskQueue,
    workflowId: `broadcast:${full.broadcastId}`,
    args: [full],
  });
}
