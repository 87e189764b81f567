import { scalarOf } from './fields.ts';

const entriesOf = (value: unknown): Array<[string, unknown]> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? Object.entries(value) : [];

/** Name = value pairs (a map), e.g. traits to set; an empty value means "clear it" (null). */
export function PairList({
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
  const pairs = entriesOf(value);
  const write = (next: Array<[string, unknown]>) => onChange(Object.fromEntries(next));
  return (
    <div className="pairs" role="group" aria-label={label}>
      {pairs.map(([name, v], i) => (
        <div className="pair" key={i}>
          <input
            aria-label={`${label} ${i + 1} name`}
            value={name}
            disabled={disabled}
            onChange={(e) => write(pairs.map((p, j) => (j === i ? [e.target.value, p[1]] : p)))}
          />
          <input
            aria-label={`${label} ${i + 1} value`}
            value={v === null || v === undefined ? '' : String(v)}
            disabled={disabled}
            onChange={(e) =>
              write(
                pairs.map((p, j) => (j === i ? [p[0], e.target.value === '' ? null : scalarOf(e.target.value)] : p)),
              )
            }
          />
          <button
            type="button"
            aria-label={`Remove ${label} ${i + 1}`}
            disabled={disabled}
            onClick={() => write(pairs.filter((_, j) => j !== i))}
          >
            ×
          </button>
        </div>
      ))}
      <button type="button" disabled={disabled} onClick={() => write([...pairs, [`trait${pairs.length + 1}`, '']])}>
        Add
      </button>
    </div>
  );
}
