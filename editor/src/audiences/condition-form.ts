import { z } from 'zod';
import {
  ArmCondition,
  JourneyCondition,
  PerformedCondition,
  TraitCondition,
  TraitDateCondition,
} from '@boomerang/engine/model';
import { withHints } from '@boomerang/engine/nodes';
import { defaultConfig, fieldsOf, type Field } from '../inspector/fields.ts';

// The forms of an audience's conditions: the engine's own condition schemas, with titles and widgets
// declared here (as the journey settings form does), turned into fields by the inspector's machinery.

const title = <S extends z.ZodType>(schema: S, text: string): S => schema.meta({ title: text });
const traitName = (schema: z.ZodType) => withHints(title(schema, 'Trait'), { widget: 'trait' });
/** Operators that compare with a value; `exists` and `not-exists` need none. */
const COMPARING = ['equals', 'not-equals', 'gt', 'gte', 'lt', 'lte', 'contains'];

const FORMS = {
  trait: TraitCondition.extend({
    property: traitName(TraitCondition.shape.property),
    op: title(TraitCondition.shape.op, 'Comparison'),
    value: withHints(TraitCondition.shape.value, { showWhen: { field: 'op', equals: COMPARING } }),
  }),
  'trait-date': TraitDateCondition.extend({
    property: traitName(TraitDateCondition.shape.property),
    when: title(TraitDateCondition.shape.when, 'When'),
  }),
  performed: PerformedCondition.extend({
    event: withHints(PerformedCondition.shape.event, { widget: 'event' }),
    where: withHints(PerformedCondition.shape.where, { widget: 'filters' }),
    op: title(PerformedCondition.shape.op, 'How often'),
    withinDays: title(PerformedCondition.shape.withinDays, 'In the last (days; empty: ever)'),
  }),
  journey: JourneyCondition.extend({ journeyId: title(JourneyCondition.shape.journeyId, 'Journey id') }),
  arm: ArmCondition.extend({
    journeyId: title(ArmCondition.shape.journeyId, 'Journey id'),
    splitId: title(ArmCondition.shape.splitId, 'Split step id'),
  }),
};

/** The kinds of condition that are not groups. */
export type LeafKind = keyof typeof FORMS;
/** Every leaf kind, in the order the "Add" menu offers them. */
export const LEAF_KINDS: readonly LeafKind[] = ['trait', 'trait-date', 'performed', 'journey', 'arm'];

/** What each kind is called in the builder. */
export const KIND_LABELS: Record<LeafKind | 'all' | 'any' | 'not', string> = {
  trait: 'Trait',
  'trait-date': 'Date trait',
  performed: 'Performed event',
  journey: 'Journey',
  arm: 'Split arm',
  all: 'All of (and)',
  any: 'Any of (or)',
  not: 'Not',
};

/** The form of one leaf kind: its fields (without `kind`) and the values a new condition starts with. */
export interface LeafForm {
  fields: Field[];
  defaults: Record<string, unknown>;
}

const formOf = (kind: LeafKind): LeafForm => {
  const schema = z.toJSONSchema(FORMS[kind], { io: 'input' });
  return { fields: fieldsOf(schema).filter((f) => f.name !== 'kind'), defaults: defaultConfig(schema) };
};

/** Each leaf kind's form, generated once. */
export const LEAF_FORMS: Record<LeafKind, LeafForm> = {
  trait: formOf('trait'),
  'trait-date': formOf('trait-date'),
  performed: formOf('performed'),
  journey: formOf('journey'),
  arm: formOf('arm'),
};

/** Whether a kind names a leaf condition (not a group). */
export const isLeafKind = (kind: string): kind is LeafKind => kind in FORMS;
