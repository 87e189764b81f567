import { defaultRegistry } from '../../engine/src/nodes/index.ts';
import { defaultConfig, fieldsOf, visibleFields, type Field } from '../../editor/src/inspector/fields.ts';

// The inspector forms of the built-in nodes, as the editor tests read them.

/** Each built-in node type's config schema, as GET /v1/nodes serves it: the forms are generated from this and nothing else. */
export const described: Record<string, unknown> = Object.fromEntries(
  defaultRegistry()
    .describe()
    .map((d) => [d.type, d.configSchema]),
);

/** What the marketer sees for a field, in words: the widget, and what a text field suggests. */
export function widgetOf(field: Field): string {
  if (field.kind === 'text')
    return field.suggest === 'events'
      ? 'event name'
      : field.suggest === 'traits'
        ? 'trait name'
        : field.multiline
          ? 'long text'
          : 'text';
  if (field.kind === 'choices') return `checkboxes ${field.options.map((o) => o.label).join(' ')}`;
  return field.kind;
}
/** Each field of a node type's form with what the marketer sees for it. */
export const widgets = (type: string) => fieldsOf(described[type]).map((f) => [f.name, widgetOf(f)]);

/** The names of the fields a node type's form shows for `config` (unset fields count at their defaults). */
export const shownFields = (type: string, config: Record<string, unknown>) =>
  visibleFields(fieldsOf(described[type]), config, defaultConfig(described[type])).map((f) => f.name);
