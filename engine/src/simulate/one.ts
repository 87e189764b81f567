import { advance, begin, exitOn, isExitEvent, matchesEvent } from '../interpreter/index.ts';
import type {
  Command,
  ExitReason,
  Input,
  JourneyEvent,
  Move,
  Plan,
  RunState,
  Transition,
} from '../interpreter/index.ts';
import { defaultRegistry, type NodeRegistry } from '../nodes/index.ts';
import {
  groupOfConfig,
  judgeSend,
  TRANSACTIONAL_GROUP,
  type CountedSend,
  type SendingSettings,
} from '../sending-rules/index.ts';

/** One customer's scripted life: when they enter, their traits, and the events they send when. */
export interface CustomerScript {
  startMs: number;
  /** The simulation stops here; a run still going is reported as waiting on its step. Default: no end. */
  endMs?: number;
  traits?: Record<string, unknown>;
  /** The customer's id; splits assign arms by it. Default "customer". */
  userId?: string;
  /** Properties of the event that starts the run (default none). */
  triggerProperties?: Record<string, unknown>;
  events: ScriptedEvent[];
  /** Action steps that give up for this customer (their attempts run out): the run follows each step's onFailure. */
  failingSteps?: string[];
  /** The audiences the customer is in while the run lasts (in-audience asks about them). Default none. */
  audiences?: string[];
  /** The account's caps and quiet hours, applied to every email as the workflow does (absent: none). */
  sending?: SendingSettings;
  /** Marketing emails other journeys sent this customer, counted against the caps. */
  otherEmails?: CountedSend[];
}

/** An event a synthetic customer sends; with `arm`, only if they were exposed to that arm of a split by then. */
export interface ScriptedEvent {
  event: string;
  atMs: number;
  properties?: Record<string, unknown>;
  arm?: string;
}

/** True when a scripted event happens: it names no arm, or the customer was in that arm by its time. */
export function happens(event: ScriptedEvent, exposures: ReadonlyArray<{ variant: string; atMs: number }>): boolean {
  return event.arm === undefined || exposures.some((x) => x.variant === event.arm && x.atMs <= event.atMs);
}

