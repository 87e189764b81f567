import type { EventMatch, JourneyEvent } from '../model/index.ts';
import { assignArm, experimentKey, journeyHoldoutKey } from './assignment.ts';
import { customerZone, nextLocalTime } from './local-time.ts';
import { matchesEvent, matchesFilter } from './match.ts';
import type { ActionStep, Plan, SplitStep, Step, StepId } from './plan.ts';
import { armsWithHoldout, HOLDOUT } from './split-arms.ts';

/** Where one customer's run stands; plain JSON so a workflow or a simulator can hold it. */
export interface RunState {
  /** The step whose command is outstanding; null once the run has ended. */
  stepId: StepId | null;
  visits: Record<StepId, number>;
  traits: Record<string, unknown>;
  trigger: JourneyEvent;
  /** The event the last wait received (conditions can branch on it, e.g. an NPS score). */
  received?: JourneyEvent;
  path: StepId[];
  /** Whose run this is; splits need it to assign an arm. */
  userId?: string;
}

/** Why a run ended. */
export type ExitReason = 'completed' | 'exit-node' | 'exit-on' | 'failed' | 'holdout';

/** What the driver must do next; its answer comes back as an Input. */
export type Command =
  | { kind: 'sleep'; stepId: StepId; untilMs: number }
  | { kind: 'wait'; stepId: StepId; match: EventMatch; deadlineMs: number }
  | {
      kind: 'act';
      stepId: StepId;
      nodeType: string;
      activity: string;
      config: Record<string, unknown>;
      /** How many times this step has been entered in this run, 1-based: part of the idempotency key. */
      iteration: number;
      startToCloseTimeoutMs: number;
      maximumAttempts: number;
      retry?: ActionStep['retry'];
      /** How long the attempts may go on in all; absent: only maximumAttempts bounds them. */
      retryForMs?: number;
    }
  | { kind: 'exit'; stepId: StepId | null; reason: ExitReason }
  /**
   * The customer reached a split and landed in `variant` (or, with `stepId` the trigger, entered a journey
   * with a holdout, as "entrants" or "holdout"): record the exposure, then answer `exposed`.
   */
  | { kind: 'expose'; stepId: StepId; experimentKey: string; variant: string };

/** The answer to the outstanding command. */
export type Input =
  | { kind: 'timer'; nowMs: number }
  | { kind: 'event'; nowMs: number; event: JourneyEvent }
  | { kind: 'timeout'; nowMs: number }
  /** `branch`: the branch an action that answers with one chose (see ActionStep.branches). */
  | { kind: 'acted'; nowMs: number; traits?: Record<string, unknown>; branch?: string }
  /**
   * The action gave up: `failed` (its attempts ran out or it was refused for good) follows the step's
   * onFailure; `in-doubt` (an email that may have left) always goes on, as if it had been sent.
   */
  | { kind: 'failed'; nowMs: number; outcome: 'failed' | 'in-doubt' }
  | { kind: 'exposed'; nowMs: number };

/** One arrow followed, for per-edge counts. */
export interface Move {
  from: StepId;
  to: StepId;
  branch: string;
}

/** A new state, the command it is waiting on, and the arrows followed to get there. */
export interface Transition {
  state: RunState;
  command: Command;
  moves: Move[];
}

// The validator rejects cycles without a pause; this only catches a plan that bypassed it.
const MAX_INSTANT_STEPS = 1000;

/** The arm of a split a customer lands in, and the experiment key it was drawn with. */
export function armOf(
  plan: Plan,
  step: SplitStep,
  userId: string | undefined,
): { experimentKey: string; variant: string } {
  if (userId === undefined) throw new Error(`Split "${step.id}" needs the customer's userId; pass it to begin()`);
  const key = experimentKey(plan.journeyId, step.id, step.fingerprint);
  return { experimentKey: key, variant: assignArm(key, userId, armsWithHoldout(step.arms, step.holdout)) };
}

function stepOf(plan: Plan, id: StepId): Step {
  const step = plan.steps[id];
  if (!step) throw new Error(`The plan has no step "${id}"`);
  return step;
}

