import { useId } from 'react';
import { z } from 'zod';
import { AudiencePicker } from './AudiencePicker.tsx';
import { EmailStepPicker } from './EmailStepPicker.tsx';
import { EventList } from './EventList.tsx';
import { visibleFields, withField, type Field } from './fields.ts';
import { FilterList } from './FilterList.tsx';
import { PairList } from './PairList.tsx';
import { SenderPicker } from './SenderPicker.tsx';
import { GroupPicker } from './GroupPicker.tsx';
import { TemplatePicker } from './TemplatePicker.tsx';
import {
  ChoicesInput,
  DurationInput,
  JsonInput,
  NumberInput,
  ScalarInput,
  SelectInput,
  TextInput,
  type InputProps,
} from './ValueInputs.tsx';

// One field of a generated form, and the objects and lists of objects whose sub-fields are drawn by
// the same FieldInput (so a goal's filters look like any other filters). Groups and lists live here,
// beside the field they recurse into, so the inspector has no import circle.

/** Kinds drawn as several controls, so their title is a caption rather than a <label> of one input. */
const CAPTIONED = new Set<Field['kind']>(['filters', 'events', 'pairs', 'choices', 'duration', 'group', 'list']);

/** One generated input with its label, hint and error; what it looks like depends only on the field's kind. */
export function FieldInput({
  field,
  value,
  error,
  onChange,
  disabled,
}: {
  field: Field;
  value: unknown;
  error: string | undefined;
  onChange: (value: unknown) => void;
  disabled: boolean;
}) {
  const id = useId();
  const described = error ? { 'aria-invalid': true, 'aria-describedby': `${id}-error` } : {};
  const title = `${field.label}${field.required ? '' : ' (optional)'}`;
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      {CAPTIONED.has(field.kind) ? (
        <span className="field-label">{title}</span>
      ) : (
        <label htmlFor={id} className="field-label">
          {title}
        </label>
      )}
      <Control
        id={id}
        field={field}
        value={value}
        disabled={disabled}
        described={described}
        onChange={onChange}
        invalid={error !== undefined}
      />
      {field.hint && <small className="hint">{field.hint}</small>}
      {error && (
        <small id={`${id}-error`} className="error" role="alert">
          {error}
        </small>
      )}
    </div>
  );
}

/** The input of a field's kind. */
function Control(props: InputProps<Field['kind']> & { invalid: boolean }) {
  const { id, field, value, disabled, onChange, invalid } = props;
  switch (field.kind) {
    case 'text':
      return <TextInput {...props} field={field} />;
    case 'template':
      return <TemplatePicker id={id} value={value} disabled={disabled} invalid={invalid} onChange={onChange} />;
    case 'sender':
      return <SenderPicker id={id} value={value} disabled={disabled} invalid={invalid} onChange={onChange} />;
    case 'audience':
      return <AudiencePicker id={id} value={value} disabled={disabled} invalid={invalid} onChange={onChange} />;
    case 'subscription-group':
      return <GroupPicker id={id} value={value} disabled={disabled} invalid={invalid} onChange={onChange} />;
    case 'email-step':
      return (
        <EmailStepPicker
          id={id}
          value={value}
          disabled={disabled}
          invalid={invalid}
          required={field.required}
          onChange={onChange}
        />
      );
    case 'number':
      return <NumberInput {...props} field={field} />;
    case 'select':
      return <SelectInput {...props} field={field} />;
    case 'boolean':
      return (
        <input
          id={id}
          type="checkbox"
          checked={value === true}
          disabled={disabled}
          onChange={(e) => onChange(e.target.checked)}
        />
      );
    case 'scalar':
      return <ScalarInput {...props} field={field} />;
    case 'duration':
      return <DurationInput {...props} field={field} />;
    case 'choices':
      return <ChoicesInput {...props} field={field} />;
    case 'filters':
      return <FilterList label={field.label} ops={field.ops} value={value} disabled={disabled} onChange={onChange} />;
    case 'events':
      return <EventList label={field.label} value={value} disabled={disabled} onChange={onChange} />;
    case 'pairs':
      return <PairList label={field.label} value={value} disabled={disabled} onChange={onChange} />;
    case 'group':
      return <GroupFields field={field} value={value} disabled={disabled} onChange={onChange} />;
    case 'list':
      return <ListFields field={field} value={value} disabled={disabled} onChange={onChange} />;
    case 'json':
      return <JsonInput {...props} field={field} />;
  }
}

