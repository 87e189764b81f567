import { z } from 'zod';
import { SendingSettings } from '@boomerang/engine/sending-rules';
import { fieldsOf, type Field } from '../inspector/fields.ts';
import { SettingsForm } from '../settings/SettingsForm.tsx';

/** The form's fields, from the engine's SendingSettings (its defaults and limits). */
// The plain form reads every record as text name/value pairs; the per-group caps are objects, so edit them as JSON.
const fields: Field[] = fieldsOf(z.toJSONSchema(SendingSettings, { io: 'input' })).map((f) =>
  f.name === 'groups' ? { name: f.name, label: f.label, required: f.required, kind: 'json' } : f,
);

/** Frequency caps across journeys and quiet hours: a form generated from the engine's schema, saved with PUT /v1/settings/sending. */
export function SendingSettingsPage() {
  return (
    <main className="page sending-settings">
      <h1>Frequency caps and quiet hours</h1>
      <p className="hint">
        Caps count every marketing email a customer got from any journey in a rolling window (e.g. at most 3 in 7 days
        and 1 in 1 day); a subscription group listed under groups has its own caps instead. Quiet hours are read on the
        customer&apos;s clock (their timezone trait, else the time zone here). Transactional email is exempt. Each
        journey says whether a held email waits or is skipped, and whether it may take a cap&apos;s last slot.
      </p>
      <SettingsForm
        path="/v1/settings/sending"
        schema={SendingSettings}
        fields={fields}
        label="Sending settings"
        saved="Saved. The next email any journey sends is held to these rules."
      />
    </main>
  );
}
