import { useEffect, useState } from 'react';
import { api } from '../api/client.ts';
// The shapes file, not the module's face: the face brings the builder, which draws its fields with this inspector.
import { AudienceList, type AudienceRecord } from '../audiences/shapes.ts';

/** "Repeat buyers (3 members)": an audience as the picker offers it. */
export const audienceChoiceText = (a: Pick<AudienceRecord, 'name' | 'size'>): string =>
  `${a.name} (${a.size.toLocaleString('en-US')} ${a.size === 1 ? 'member' : 'members'})`;

/** A select of the audiences with their size now (read each time it opens, as sizes move); saves the audience's id. */
export function AudiencePicker({
  id,
  value,
  disabled,
  invalid,
  onChange,
}: {
  id: string;
  value: unknown;
  disabled: boolean;
  invalid: boolean;
  onChange: (value: string | undefined) => void;
}) {
  const [audiences, setAudiences] = useState<AudienceRecord[] | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let live = true;
    api('GET', '/v1/audiences', AudienceList).then(
      (a) => live && setAudiences(a.audiences),
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
  }, []);
  const chosen = typeof value === 'string' ? value : '';
  const known = audiences?.some((a) => a.id === chosen) ?? true;
  return (
    <select
      id={id}
      value={chosen}
      disabled={disabled}
      aria-invalid={invalid || undefined}
      onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)}
    >
      <option value="">
        {failed ? 'The audiences could not be loaded' : audiences ? 'Choose an audience…' : 'Loading audiences…'}
      </option>
      {chosen !== '' && !known && <option value={chosen}>{chosen} (does not exist)</option>}
      {chosen !== '' && audiences === null && <option value={chosen}>{chosen}</option>}
      {audiences?.map((a) => (
        <option key={a.id} value={a.id}>
          {audienceChoiceText(a)}
        </option>
      ))}
    </select>
  );
}
