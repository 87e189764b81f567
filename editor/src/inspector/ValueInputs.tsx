import { z } from 'zod';
import { useCatalog } from '../api/catalog.ts';
import { scalarOf, type Choice, type Field, type Suggestions } from './fields.ts';

// The inputs of one value (a text, a number, a choice, a duration), as FieldInput lays them out.

/** What every input gets: its field, the value, where to send a change, and the id its label points to. */
export interface InputProps<F extends Field['kind']> {
  id: string;
  field: Extract<Field, { kind: F }>;
  value: unknown;
  disabled: boolean;
  /** aria-invalid and aria-describedby when the field has an error. */
  described: Record<string, unknown>;
  onChange: (value: unknown) => void;
}

// Common trait names; the server has no trait catalog yet.
const TRAITS = ['email', 'firstName', 'lastName', 'createdAt', 'timezone', 'plan'];

/** The suggestions a text field offers, from the server's catalog. */
function useSuggestions(kind: Suggestions | undefined): string[] {
  const events = useCatalog((s) => s.events);
  if (kind === 'events') return events;
  if (kind === 'traits') return TRAITS;
  return [];
}

const asText = (value: unknown): string =>
  value === undefined || value === null ? '' : typeof value === 'string' ? value : JSON.stringify(value);

/** A line of text (or several, for a multiline field), with the suggestions its hint asks for. */
export function TextInput({ id, field, value, disabled, described, onChange }: InputProps<'text'>) {
  const suggestions = useSuggestions(field.suggest);
  const listId = `${id}-list`;
  const change = (text: string) => onChange(text === '' && !field.required ? undefined : text);
  const placeholder = field.example ? { placeholder: `e.g. ${field.example}` } : {};
  if (field.multiline)
    return (
      <textarea
        id={id}
        rows={4}
        value={asText(value)}
        disabled={disabled}
        {...placeholder}
        onChange={(e) => change(e.target.value)}
        {...described}
      />
    );
  return (
    <>
      <input
        id={id}
        value={asText(value)}
        disabled={disabled}
        list={suggestions.length ? listId : undefined}
        {...placeholder}
        onChange={(e) => change(e.target.value)}
        {...described}
      />
      {suggestions.length > 0 && (
        <datalist id={listId}>
          {suggestions.map((s) => (
            <option key={s} value={s} />
          ))}
        </datalist>
      )}
    </>
  );
}

/** A number; whole numbers only for an integer field. */
export function NumberInput({ id, field, value, disabled, described, onChange }: InputProps<'number'>) {
  return (
    <input
      id={id}
      type="number"
      step={field.integer ? 1 : 'any'}
      value={typeof value === 'number' ? value : ''}
      disabled={disabled}
      onChange={(e) => onChange(e.target.value === '' ? undefined : Number(e.target.value))}
      {...described}
    />
  );
}

/** One of the field's options; "—" clears an optional one. */
export function SelectInput({ id, field, value, disabled, described, onChange }: InputProps<'select'>) {
  return (
    <select
      id={id}
      value={typeof value === 'string' ? value : ''}
      disabled={disabled}
      onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)}
      {...described}
    >
      {(!field.required || typeof value !== 'string') && <option value="">—</option>}
      {field.options.map((o) => (
        <option key={o} value={o}>
          {o}
        </option>
      ))}
    </select>
  );
}

/** A text, a number or true/false, read as the value it means. */
export function ScalarInput({ id, value, disabled, described, onChange }: InputProps<'scalar'>) {
  return (
    <input
      id={id}
      value={asText(value)}
      disabled={disabled}
      placeholder="text, number or true/false"
      onChange={(e) => onChange(e.target.value === '' ? undefined : scalarOf(e.target.value))}
      {...described}
    />
  );
}

const DurationDraft = z.object({ amount: z.number().optional(), unit: z.string().optional() });

/** An amount and a unit side by side. */
export function DurationInput({ id, field, value, disabled, described, onChange }: InputProps<'duration'>) {
  const parsed = DurationDraft.safeParse(value);
  const d = parsed.success ? parsed.data : {};
  return (
    <span className="duration" id={id}>
      <input
        type="number"
        min={1}
        step={1}
        aria-label={`${field.label} amount`}
        value={typeof d.amount === 'number' ? d.amount : ''}
        disabled={disabled}
        onChange={(e) => onChange({ ...d, amount: e.target.value === '' ? undefined : Number(e.target.value) })}
        {...described}
      />
      <select
        aria-label={`${field.label} unit`}
        value={typeof d.unit === 'string' ? d.unit : ''}
        disabled={disabled}
        onChange={(e) => onChange({ ...d, unit: e.target.value })}
      >
        <option value="" disabled>
          unit
        </option>
        {field.units.map((u) => (
          <option key={u} value={u}>
            {u}
          </option>
        ))}
      </select>
    </span>
  );
}

/** One checkbox per option; the chosen values are kept in the options' order. */
export function ChoicesInput({ id, field, value, disabled, onChange }: InputProps<'choices'>) {
  const chosen: unknown[] = Array.isArray(value) ? value : [];
  const toggle = (option: Choice['value'], on: boolean) => {
    const next = on ? [...chosen, option] : chosen.filter((c) => c !== option);
    onChange(field.options.map((o) => o.value).filter((v) => next.includes(v)));
  };
  return (
    <span className="choices" id={id}>
      {field.options.map((o) => (
        <label key={o.value} className="choice">
          <input
            type="checkbox"
            checked={chosen.includes(o.value)}
            disabled={disabled}
            onChange={(e) => toggle(o.value, e.target.checked)}
          />
          {o.label}
        </label>
      ))}
    </span>
  );
}

/** Any value as JSON text, read when the input loses focus. */
export function JsonInput({ id, value, disabled, described, onChange }: InputProps<'json'>) {
  return (
    <textarea
      id={id}
      defaultValue={JSON.stringify(value ?? null, null, 2)}
      disabled={disabled}
      onBlur={(e) => {
        try {
          onChange(JSON.parse(e.target.value));
        } catch {
          /* the inline error stays until it parses */
        }
      }}
      {...described}
    />
  );
}