/** Enters `target` (reached from `from` by `branch`) and runs instant steps until a command is due. */
function enter(
  plan: Plan,
  start: RunState,
  from: StepId,
  branch: string,
  target: StepId | null,
  nowMs: number,
): Transition {
  const state: RunState = { ...start, visits: { ...start.visits }, path: [...start.path] };
  const moves: Move[] = [];
  let previous = from;
  let via = branch;
  let next = target;
  for (let count = 0; count <= MAX_INSTANT_STEPS; count += 1) {
    if (next === null) {
      state.stepId = null;
      return { state, command: { kind: 'exit', stepId: previous, reason: 'completed' }, moves };
    }
    moves.push({ from: previous, to: next, branch: via });
    const step = stepOf(plan, next);
    const iteration = (state.visits[step.id] ?? 0) + 1;
    state.visits[step.id] = iteration;
    state.path.push(step.id);
    state.stepId = step.id;
    switch (step.kind) {
      case 'delay': {
        const untilMs = step.duration
          ? nowMs + step.duration.ms
          : nextLocalTime(
              nowMs,
              step.untilTime?.time ?? '00:00',
              step.untilTime?.weekdays ?? [],
              customerZone(state.traits, plan.timezone),
            );
        return { state, command: { kind: 'sleep', stepId: step.id, untilMs }, moves };
      }
      case 'wait':
        return {
          state,
          command: { kind: 'wait', stepId: step.id, match: step.match, deadlineMs: nowMs + step.timeoutMs },
          moves,
        };
      case 'action': {
        const { nodeType, activity, config, startToCloseTimeoutMs, maximumAttempts, retry, retryForMs } = step;
        const command: Command = {
          kind: 'act',
          stepId: step.id,
          nodeType,
          activity,
          config,
          iteration,
          startToCloseTimeoutMs,
          maximumAttempts,
          ...(retry ? { retry } : {}),
          ...(retryForMs === undefined ? {} : { retryForMs }),
        };
        return { state, command, moves };
      }
      case 'exit':
        state.stepId = null;
        return { state, command: { kind: 'exit', stepId: step.id, reason: 'exit-node' }, moves };
      case 'split': {
        const winner = step.winner === null ? undefined : step.arms.find((a) => a.name === step.winner);
        if (!winner)
          return { state, command: { kind: 'expose', stepId: step.id, ...armOf(plan, step, state.userId) }, moves };
        previous = step.id;
        via = winner.name;
        next = winner.next;
        break;
      }
      case 'branch': {
        const record =
          step.source === 'trigger'
            ? state.trigger.properties
            : step.source === 'received'
              ? (state.received?.properties ?? {})
              : state.traits;
        const yes = matchesFilter(step.filter, record);
        previous = step.id;
        via = yes ? 'yes' : 'no';
        next = yes ? step.yes : step.no;
        break;
      }
    }
  }
  throw new Error(`More than ${MAX_INSTANT_STEPS} steps in a row without a pause; the plan loops instantly`);
}

/** The group of a journey with a holdout a customer falls in: "entrants" take the journey, "holdout" gets nothing. */
export function journeyGroupOf(
  plan: Plan,
  userId: string | undefined,
): { experimentKey: string; variant: 'entrants' | 'holdout' } | undefined {
  if (!plan.holdout) return undefined;
  if (userId === undefined)
    throw new Error(`Journey "${plan.journeyId}" has a holdout and needs the customer's userId; pass it to begin()`);
  const key = journeyHoldoutKey(plan.journeyId);
  const variant = assignArm(key, userId, [
    { name: 'entrants', weight: 100 - plan.holdout },
    { name: HOLDOUT, weight: plan.holdout },
  ]);
  return { experimentKey: key, variant: variant === HOLDOUT ? 'holdout' : 'entrants' };
}

/**
 * Starts a customer's run: enters the plan's first step and returns the first command. A journey with a
 * holdout first records which group the customer is in (plans without one start as they always did).
 */
