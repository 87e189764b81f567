import { useEffect, useState, type FormEvent } from 'react';
import { z } from 'zod';
import { Journey } from '@boomerang/engine/journey';
import { JourneyRecordShape } from '@boomerang/engine/api-shapes';
import { api, messageOf } from '../api/client.ts';
import { go } from '../navigation/route.ts';
import { freshId } from '../journey/clipboard.ts';
import { blankJourney, idFromName } from './copy.ts';

const Starters = z.object({ starters: z.array(Journey) });

/** Creates a journey, blank or from a starter in templates/journeys, and opens it. */
export function NewJourney({ taken, onError }: { taken: ReadonlySet<string>; onError: (message: string) => void }) {
  const [starters, setStarters] = useState<Journey[]>([]);
  const [name, setName] = useState('');
  const [from, setFrom] = useState('');
  useEffect(() => {
    api('GET', '/v1/starters', Starters).then(
      (s) => setStarters(s.starters),
      (e: unknown) => onError(messageOf(e)),
    );
  }, [onError]);

  const create = async (event: FormEvent) => {
    event.preventDefault();
    const starter = starters.find((s) => s.id === from);
    const title = name.trim() || starter?.name || 'New journey';
    const journey: Journey = starter
      ? { ...starter, id: freshId(idFromName(title), taken), name: title }
      : blankJourney(title, taken);
    try {
      await api('POST', '/v1/journeys', JourneyRecordShape, journey);
      go({ page: 'journey', id: journey.id });
    } catch (e) {
      onError(messageOf(e));
    }
  };
  return (
    <form className="new-journey" onSubmit={create} aria-label="New journey">
      <label>
        Name
        <input value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. Win-back" />
      </label>
      <label>
        Start from
        <select value={from} onChange={(e) => setFrom(e.target.value)}>
          <option value="">Blank canvas</option>
          {starters.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name} starter
            </option>
          ))}
        </select>
      </label>
      <button type="submit">Create journey</button>
    </form>
  );
}
