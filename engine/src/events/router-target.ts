import type { Client } from '@temporalio/client';

/** How the router reaches Temporal (client, task queue) and how often it runs the daily date check. */
export interface RouterTarget {
  client: Client;
  taskQueue: string;
  dateCheckMinutes?: number;
  /** How often one event is tried before it is parked as a dead letter (default 5), and the first retry's delay (default 1 s). */
  retry?: { attempts?: number; baseDelayMs?: number };
  /** Check Temporal's limits before calling it (default true; tests turn it off to see the server's own refusal handled). */
  checkLimits?: boolean;
  /** How often the router re-evaluates audience memberships whose time-driven check is due (default 60 s). */
  audienceCheckSeconds?: number;
  /** The clock audience membership is evaluated by (tests move it; default the system clock). */
  now?: () => Date;
}