export function begin(
  plan: Plan,
  start: { traits: Record<string, unknown>; trigger: JourneyEvent; nowMs: number; userId?: string },
): Transition {
  const state: RunState = {
    stepId: null,
    visits: {},
    traits: { ...start.traits },
    trigger: start.trigger,
    path: [],
    ...(start.userId === undefined ? {} : { userId: start.userId }),
  };
  const group = journeyGroupOf(plan, start.userId);
  if (group)
    return {
      state: { ...state, stepId: plan.trigger.nodeId },
      command: { kind: 'expose', stepId: plan.trigger.nodeId, ...group },
      moves: [],
    };
  return enter(plan, state, plan.trigger.nodeId, 'next', plan.entry, start.nowMs);
}

/** Feeds the answer to the outstanding command and returns the next command. Throws if the input does not answer it (a driver bug). */
export function advance(plan: Plan, state: RunState, input: Input): Transition {
  if (state.stepId === null) throw new Error('The run has ended; nothing can advance it');
  if (state.stepId === plan.trigger.nodeId && !plan.steps[state.stepId]) {
    // The answer to the journey holdout's exposure: the holdout ends here, entrants take the journey.
    if (input.kind !== 'exposed') throw new Error(`The trigger "${state.stepId}" cannot take a "${input.kind}" input`);
    if (journeyGroupOf(plan, state.userId)?.variant === 'holdout') {
      return {
        state: { ...state, stepId: null },
        command: { kind: 'exit', stepId: state.stepId, reason: 'holdout' },
        moves: [],
      };
    }
    return enter(plan, state, plan.trigger.nodeId, 'next', plan.entry, input.nowMs);
  }
  const step = stepOf(plan, state.stepId);
  const mismatch = () => new Error(`Step "${step.id}" (${step.kind}) cannot take a "${input.kind}" input`);
  switch (step.kind) {
    case 'delay':
      if (input.kind !== 'timer') throw mismatch();
      return enter(plan, state, step.id, 'next', step.next, input.nowMs);
    case 'wait':
      if (input.kind === 'timeout') return enter(plan, state, step.id, 'timeout', step.timeout, input.nowMs);
      if (input.kind !== 'event' || !matchesEvent(step.match, input.event)) throw mismatch();
      return enter(plan, { ...state, received: input.event }, step.id, 'received', step.received, input.nowMs);
    case 'action': {
      if (input.kind === 'failed') {
        if (input.outcome === 'failed' && (step.onFailure ?? 'exit') === 'exit') {
          return {
            state: { ...state, stepId: null },
            command: { kind: 'exit', stepId: step.id, reason: 'failed' },
            moves: [],
          };
        }
        return enter(plan, state, step.id, 'next', step.next, input.nowMs);
      }
      if (input.kind !== 'acted') throw mismatch();
      const traits = input.traits ? { ...state.traits, ...input.traits } : state.traits;
      const [branch, target] = answeredBranch(step, input.branch);
      return enter(plan, { ...state, traits }, step.id, branch, target, input.nowMs);
    }
    case 'split': {
      if (input.kind !== 'exposed') throw mismatch();
      const { variant } = armOf(plan, step, state.userId);
      const arm = step.arms.find((a) => a.name === variant);
      return enter(plan, state, step.id, variant, arm ? arm.next : null, input.nowMs); // the holdout ends the run here
    }
    case 'branch':
    case 'exit':
      throw mismatch();
  }
}

/** The branch an action's answer leads along: the one it names when the step has branches, else `next`. Throws on a branch the step lacks (a node bug). */
function answeredBranch(step: ActionStep, branch: string | undefined): [string, StepId | null] {
  if (!step.branches) return ['next', step.next];
  if (branch === undefined || !Object.hasOwn(step.branches, branch))
    throw new Error(
      `Step "${step.id}" (${step.nodeType}) answered ${branch === undefined ? 'no branch' : `the branch "${branch}"`}; it offers ${Object.keys(step.branches).join(', ')}`,
    );
  return [branch, step.branches[branch] ?? null];
}

/** Ends the run because an exit-on event arrived; the driver calls this, advance never does. */
export function exitOn(state: RunState): { state: RunState; command: Command } {
  return { state: { ...state, stepId: null }, command: { kind: 'exit', stepId: state.stepId, reason: 'exit-on' } };
}
