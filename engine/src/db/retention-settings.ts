import {
  checkRetentionSettings,
  DEFAULT_RETENTION_SETTINGS,
  type RetentionSettings,
  type SettingsViolation,
} from '../retention/settings.ts';
import type { Queryable } from './database.ts';

/** The account's retention settings; the defaults until some were saved (a stored row is re-read through the schema, so new fields take their defaults). */
export async function getRetentionSettings(db: Queryable): Promise<RetentionSettings> {
  const [row] = await db.query<{ settings: unknown }>('select settings from retention_settings where id');
  if (!row) return DEFAULT_RETENTION_SETTINGS;
  return checkRetentionSettings(row.settings).settings ?? DEFAULT_RETENTION_SETTINGS;
}

/** Validates and stores the retention settings; bad input is returned as violations (with paths) and nothing is stored. */
export async function saveRetentionSettings(
  db: Queryable,
  input: unknown,
): Promise<{ settings: RetentionSettings; violations: [] } | { settings: undefined; violations: SettingsViolation[] }> {
  const checked = checkRetentionSettings(input);
  if (!checked.settings) return checked;
  await db.query(
    `insert into retention_settings (id, settings) values (true, $1::jsonb)
     on conflict (id) do update set settings = excluded.settings, updated_at = now()`,
    [JSON.stringify(checked.settings)],
  );
  return checked;
}
