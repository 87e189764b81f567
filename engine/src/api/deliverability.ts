import type { Database } from '../db/index.ts';
import { doctorReport, gatherDoctorFacts, type DoctorSettings, type TxtLookup } from '../deliverability/index.ts';
import type { TemplateStore } from '../email/index.ts';
import { defineRoute, type Route } from './route.ts';
import { DoctorReport } from '../deliverability/index.ts';

/** The deliverability doctor over HTTP: what to publish in DNS and what to fix before mailing real customers. */
export function deliverabilityRoutes(deps: {
  db: Database;
  templates: TemplateStore;
  settings: DoctorSettings;
  lookupTxt?: TxtLookup | undefined;
}): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: '/v1/deliverability/doctor',
      auth: 'admin',
      summary:
        'Deliverability checks: DKIM key and record, SPF and DMARC records to publish, From alignment per sender, unsubscribe link and postal address per template, complaint and hard-bounce rates (7 days)',
      responses: { 200: { description: 'Each check: ok, warn or fail, with what to do', schema: DoctorReport } },
      handler: async ({ res }) => {
        res.json(doctorReport(await gatherDoctorFacts(deps)));
      },
    }),
  ];
}
