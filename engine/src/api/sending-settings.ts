import { z } from 'zod';
import { SendingSettings } from '../sending-rules/index.ts';
import { getSendingSettings, saveSendingSettings, type Database } from '../db/index.ts';
import { HttpError } from './errors.ts';
import { defineRoute, type Route } from './route.ts';

/** /v1/settings/sending: the account's frequency caps (overall and per subscription group), quiet hours and time zone. */
export function sendingSettingsRoutes(deps: { db: Database }): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: '/v1/settings/sending',
      auth: 'admin',
      summary:
        'Frequency caps across journeys (overall and per subscription group), quiet hours and the account time zone',
      responses: {
        200: { description: 'The settings (no caps, no quiet hours until saved)', schema: SendingSettings },
      },
      handler: async ({ res }) => {
        res.json(await getSendingSettings(deps.db));
      },
    }),
    defineRoute({
      method: 'put',
      path: '/v1/settings/sending',
      auth: 'admin',
      summary:
        'Save the sending settings (fields left out take their defaults); they apply to the next email any journey sends',
      body: { schema: z.record(z.string(), z.unknown()), invalid: 'Invalid sending settings', limit: '16kb' },
      responses: { 200: { description: 'The saved settings', schema: SendingSettings } },
      handler: async ({ body, res }) => {
        const saved = await saveSendingSettings(deps.db, body);
        if (!saved.settings)
          throw new HttpError(
            400,
            'Invalid sending settings',
            saved.violations.map((v) => ({ path: `body.${v.path}`, message: v.message })),
          );
        res.json(saved.settings);
      },
    }),
  ];
}
