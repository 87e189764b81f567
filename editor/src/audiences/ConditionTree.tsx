import { useState } from 'react';
import { FieldInput } from '../inspector/FieldInput.tsx';
import { visibleFields, withField } from '../inspector/fields.ts';
import { KIND_LABELS, LEAF_FORMS, LEAF_KINDS, type LeafKind } from './condition-form.ts';
import { newCondition, problemText, type AddableKind, type ConditionDraft, type Problem } from './draft.ts';

// The audience builder's condition tree: groups (all / any), negations and leaves, each drawn by the
// inspector's generated fields; a problem from the API shows beside the field whose path it names.

interface NodeProps<D extends ConditionDraft = ConditionDraft> {
  draft: D;
  /** The API's path of this condition, e.g. `condition.of.1`. */
  path: string;
  problems: readonly Problem[];
  disabled: boolean;
  onChange: (next: ConditionDraft) => void;
  /** Absent where the condition cannot be removed (the root, the inside of a "not"). */
  onRemove?: () => void;
}

/** One condition of the tree, drawn by its kind. */
export function ConditionNode(props: NodeProps) {
  const { draft } = props;
  switch (draft.kind) {
    case 'all':
    case 'any':
      return <GroupNode {...props} draft={draft} />;
    case 'not':
      return <NotNode {...props} draft={draft} />;
    default:
      return <LeafNode {...props} draft={draft} />;
  }
}

function RemoveButton({ label, disabled, onRemove }: { label: string; disabled: boolean; onRemove?: () => void }) {
  if (!onRemove) return null;
  return (
    <button type="button" className="link remove-condition" disabled={disabled} onClick={onRemove}>
      Remove {label.toLowerCase()}
    </button>
  );
}

function ProblemLine({ text }: { text: string | undefined }) {
  return text ? (
    <small className="error" role="alert">
      {text}
    </small>
  ) : null;
}

function LeafNode({
  draft,
  path,
  problems,
  disabled,
  onChange,
  onRemove,
}: NodeProps<Extract<ConditionDraft, { kind: LeafKind }>>) {
  const form = LEAF_FORMS[draft.kind];
  const label = KIND_LABELS[draft.kind];
  const fieldNames = new Set(form.fields.map((f) => f.name));
  // Problems about the condition itself, or a field the form does not draw, are shown under it.
  const ownProblems = problems.filter(
    (p) =>
      p.path === path ||
      (p.path.startsWith(`${path}.`) && !fieldNames.has(p.path.slice(path.length + 1).split('.')[0] ?? '')),
  );
  return (
    <fieldset className="condition leaf" aria-label={label}>
      <legend>{label}</legend>
      {visibleFields(form.fields, draft.values, form.defaults).map((field) => (
        <FieldInput
          key={field.name}
          field={field}
          value={draft.values[field.name]}
          error={problemText(problems, `${path}.${field.name}`)}
          disabled={disabled}
          onChange={(value) => onChange({ kind: draft.kind, values: withField(draft.values, field.name, value) })}
        />
      ))}
      <ProblemLine text={ownProblems.length ? ownProblems.map((p) => p.message).join('; ') : undefined} />
      <RemoveButton label={label} disabled={disabled} onRemove={onRemove} />
    </fieldset>
  );
}

const ADDABLE: readonly AddableKind[] = [...LEAF_KINDS, 'all', 'any', 'not'];

function GroupNode({
  draft,
  path,
  problems,
  disabled,
  onChange,
  onRemove,
}: NodeProps<Extract<ConditionDraft, { kind: 'all' | 'any' }>>) {
  const [adding, setAdding] = useState<AddableKind>('performed');
  const label = draft.kind === 'all' ? 'All of' : 'Any of';
  const replace = (i: number, next: ConditionDraft) =>
    onChange({ ...draft, of: draft.of.map((c, j) => (j === i ? next : c)) });
  return (
    <fieldset className={`condition group-${draft.kind}`} aria-label={label}>
      <legend>
        <label>
          Match{' '}
          <select
            value={draft.kind}
            disabled={disabled}
            onChange={(e) => onChange({ kind: e.target.value === 'any' ? 'any' : 'all', of: draft.of })}
          >
            <option value="all">all of these (and)</option>
            <option value="any">any of these (or)</option>
          </select>
        </label>
      </legend>
      {draft.of.map((child, i) => (
        <ConditionNode
          key={i}
          draft={child}
          path={`${path}.of.${i}`}
          problems={problems}
          disabled={disabled}
          onChange={(next) => replace(i, next)}
          onRemove={() => onChange({ ...draft, of: draft.of.filter((_, j) => j !== i) })}
        />
      ))}
      <ProblemLine
        text={
          problems
            .filter((p) => p.path === path || p.path === `${path}.of`)
            .map((p) => p.message)
            .join('; ') || undefined
        }
      />
      <div className="add-condition">
        <select
          aria-label={`Condition to add to ${label.toLowerCase()}`}
          value={adding}
          disabled={disabled}
          onChange={(e) => setAdding(ADDABLE.find((k) => k === e.target.value) ?? 'performed')}
        >
          {ADDABLE.map((kind) => (
            <option key={kind} value={kind}>
              {KIND_LABELS[kind]}
            </option>
          ))}
        </select>
        <button
          type="button"
          disabled={disabled}
          onClick={() => onChange({ ...draft, of: [...draft.of, newCondition(adding)] })}
        >
          Add condition
        </button>
      </div>
      <RemoveButton label="group" disabled={disabled} onRemove={onRemove} />
    </fieldset>
  );
}

function NotNode({
  draft,
  path,
  problems,
  disabled,
  onChange,
  onRemove,
}: NodeProps<Extract<ConditionDraft, { kind: 'not' }>>) {
  return (
    <fieldset className="condition group-not" aria-label="Not">
      <legend>Not (none of this holds)</legend>
      <ConditionNode
        draft={draft.condition}
        path={`${path}.condition`}
        problems={problems}
        disabled={disabled}
        onChange={(condition) => onChange({ kind: 'not', condition })}
      />
      <RemoveButton label="not" disabled={disabled} onRemove={onRemove} />
    </fieldset>
  );
}
