import { create } from 'zustand';
import type { Violation } from '@boomerang/engine/journey';

/** The journey's current violations, and which node each one is on. */
interface Problems {
  violations: Violation[];
  /** True while the server is checking node types this browser does not have. */
  checking: boolean;
  byNode: Map<string, Violation[]>;
  /** The server's one-line summaries of the nodes it checked (for node types this browser does not have). */
  serverSummaries: Record<string, string>;
  show(violations: Violation[], checking?: boolean, serverSummaries?: Record<string, string>): void;
}

/** Groups violations by the node they are on; journey-wide ones are left out. */
export function violationsByNode(violations: readonly Violation[]): Map<string, Violation[]> {
  const byNode = new Map<string, Violation[]>();
  for (const v of violations) if (v.nodeId !== null) byNode.set(v.nodeId, [...(byNode.get(v.nodeId) ?? []), v]);
  return byNode;
}

/** The problems list every part of the journey page reads. */
export const useProblems = create<Problems>((set) => ({
  violations: [],
  checking: false,
  byNode: new Map(),
  serverSummaries: {},
  show: (violations, checking = false, serverSummaries) =>
    set({
      violations,
      checking,
      byNode: violationsByNode(violations),
      ...(serverSummaries ? { serverSummaries } : {}),
    }),
}));

/** The inline error of one form field: the violation whose path ends in `.config.<field>` (or deeper). */
export function fieldError(violations: readonly Violation[], field: string): string | undefined {
  const hit = violations.find((v) => v.path !== undefined && new RegExp(`\\.config\\.${field}(\\.|$)`).test(v.path));
  return hit
    ? inWords(hit.message.replace(/^"[^"]*" \([^)]*\): /, '').replace(new RegExp(`^${field}(\\.[\\w.]+)?: `), ''))
    : undefined;
}

/** zod's wording for a missing value or a wrong choice, said the way a form says it. */
function inWords(message: string): string {
  if (/received undefined$/.test(message)) return 'required';
  const choice = /^Invalid option: expected one of (.*)$/.exec(message);
  return choice?.[1] ? `choose one of ${choice[1].replace(/"/g, '').split('|').join(', ')}` : message;
}
