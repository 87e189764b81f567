// Limits the Temporal server enforces by default (dynamic config `limit.maxIDLength` and
// `limit.blobSize.error`). Checking them before a call turns a refusal deep in the server into a
// clear reason the operator can read in the dead-letter list.

/** Longest workflow id Temporal accepts, in bytes. */
export const MAX_WORKFLOW_ID_BYTES = 1000;
/** Largest payload (workflow input, signal argument) Temporal accepts, in bytes. */
export const MAX_PAYLOAD_BYTES = 2 * 1024 * 1024;

/** Why Temporal would refuse to start or signal `workflowId` with `payloads`, or undefined when it would not. */
export function temporalRefusal(workflowId: string, payloads: unknown[]): string | undefined {
  const idBytes = Buffer.byteLength(workflowId);
  if (idBytes > MAX_WORKFLOW_ID_BYTES) {
    return `the workflow id would be ${idBytes} bytes long and Temporal accepts at most ${MAX_WORKFLOW_ID_BYTES} (it starts "${workflowId.slice(0, 80)}..."); shorten the correlation key or the user id`;
  }
  for (const payload of payloads) {
    const bytes = Buffer.byteLength(JSON.stringify(payload) ?? '');
    if (bytes > MAX_PAYLOAD_BYTES)
      return `the workflow payload would be ${bytes} bytes and Temporal accepts at most ${MAX_PAYLOAD_BYTES}`;
  }
  return undefined;
}
