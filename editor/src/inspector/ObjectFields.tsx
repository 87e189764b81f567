import { z } from 'zod';
import { withField, type Field } from './fields.ts';
import { FieldInput } from './FieldInput.tsx';

// Objects and lists of objects in a generated form: sub-fields drawn by the same FieldInput, so a
// goal's filters or a variant's weight look like any other field of that kind.

const Entries = z.record(z.string(), z.unknown());
const Items = z.array(Entries);
const entriesOf = (value: unknown): Record<string, unknown> | undefined => {
  const parsed = Entries.safeParse(value);
  return parsed.success ? parsed.data : undefined;
};

interface Props<F extends Field['kind']> { field: Extract<Field, { kind: F }>; value: unknown; disabled: boolean; onChange: (value: unknown) => void }

/** The sub-fields of one object, each reading and writing its own property. */
function SubFields({ fields, value, disabled, onChange, prefix }: { fields: Field[]; value: Record<string, unknown>; disabled: boolean; onChange: (value: Record<string, unknown>) => void; prefix: string }) {
  return <>{fields.map((sub) => (
    <FieldInput key={`${prefix}.${sub.name}`} field={sub} value={value[sub.name]} error={undefined} disabled={disabled} onChange={(v) => onChange(withField(value, sub.name, v))} />
  ))}</>;
}

/** An object as a titled group of sub-fields; an optional one that is not set shows only "Add". */
export function GroupFields({ field, value, disabled, onChange }: Props<'group'>) {
  const entries = entriesOf(value);
  if (!entries) {
    return <div className="group" role="group" aria-label={field.label}>
      <button type="button" disabled={disabled} onClick={() => onChange({ ...field.defaults })}>Add {field.label.toLowerCase()}</button>
    </div>;
  }
  return <fieldset className="group" aria-label={field.label}>
    <SubFields fields={field.fields} value={entries} disabled={disabled} onChange={onChange} prefix={field.name} />
    {!field.required && <button type="button" disabled={disabled} onClick={() => onChange(undefined)}>Remove {field.label.toLowerCase()}</button>}
  </fieldset>;
}

/** A list of objects: one numbered group per item, with add and remove within the list's size limits. */
export function ListFields({ field, value, disabled, onChange }: Props<'list'>) {
  const parsed = Items.safeParse(value ?? []);
  const items = parsed.success ? parsed.data : [];
  const full = field.max !== undefined && items.length >= field.max;
  return <div className="list" role="group" aria-label={field.label}>
    {items.map((item, i) => (
      <fieldset className="group" key={i} aria-label={`${field.label} ${i + 1}`}>
        <legend>{field.label} {i + 1}</legend>
        <SubFields fields={field.item} value={item} disabled={disabled} prefix={`${field.name}.${i}`} onChange={(next) => onChange(items.map((x, j) => (j === i ? next : x)))} />
        <button type="button" aria-label={`Remove ${field.label} ${i + 1}`} disabled={disabled || items.length <= field.min} onClick={() => onChange(items.filter((_, j) => j !== i))}>Remove</button>
      </fieldset>
    ))}
    <button type="button" disabled={disabled || full} onClick={() => onChange([...items, { ...field.defaults }])}>Add to {field.label.toLowerCase()}</button>
  </div>;
}
