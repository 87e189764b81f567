import { RetentionSettings } from '@boomerang/engine/metric-shapes';
import { retentionSettingsFields } from '../dashboard/settings-form.ts';
import { SettingsForm } from '../settings/SettingsForm.tsx';

/** What the events mean for the retention figures: edited as a form generated from the engine's schema, saved with PUT. */
export function RetentionSettingsPage() {
  return (
    <main className="page retention-settings">
      <p>
        <a href="#/">← Retention</a>
      </p>
      <h1>What the events mean</h1>
      <p className="hint">
        Which events are a sign-up, an activation, an order; where recurring revenue comes from; what churn is; which
        events carry NPS answers and cancellation reasons; the reporting currency and the account&apos;s time zone.
      </p>
      <SettingsForm
        path="/v1/metrics/settings"
        schema={RetentionSettings}
        fields={retentionSettingsFields}
        label="Retention settings"
        saved="Saved. The figures use these settings from now on."
      />
    </main>
  );
}
