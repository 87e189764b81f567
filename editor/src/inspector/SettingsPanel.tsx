import { z } from 'zod';
import { EventMatch, ExperimentGoal, JourneySettings, PropertyFilter } from '@boomerang/engine/journey';
import { useJourney } from '../journey/store.ts';
import { FieldInput } from './FieldInput.tsx';
import { withField } from './fields.ts';
import { settingsFields } from './settings-form.ts';

// The settings form is generated from the engine's own JourneySettings schema (settings-form.ts), like node forms.
// Edits are kept even while incomplete (an exit-on event still being typed); validation reports them.
const FilterDraft = PropertyFilter.extend({ property: z.string() });
const SettingsDraft = JourneySettings.extend({
  exitOn: z.array(EventMatch.extend({ event: z.string() })),
  goal: ExperimentGoal.extend({
    event: z.string().default(''),
    where: z.array(FilterDraft).default([]),
    withinDays: z.number().int().default(30),
  }).optional(),
});

/** The journey's name and settings: re-entry, exit-on events, timezone, the experiment goal. */
export function SettingsPanel() {
  const meta = useJourney((s) => s.meta);
  const readOnly = useJourney((s) => s.readOnly);
  const settings: Record<string, unknown> = meta.settings;
  const update = (name: string, value: unknown) => {
    const parsed = SettingsDraft.safeParse(withField(settings, name, value));
    if (parsed.success) useJourney.getState().setMeta({ settings: parsed.data });
  };
  return (
    <section aria-label="Journey settings">
      <h2>Journey settings</h2>
      <div className="field">
        <label className="field-label" htmlFor="journey-name">
          Name
        </label>
        <input
          id="journey-name"
          value={meta.name}
          disabled={readOnly}
          onChange={(e) => useJourney.getState().setMeta({ name: e.target.value })}
        />
      </div>
      {settingsFields.map((field) => (
        <FieldInput
          key={field.name}
          field={field}
          value={settings[field.name]}
          error={undefined}
          disabled={readOnly}
          onChange={(value) => update(field.name, value)}
        />
      ))}
      <p className="hint">
        Select a step to set it up. Exit-on events end a customer's run whenever they happen. The goal is what an A/B
        split's variants are judged by.
      </p>
    </section>
  );
}
