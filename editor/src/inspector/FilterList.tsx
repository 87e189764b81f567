import { z } from 'zod';
import { PropertyFilter } from '@boomerang/engine/journey';
import { scalarOf } from './fields.ts';

// Lenient on purpose: a filter still being typed (empty property) must stay in the form; validation reports it.
const Filters = z.array(PropertyFilter.extend({ property: z.string() }).partial());
type Filter = z.infer<typeof Filters>[number];

/** A list of property filters (property, comparison, value), e.g. "plan equals pro". */
export function FilterList({
  label,
  ops,
  value,
  disabled,
  onChange,
}: {
  label: string;
  ops: string[];
  value: unknown;
  disabled: boolean;
  onChange: (value: unknown) => void;
}) {
  const parsed = Filters.safeParse(value ?? []);
  const filters: Filter[] = parsed.success ? parsed.data : [];
  const change = (i: number, patch: Partial<Record<keyof Filter, unknown>>) =>
    onChange(filters.map((f, j) => (j === i ? { ...f, ...patch } : f)));
  return (
    <div className="filters" role="group" aria-label={label}>
      {filters.map((f, i) => (
        <div className="filter" key={i}>
          <input
            aria-label={`${label} ${i + 1} property`}
            placeholder="property, e.g. plan"
            value={f.property ?? ''}
            disabled={disabled}
            onChange={(e) => change(i, { property: e.target.value })}
          />
          <select
            aria-label={`${label} ${i + 1} comparison`}
            value={f.op ?? ''}
            disabled={disabled}
            onChange={(e) => change(i, { op: e.target.value })}
          >
            {ops.map((o) => (
              <option key={o} value={o}>
                {o}
              </option>
            ))}
          </select>
          <input
            aria-label={`${label} ${i + 1} value`}
            placeholder="value"
            value={f.value === undefined ? '' : String(f.value)}
            disabled={disabled}
            onChange={(e) => change(i, { value: e.target.value === '' ? undefined : scalarOf(e.target.value) })}
          />
          <button
            type="button"
            aria-label={`Remove ${label} ${i + 1}`}
            disabled={disabled}
            onClick={() => onChange(filters.filter((_, j) => j !== i))}
          >
            ×
          </button>
        </div>
      ))}
      <button
        type="button"
        disabled={disabled}
        onClick={() => onChange([...filters, { property: '', op: ops[0] ?? 'equals' }])}
      >
        Add filter
      </button>
    </div>
  );
}
