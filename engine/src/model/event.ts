import { z } from 'zod';

/** A customer event as journeys see it (Segment track shape, trimmed). */
export const JourneyEvent = z.object({
  messageId: z.string(),
  event: z.string(),
  properties: z.record(z.string(), z.unknown()),
  timestamp: z.string(),
});
export type JourneyEvent = z.infer<typeof JourneyEvent>;