const Entries = z.record(z.string(), z.unknown());
const Items = z.array(Entries);
const entriesOf = (value: unknown): Record<string, unknown> | undefined => {
  const parsed = Entries.safeParse(value);
  return parsed.success ? parsed.data : undefined;
};

interface ObjectProps<F extends 'group' | 'list'> {
  field: Extract<Field, { kind: F }>;
  value: unknown;
  disabled: boolean;
  onChange: (value: unknown) => void;
}

/** The sub-fields of one object that its values call for, each reading and writing its own property. */
function SubFields({
  fields,
  defaults,
  value,
  disabled,
  onChange,
  prefix,
}: {
  fields: Field[];
  defaults: Record<string, unknown>;
  value: Record<string, unknown>;
  disabled: boolean;
  onChange: (value: Record<string, unknown>) => void;
  prefix: string;
}) {
  return (
    <>
      {visibleFields(fields, value, defaults).map((sub) => (
        <FieldInput
          key={`${prefix}.${sub.name}`}
          field={sub}
          value={value[sub.name]}
          error={undefined}
          disabled={disabled}
          onChange={(v) => onChange(withField(value, sub.name, v))}
        />
      ))}
    </>
  );
}

/** An object as a titled group of sub-fields; an optional one that is not set shows only "Add". */
function GroupFields({ field, value, disabled, onChange }: ObjectProps<'group'>) {
  const entries = entriesOf(value);
  if (!entries) {
    return (
      <div className="group" role="group" aria-label={field.label}>
        <button type="button" disabled={disabled} onClick={() => onChange({ ...field.defaults })}>
          Add {field.label.toLowerCase()}
        </button>
      </div>
    );
  }
  return (
    <fieldset className="group" aria-label={field.label}>
      <SubFields
        fields={field.fields}
        defaults={field.defaults}
        value={entries}
        disabled={disabled}
        onChange={onChange}
        prefix={field.name}
      />
      {!field.required && (
        <button type="button" disabled={disabled} onClick={() => onChange(undefined)}>
          Remove {field.label.toLowerCase()}
        </button>
      )}
    </fieldset>
  );
}

/** A list of objects: one numbered group per item, with add and remove within the list's size limits. */
function ListFields({ field, value, disabled, onChange }: ObjectProps<'list'>) {
  const parsed = Items.safeParse(value ?? []);
  const items = parsed.success ? parsed.data : [];
  const full = field.max !== undefined && items.length >= field.max;
  return (
    <div className="list" role="group" aria-label={field.label}>
      {items.map((item, i) => (
        <fieldset className="group" key={i} aria-label={`${field.label} ${i + 1}`}>
          <legend>
            {field.label} {i + 1}
          </legend>
          <SubFields
            fields={field.item}
            defaults={field.defaults}
            value={item}
            disabled={disabled}
            prefix={`${field.name}.${i}`}
            onChange={(next) => onChange(items.map((x, j) => (j === i ? next : x)))}
          />
          <button
            type="button"
            aria-label={`Remove ${field.label} ${i + 1}`}
            disabled={disabled || items.length <= field.min}
            onClick={() => onChange(items.filter((_, j) => j !== i))}
          >
            Remove
          </button>
        </fieldset>
      ))}
      <button type="button" disabled={disabled || full} onClick={() => onChange([...items, { ...field.defaults }])}>
        Add to {field.label.toLowerCase()}
      </button>
    </div>
  );
}
