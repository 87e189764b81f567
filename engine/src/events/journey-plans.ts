import type { Plan } from '../interpreter/index.ts';
import {
  findVersion,
  liveVersions,
  publishedVersionCount,
  publishedVersionKeys,
  type Database,
  type JourneyVersion,
} from '../db/index.ts';

/**
 * The compiled plans the router routes by: the live (published, current) versions whose triggers can
 * start runs, any published version an active run may be on, and the event names some run listens to.
 * A published version never changes, so each plan is read from the database once.
 */
export class JourneyPlans {
  readonly #plans = new Map<string, Plan>();
  #listened: ReadonlySet<string> | undefined;
  #listenedVersions = -1;

  constructor(private readonly db: Database) {}

  /** The current published version of every live journey. */
  async live(): Promise<Plan[]> {
    return (await liveVersions(this.db)).map((v) => this.#remember(v));
  }

  /** Event names some run could react to: every published version's waits and exit-on events. */
  async listenedTo(): Promise<ReadonlySet<string>> {
    const published = await publishedVersionCount(this.db);
    if (!this.#listened || this.#listenedVersions !== published) {
      const plans = await Promise.all(
        (await publishedVersionKeys(this.db)).map((v) => this.plan(v.journeyId, v.version)),
      );
      this.#listened = new Set(plans.flatMap((p) => p.interestingEvents));
      this.#listenedVersions = published;
    }
    return this.#listened;
  }

  /** The plan of one published version. */
  async plan(journeyId: string, version: number): Promise<Plan> {
    const cached = this.#plans.get(`${journeyId}@${version}`);
    if (cached) return cached;
    const stored = await findVersion(this.db, journeyId, version);
    if (!stored) throw new Error(`Journey ${journeyId} has no version ${version}`);
    return this.#remember(stored);
  }

  #remember(stored: JourneyVersion): Plan {
    const key = `${stored.journeyId}@${stored.version}`;
    const cached = this.#plans.get(key);
    if (cached) return cached;
    // Trust boundary: journey_versions.plan is only ever written by publishVersion, from compile().
    const plan = stored.plan as Plan;
    this.#plans.set(key, plan);
    return plan;
  }
}
