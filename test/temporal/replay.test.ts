import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from '@temporalio/worker';
import proto from '@temporalio/proto';
const { temporal } = proto;
import { beforeAll, describe, expect, it } from 'vitest';
import { workflowBundle } from '../../engine/src/temporal/bundle.ts';

// Runs already in flight must keep replaying after every change to the workflow code: each recorded
// history (test/temporal/histories, written by record.ts) is replayed against today's bundle, and a
// change of behaviour without `patched()` fails here with a determinism error.
const dir = join(import.meta.dirname, 'histories');
const histories = readdirSync(dir)
  .filter((f) => f.endsWith('.history.pb'))
  .sort();

let bundle: { code: string };
beforeAll(async () => {
  bundle = await workflowBundle(mkdtempSync(join(tmpdir(), 'boomerang-bundle-')));
});

describe('recorded journey and broadcast histories replay on the current workflow code', () => {
  it('has recordings to replay', () => {
    expect(histories.length).toBeGreaterThanOrEqual(8);
  });

  it.each(histories)('%s', async (file) => {
    const history = temporal.api.history.v1.History.decode(readFileSync(join(dir, file)));
    await expect(
      Worker.runReplayHistory({ workflowBundle: bundle }, history, `replay-${file}`),
    ).resolves.toBeUndefined();
  });
});