/** What happened to one simulated customer. */
export interface CustomerRun {
  /** Steps entered, the trigger first. */
  steps: Array<{ stepId: string; atMs: number }>;
  moves: Array<Move & { atMs: number }>;
  emails: Array<{ stepId: string; template: string; atMs: number }>;
  /** Splits reached: the arm drawn and when. */
  exposures: Array<{ stepId: string; experimentKey: string; variant: string; atMs: number }>;
  /** How the run ended, or null if it was still going at endMs. */
  exit: { reason: ExitReason; stepId: string | null; atMs: number } | null;
  /** The step the customer was still on at endMs. */
  waitingAt: string | null;
  /** Emails held by the caps or quiet hours: deferred until `untilMs`, or skipped (the journey's overLimit). */
  held: Array<{ stepId: string; reason: 'capped' | 'quiet-hours'; atMs: number; untilMs: number; skipped: boolean }>;
  traits: Record<string, unknown>;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Runs one customer through the plan on a virtual clock: timers fire instantly, actions succeed at once with their simulated effect (or give up, where the script says). */
export function simulateOne(plan: Plan, script: CustomerScript, nodes: NodeRegistry = defaultRegistry()): CustomerRun {
  const endMs = script.endMs ?? Number.POSITIVE_INFINITY;
  const scripted = script.events
    .map((e, i) => ({
      at: e.atMs,
      source: e,
      e: { messageId: `e${i}`, event: e.event, properties: e.properties ?? {}, timestamp: iso(e.atMs) },
    }))
    .filter((x) => x.at >= script.startMs)
    .sort((a, b) => a.at - b.at);
  const events: JourneyEvent[] = scripted.map((x) => x.e);
  const at = (e: JourneyEvent) => Date.parse(e.timestamp);
  const run: CustomerRun = {
    steps: [{ stepId: plan.trigger.nodeId, atMs: script.startMs }],
    moves: [],
    emails: [],
    exposures: [],
    exit: null,
    waitingAt: null,
    held: [],
    traits: {},
  };
  const counted: CountedSend[] = [...(script.otherEmails ?? [])];
  const trigger: JourneyEvent = {
    messageId: 'trigger',
    event: plan.trigger.event,
    properties: script.triggerProperties ?? {},
    timestamp: iso(script.startMs),
  };

  const customer = { audiences: script.audiences ?? [] };
  let cursor = 0; // events before the cursor are in the past
  let now = script.startMs;
  const record = (t: Transition) => {
    for (const move of t.moves) {
      run.moves.push({ ...move, atMs: now });
      run.steps.push({ stepId: move.to, atMs: now });
    }
    return t;
  };
  let { state, command }: { state: RunState; command: Command } = record(
    begin(plan, { traits: script.traits ?? {}, trigger, nowMs: now, userId: script.userId ?? 'customer' }),
  );

  while (command.kind !== 'exit') {
    if (command.kind === 'expose') {
      run.exposures.push({
        stepId: command.stepId,
        experimentKey: command.experimentKey,
        variant: command.variant,
        atMs: now,
      });
      ({ state, command } = record(advance(plan, state, { kind: 'exposed', nowMs: now })));
      continue;
    }
    if (command.kind === 'act' && script.failingSteps?.includes(command.stepId)) {
      ({ state, command } = record(advance(plan, state, { kind: 'failed', nowMs: now, outcome: 'failed' })));
      continue;
    }
    const group = command.kind === 'act' ? groupOfConfig(command.config) : undefined;
    if (command.kind === 'act' && command.nodeType === 'send-email' && script.sending) {
      const priority = plan.sending?.priority ?? 'normal';
      const verdict = judgeSend({
        settings: script.sending,
        group,
        priority,
        traits: state.traits,
        nowMs: now,
        sent: counted,
      });
      if (!verdict.allowed) {
        const skipped = plan.sending?.overLimit === 'skip';
        run.held.push({ stepId: command.stepId, reason: verdict.reason, atMs: now, untilMs: verdict.untilMs, skipped });
        if (skipped) {
          ({ state, command } = record(advance(plan, state, { kind: 'acted', nowMs: now })));
          continue;
        }
        // Deferred: a timer in the workflow, which only an exit event cuts short; then the send is judged again.
        const exit = events.findIndex(
          (e, i) => i >= cursor && at(e) <= Math.min(verdict.untilMs, endMs) && isExitEvent(plan, e),
        );
        if (exit >= 0) {
          const event = events[exit];
          cursor = exit + 1;
          now = event ? at(event) : now;
          ({ state, command } = exitOn(state));
        } else if (verdict.untilMs > endMs) {
          run.waitingAt = command.stepId;
          break;
        } else now = verdict.untilMs;
        continue;
      }
    }
    if (command.kind === 'act') {
      // Each action type says what it does to a simulated customer; one without a simulate hook changes nothing.
      const def = nodes.get(command.nodeType);
      const effect = def?.kind === 'action' && def.simulate ? def.simulate(command.config, state.traits, customer) : {};
      if (effect.email !== undefined) run.emails.push({ stepId: command.stepId, template: effect.email, atMs: now });
      if (effect.email !== undefined && group !== TRANSACTIONAL_GROUP)
        counted.push({ atMs: now, group: group ?? null });
      const answer: Input = {
        kind: 'acted',
        nowMs: now,
        ...(effect.traits ? { traits: effect.traits } : {}),
        ...(effect.branch === undefined ? {} : { branch: effect.branch }),
      };
      ({ state, command } = record(advance(plan, state, answer)));
      continue;
    }
    // A sleep or a wait: walk through the events due before it ends.
    const until = command.kind === 'sleep' ? command.untilMs : command.deadlineMs;
    let answered = false;
    while (!answered && cursor < events.length) {
      const event = events[cursor];
      if (!event || at(event) > until || at(event) > endMs) break;
      const source = scripted[cursor]?.source;
      cursor += 1;
      if (source && !happens(source, run.exposures)) continue;
      now = at(event);
      if (isExitEvent(plan, event)) {
        ({ state, command } = exitOn(state));
        answered = true;
      } else if (command.kind === 'wait' && matchesEvent(command.match, event)) {
        ({ state, command } = record(advance(plan, state, { kind: 'event', nowMs: now, event })));
        answered = true;
      }
    }
    if (answered) continue;
    if (until > endMs) {
      run.waitingAt = command.stepId;
      break;
    }
    now = until;
    ({ state, command } = record(
      advance(plan, state, command.kind === 'sleep' ? { kind: 'timer', nowMs: now } : { kind: 'timeout', nowMs: now }),
    ));
  }
  if (command.kind === 'exit') run.exit = { reason: command.reason, stepId: command.stepId, atMs: now };
  run.traits = state.traits;
  return run;
}
