import { useId } from 'react';
import { useCatalog } from '../api/catalog.ts';
import { scalarOf, type Field, type Suggestions } from './fields.ts';
import { z } from 'zod';
import { EventList } from './EventList.tsx';
import { FilterList } from './FilterList.tsx';
import { GroupFields, ListFields } from './ObjectFields.tsx';
import { PairList } from './PairList.tsx';
import { TemplatePicker } from './TemplatePicker.tsx';

/** The suggestions a text field offers, from the server's catalog. */
function useSuggestions(kind: Suggestions | undefined): string[] {
  const events = useCatalog((s) => s.events);
  if (kind === 'events') return events;
  if (kind === 'properties') return ['email', 'firstName', 'lastName', 'createdAt', 'timezone', 'plan'];
  return [];
}

const DurationDraft = z.object({ amount: z.number().optional(), unit: z.string().optional() });

const asText = (value: unknown): string => (value === undefined || value === null ? '' : typeof value === 'string' ? value : JSON.stringify(value));

/** One generated input; what it looks like depends only on the field's kind. */
export function FieldInput({ field, value, error, onChange, disabled }: { field: Field; value: unknown; error: string | undefined; onChange: (value: unknown) => void; disabled: boolean }) {
  const id = useId();
  const listId = `${id}-list`;
  const suggestions = useSuggestions(field.kind === 'text' ? field.suggest : undefined);
  const described = error ? { 'aria-invalid': true, 'aria-describedby': `${id}-error` } : {};
  const emptyToUndefined = (text: string) => (text === '' && !field.required ? undefined : text);

  const input = (() => {
    switch (field.kind) {
      case 'text':
        if (field.suggest === 'templates') return <TemplatePicker id={id} value={value} disabled={disabled} invalid={error !== undefined} onChange={onChange} />;
        return <>
          <input id={id} value={asText(value)} disabled={disabled} list={suggestions.length ? listId : undefined} {...(field.example ? { placeholder: `e.g. ${field.example}` } : {})}
            onChange={(e) => onChange(emptyToUndefined(e.target.value))} {...described} />
          {suggestions.length > 0 && <datalist id={listId}>{suggestions.map((s) => <option key={s} value={s} />)}</datalist>}
        </>;
      case 'number':
        return <input id={id} type="number" step={field.integer ? 1 : 'any'} value={typeof value === 'number' ? value : ''} disabled={disabled}
          onChange={(e) => onChange(e.target.value === '' ? undefined : Number(e.target.value))} {...described} />;
      case 'select':
        return <select id={id} value={typeof value === 'string' ? value : ''} disabled={disabled} onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)} {...described}>
          {(!field.required || typeof value !== 'string') && <option value="">—</option>}
          {field.options.map((o) => <option key={o} value={o}>{o}</option>)}
        </select>;
      case 'boolean':
        return <input id={id} type="checkbox" checked={value === true} disabled={disabled} onChange={(e) => onChange(e.target.checked)} />;
      case 'scalar':
        return <input id={id} value={asText(value)} disabled={disabled} placeholder="text, number or true/false"
          onChange={(e) => onChange(e.target.value === '' ? undefined : scalarOf(e.target.value))} {...described} />;
      case 'duration': {
        const parsed = DurationDraft.safeParse(value);
        const d = parsed.success ? parsed.data : {};
        return <span className="duration" id={id}>
          <input type="number" min={1} step={1} aria-label={`${field.label} amount`} value={typeof d.amount === 'number' ? d.amount : ''} disabled={disabled}
            onChange={(e) => onChange({ ...d, amount: e.target.value === '' ? undefined : Number(e.target.value) })} {...described} />
          <select aria-label={`${field.label} unit`} value={typeof d.unit === 'string' ? d.unit : ''} disabled={disabled} onChange={(e) => onChange({ ...d, unit: e.target.value })}>
            <option value="" disabled>unit</option>
            {field.units.map((u) => <option key={u} value={u}>{u}</option>)}
          </select>
        </span>;
      }
      case 'filters':
        return <FilterList label={field.label} ops={field.ops} value={value} disabled={disabled} onChange={onChange} />;
      case 'events':
        return <EventList label={field.label} value={value} disabled={disabled} onChange={onChange} />;
      case 'pairs':
        return <PairList label={field.label} value={value} disabled={disabled} onChange={onChange} />;
      case 'choices': {
        const chosen = Array.isArray(value) ? value : [];
        return <span className="choices" id={id}>{field.options.map((o) => (
          <label key={o} className="choice"><input type="checkbox" checked={chosen.includes(o)} disabled={disabled}
            onChange={(e) => onChange(e.target.checked ? [...chosen, o].sort((a, b) => Number(a) - Number(b)) : chosen.filter((c) => c !== o))} />{o}</label>
        ))}</span>;
      }
      case 'group':
        return <GroupFields field={field} value={value} disabled={disabled} onChange={onChange} />;
      case 'list':
        return <ListFields field={field} value={value} disabled={disabled} onChange={onChange} />;
      case 'json':
        return <textarea id={id} defaultValue={JSON.stringify(value ?? null, null, 2)} disabled={disabled}
          onBlur={(e) => { try { onChange(JSON.parse(e.target.value)); } catch { /* the inline error stays until it parses */ } }} {...described} />;
    }
  })();
  const inline = field.kind === 'filters' || field.kind === 'events' || field.kind === 'pairs' || field.kind === 'choices' || field.kind === 'duration'
    || field.kind === 'group' || field.kind === 'list';
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      {inline ? <span className="field-label">{field.label}{field.required ? '' : ' (optional)'}</span>
        : <label htmlFor={id} className="field-label">{field.label}{field.required ? '' : ' (optional)'}</label>}
      {input}
      {field.hint && <small className="hint">{field.hint}</small>}
      {error && <small id={`${id}-error`} className="error" role="alert">{error}</small>}
    </div>
  );
}
