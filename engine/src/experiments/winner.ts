import {
  findDecision,
  findJourney,
  liveVersions,
  publishVersion,
  recordDecision,
  saveDraft,
  type Database,
} from '../db/index.ts';
import { Plan, splitsOf, type SplitStep } from '../interpreter/index.ts';
import { compile, Journey } from '../compiler/index.ts';
import type { NodeRegistry } from '../nodes/index.ts';
import { splitResults } from './results.ts';

/** A winner published automatically. */
export interface AutomaticWinner {
  journeyId: string;
  splitId: string;
  winner: string;
  publishedVersion: number;
  verdict: string;
}

/** The graph with the split's winner set: new entrants go to the winner; nothing else changes. */
function withWinner(graph: Journey, splitId: string, winner: string): Journey {
  return {
    ...graph,
    nodes: graph.nodes.map((n) =>
      n.id === splitId && n.type === 'split' ? { ...n, config: { ...n.config, winner } } : n,
    ),
  };
}

/**
 * For every live journey whose splits opted in to an automatic winner: when the fixed-horizon rule
 * is met and a winner passes the guardrail, publishes the live version again with the split routing
 * new entrants to the winner (in-flight customers keep their pinned plan and arm), and records the
 * decision with its numbers. The draft's split gets the winner too, so the next publish keeps it.
 */
export async function applyAutomaticWinners(
  db: Database,
  registry: NodeRegistry,
  nowMs: number,
  onlyJourney?: string,
): Promise<AutomaticWinner[]> {
  const decided: AutomaticWinner[] = [];
  for (const live of await liveVersions(db)) {
    if (onlyJourney !== undefined && live.journeyId !== onlyJourney) continue;
    const plan = Plan.parse(live.plan);
    const candidates = splitsOf(plan).filter((s: SplitStep) => s.autoWinner && s.winner === null);
    if (candidates.length === 0 || !plan.goal) continue;
    let graph = Journey.parse(live.graph);
    const winners: Array<{ step: SplitStep; winner: string; verdict: string; numbers: unknown; key: string }> = [];
    for (const step of candidates) {
      const results = await splitResults(db, plan, step, plan.goal, nowMs);
      const analysis = results.analysis;
      if (analysis?.status !== 'winner' || analysis.winner === null || (await findDecision(db, results.experimentKey)))
        continue;
      graph = withWinner(graph, step.id, analysis.winner);
      winners.push({
        step,
        winner: analysis.winner,
        verdict: analysis.verdict,
        key: results.experimentKey,
        numbers: {
          arms: analysis.arms,
          stopping: analysis.stopping,
          sampleRatio: analysis.sampleRatio,
          decidedAt: new Date(nowMs).toISOString(),
        },
      });
    }
    if (winners.length === 0) continue;
    const note = winners.map((w) => `Automatic winner of "${w.step.id}": ${w.verdict}`).join(' ');
    const final = graph;
    const version = await publishVersion(
      db,
      live.journeyId,
      final,
      (v) => compile(final, { registry, version: v }),
      note.slice(0, 500),
    );
    for (const w of winners) {
      await recordDecision(db, {
        experimentKey: w.key,
        journeyId: live.journeyId,
        splitId: w.step.id,
        winner: w.winner,
        publishedVersion: version,
        numbers: w.numbers,
      });
      decided.push({
        journeyId: live.journeyId,
        splitId: w.step.id,
        winner: w.winner,
        publishedVersion: version,
        verdict: w.verdict,
      });
    }
    const journey = await findJourney(db, live.journeyId);
    const draft = Journey.safeParse(journey?.draft);
    if (journey && draft.success) {
      const patched = winners.reduce((g, w) => withWinner(g, w.step.id, w.winner), draft.data);
      await saveDraft(db, journey.id, journey.name, patched);
    }
  }
  return decided;
}
