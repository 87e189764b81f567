import { api } from '../api/client.ts';
// The shapes file, not the module's face: the face brings the builder, which draws its fields with this inspector.
import { AudienceList, type AudienceRecord } from '../audiences/shapes.ts';
import { ListPicker, type ListState, type PickerProps } from './ListPicker.tsx';

/** "Repeat buyers (3 members)": an audience as the picker offers it. */
export const audienceChoiceText = (a: Pick<AudienceRecord, 'name' | 'size'>): string =>
  `${a.name} (${a.size.toLocaleString('en-US')} ${a.size === 1 ? 'member' : 'members'})`;

// Read each time a picker opens, as sizes move.
const loadAudiences = () => api('GET', '/v1/audiences', AudienceList).then((a) => a.audiences);
const EMPTY: Record<ListState, string> = {
  loading: 'Loading audiences…',
  failed: 'The audiences could not be loaded',
  loaded: 'Choose an audience…',
};

/** A select of the audiences with their size now (read each time it opens, as sizes move); saves the audience's id. */
export function AudiencePicker(props: PickerProps) {
  return (
    <ListPicker
      {...props}
      load={loadAudiences}
      choiceOf={(a) => ({ value: a.id, label: audienceChoiceText(a) })}
      empty={(state) => EMPTY[state]}
    />
  );
}
