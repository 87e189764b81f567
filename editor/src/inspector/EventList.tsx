import { useId } from 'react';
import { z } from 'zod';
import { EventMatch } from '@boomerang/engine/journey';
import { useCatalog } from '../api/catalog.ts';

// Lenient on purpose: an event still being typed (empty) must stay in the form; validation reports it.
const Matches = z.array(EventMatch.extend({ event: z.string() }).partial());

/** A list of event names (each an event match whose filters are kept as they are), with names seen as suggestions. */
export function EventList({
  label,
  value,
  disabled,
  onChange,
}: {
  label: string;
  value: unknown;
  disabled: boolean;
  onChange: (value: unknown) => void;
}) {
  const listId = useId();
  const seen = useCatalog((s) => s.events);
  const parsed = Matches.safeParse(value ?? []);
  const matches = parsed.success ? parsed.data : [];
  return (
    <div className="events" role="group" aria-label={label}>
      <datalist id={listId}>
        {seen.map((e) => (
          <option key={e} value={e} />
        ))}
      </datalist>
      {matches.map((m, i) => (
        <div className="pair" key={i}>
          <input
            aria-label={`${label} ${i + 1}`}
            list={listId}
            value={m.event ?? ''}
            disabled={disabled}
            placeholder="event name"
            onChange={(e) =>
              onChange(matches.map((x, j) => (j === i ? { ...x, event: e.target.value, where: x.where ?? [] } : x)))
            }
          />
          <button
            type="button"
            aria-label={`Remove ${label} ${i + 1}`}
            disabled={disabled}
            onClick={() => onChange(matches.filter((_, j) => j !== i))}
          >
            ×
          </button>
        </div>
      ))}
      <button type="button" disabled={disabled} onClick={() => onChange([...matches, { event: '', where: [] }])}>
        Add event
      </button>
    </div>
  );
}
