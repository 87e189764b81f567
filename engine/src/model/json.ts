/** True for a plain JSON object (not null, not an array): what a journey config, traits or event properties are. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
