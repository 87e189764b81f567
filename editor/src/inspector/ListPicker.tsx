import { useEffect, useState } from 'react';

/** What every picker of the inspector takes: the field's id, its value, and where to send a choice. */
export interface PickerProps {
  id: string;
  value: unknown;
  disabled: boolean;
  invalid: boolean;
  onChange: (value: string | undefined) => void;
}

/** One option of a picker: the value saved, the text shown. */
export interface Choice {
  value: string;
  label: string;
}

/** Where a picker's list is: still loading, failed to load, or loaded. */
export type ListState = 'loading' | 'failed' | 'loaded';

/**
 * `load`, called at most once while its answer stands: the list is read once per page, and read again
 * the next time a picker opens if it could not be loaded.
 * @example const loadSenders = loadOnce(() => api('GET', '/v1/senders', SenderList).then((a) => a.senders));
 */
export function loadOnce<T>(load: () => Promise<T[]>): () => Promise<T[]> {
  let loading: Promise<T[]> | undefined;
  return () =>
    (loading ??= load().catch((e: unknown) => {
      loading = undefined; // try again next time the picker opens
      throw e;
    }));
}

/**
 * A select of `choices`: an empty choice, fixed choices, then the list's; a saved value the list does
 * not hold is kept and marked "(does not exist)", or "(`unlisted`)" (while `choices` is null, not
 * loaded yet, it is kept as it is). Empty means undefined.
 * @example <ChoiceSelect {...props} choices={[{ value: 'welcome', label: 'welcome' }]} empty="Choose a template…" />
 */
export function ChoiceSelect({
  id,
  value,
  disabled,
  invalid,
  onChange,
  choices,
  empty,
  fixed = [],
  unlisted = 'does not exist',
}: PickerProps & { choices: Choice[] | null; empty: string; fixed?: Choice[] | undefined; unlisted?: string }) {
  const chosen = typeof value === 'string' ? value : '';
  const listed = [...fixed, ...(choices ?? [])].some((c) => c.value === chosen);
  return (
    <select
      id={id}
      value={chosen}
      disabled={disabled}
      aria-invalid={invalid || undefined}
      onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)}
    >
      <option value="">{empty}</option>
      {fixed.map((c) => (
        <option key={c.value} value={c.value}>
          {c.label}
        </option>
      ))}
      {chosen !== '' && !listed && (
        <option value={chosen}>{choices === null ? chosen : `${chosen} (${unlisted})`}</option>
      )}
      {choices?.map((c) => (
        <option key={c.value} value={c.value}>
          {c.label}
        </option>
      ))}
    </select>
  );
}

/**
 * A select over a list the API serves (see ChoiceSelect); the empty choice's text may say the list is
 * loading or could not be loaded.
 * @example <ListPicker {...props} load={loadSenders} choiceOf={(s) => ({ value: s.id, label: s.address })} empty={() => "The journey's sender"} />
 */
export function ListPicker<T>({
  load,
  choiceOf,
  empty,
  fixed,
  ...props
}: PickerProps & {
  load: () => Promise<T[]>;
  choiceOf: (item: T) => Choice;
  empty: (state: ListState) => string;
  fixed?: Choice[];
}) {
  const [items, setItems] = useState<T[] | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let live = true;
    load().then(
      (list) => live && setItems(list),
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
  }, [load]);
  return (
    <ChoiceSelect
      {...props}
      choices={items?.map(choiceOf) ?? null}
      empty={empty(failed ? 'failed' : items ? 'loaded' : 'loading')}
      fixed={fixed}
    />
  );
}
