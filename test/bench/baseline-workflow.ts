/** The smallest possible workflow: the benchmark's baseline for what Temporal itself costs per run. */
export async function emptyWorkflow(): Promise<string> {
  return 'done';
}
