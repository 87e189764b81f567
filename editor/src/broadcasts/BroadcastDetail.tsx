import { useState } from 'react';
import { BroadcastShape } from '@boomerang/engine/broadcast-shapes';
import { api } from '../api/client.ts';
import { useRowAction } from '../api/useRowAction.ts';
import { hashOf } from '../navigation/route.ts';
import { ProgressBar } from './ProgressBar.tsx';
import { progressOf, reasonText, type Broadcast } from './progress.ts';
import { RecipientTable } from './RecipientTable.tsx';
import { startText } from './schedule.ts';
import { useBroadcast } from './useBroadcast.ts';

const COMMANDS = ['pause', 'resume', 'cancel'] as const;
type Command = (typeof COMMANDS)[number];
/** The states each command is allowed in (as the API checks them). */
const ALLOWED: Record<Command, readonly Broadcast['state'][]> = {
  pause: ['scheduled', 'sending'],
  resume: ['paused'],
  cancel: ['scheduled', 'sending', 'paused'],
};
const LABEL: Record<Command, string> = { pause: 'Pause', resume: 'Resume', cancel: 'Cancel' };

/** One broadcast: state, the live progress bar, skips by reason, pause / resume / cancel, the recipients. */
export function BroadcastDetail({ id }: { id: string }) {
  const { broadcast, error, reload } = useBroadcast(id);
  const [commandError, setCommandError] = useState<string | null>(null);
  const { busy, run } = useRowAction<Command>(setCommandError, reload);
  if (!broadcast)
    return error ? (
      <p className="error" role="alert">
        {error}
      </p>
    ) : (
      <p>Loading the broadcast…</p>
    );
  const progress = progressOf(broadcast.counts);
  const skips = Object.entries(broadcast.counts.skipped).filter(([, n]) => n > 0);
  const command = (verb: Command) =>
    run(verb, () => {
      setCommandError(null);
      return api('POST', `/v1/broadcasts/${encodeURIComponent(id)}/${verb}`, BroadcastShape);
    });
  return (
    <article className="broadcast" aria-label={`Broadcast ${broadcast.name}`}>
      <p>
        <a href={hashOf({ page: 'broadcasts' })}>All broadcasts</a>
      </p>
      <h2>
        {broadcast.name}{' '}
        <small className="state" data-state={broadcast.state}>
          {broadcast.state}
        </small>
      </h2>
      <p className="hint">
        {broadcast.journeyId !== null ? (
          <>
            Enrols the audience{' '}
            <a href={hashOf({ page: 'audiences', id: broadcast.audienceId })}>{broadcast.audienceId}</a> into the
            journey <a href={hashOf({ page: 'journey', id: broadcast.journeyId })}>{broadcast.journeyId}</a>
          </>
        ) : (
          <>
            The template {broadcast.template} to the audience{' '}
            <a href={hashOf({ page: 'audiences', id: broadcast.audienceId })}>{broadcast.audienceId}</a>
          </>
        )}
        , {startText(broadcast)}, {broadcast.ratePerSecond} per second
        {broadcast.holdoutPercent > 0 ? `, ${broadcast.holdoutPercent}% held out` : ''}
      </p>
      {commandError && (
        <p className="error" role="alert">
          {commandError}
        </p>
      )}
      <ProgressBar progress={progress} />
      <section aria-label="Skipped by reason">
        <h3>Skipped</h3>
        {skips.length === 0 ? (
          <p className="hint">No one skipped.</p>
        ) : (
          <ul>
            {skips.map(([reason, n]) => (
              <li key={reason}>
                {reasonText(reason)}: {n.toLocaleString('en-US')}
              </li>
            ))}
          </ul>
        )}
      </section>
      <div className="broadcast-commands" role="group" aria-label="Commands">
        {COMMANDS.map((verb) => (
          <button
            key={verb}
            type="button"
            disabled={busy !== null || !ALLOWED[verb].includes(broadcast.state)}
            onClick={() => void command(verb)}
          >
            {busy === verb ? `${LABEL[verb]}…` : LABEL[verb]}
          </button>
        ))}
      </div>
      <RecipientTable broadcastId={id} handled={progress.handled} />
    </article>
  );
}
