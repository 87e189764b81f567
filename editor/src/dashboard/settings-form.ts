import { z } from 'zod';
import { RetentionSettings } from '@boomerang/engine/metric-shapes';
import { fieldsOf, type Field } from '../inspector/fields.ts';

/** The fields of the "what the events mean" form, from the engine's RetentionSettings (its defaults, limits and hints). */
export const retentionSettingsFields: Field[] = fieldsOf(z.toJSONSchema(RetentionSettings, { io: 'input' }));
