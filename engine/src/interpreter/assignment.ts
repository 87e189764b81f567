// Sticky, deterministic assignment of customers to the arms of a split. Pure and dependency-free so
// the workflow bundle, the simulator and the API compute the very same arm for a customer.

/** UTF-8 bytes of a string (no TextEncoder: not every sandbox has one). */
function utf8(text: string): number[] {
  const bytes: number[] = [];
  for (const char of text) {
    const c = char.codePointAt(0) ?? 0;
    if (c < 0x80) bytes.push(c);
    else if (c < 0x800) bytes.push(0xc0 | (c >> 6), 0x80 | (c & 0x3f));
    else if (c < 0x10000) bytes.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
    else bytes.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 0x3f), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
  }
  return bytes;
}

/**
 * MurmurHash3 x86 32-bit (Austin Appleby's public-domain algorithm) of the UTF-8 bytes of `text`:
 * a well-known, well-mixed non-cryptographic hash, the same value Python's `mmh3.hash(text, seed, signed=False)` gives.
 */
export function murmur3(text: string, seed = 0): number {
  const bytes = utf8(text);
  const c1 = 0xcc9e2d51;
  const c2 = 0x1b873593;
  let h = seed >>> 0;
  const blocks = bytes.length - (bytes.length % 4);
  for (let i = 0; i < blocks; i += 4) {
    let k = (bytes[i] ?? 0) | ((bytes[i + 1] ?? 0) << 8) | ((bytes[i + 2] ?? 0) << 16) | ((bytes[i + 3] ?? 0) << 24);
    k = Math.imul(k, c1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, c2);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  const tail = bytes.length % 4;
  if (tail > 0) {
    let k = 0;
    for (let i = tail - 1; i >= 0; i -= 1) k = (k << 8) | (bytes[blocks + i] ?? 0);
    k = Math.imul(k, c1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, c2);
    h ^= k;
  }
  h ^= bytes.length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** One arm a customer can land in, with its share of traffic. */
export interface Weighted {
  name: string;
  weight: number;
}

/** The fingerprint of a split's arms and weights: it changes exactly when the split itself changes. */
export function armsFingerprint(arms: readonly Weighted[]): string {
  return murmur3(arms.map((a) => `${a.name}=${a.weight}`).join(';'))
    .toString(16)
    .padStart(8, '0');
}

/**
 * The experiment key of a journey's own holdout: one per journey, so a customer held out stays held out
 * across versions and re-entries (changing the share re-draws the boundary, not the hash).
 */
export function journeyHoldoutKey(journeyId: string): string {
  return `${journeyId}:journey-holdout`;
}

/** The experiment key of a split: journey, split node and the fingerprint of its arms. */
export function experimentKey(journeyId: string, splitId: string, fingerprint: string): string {
  return `${journeyId}:${splitId}:${fingerprint}`;
}

/**
 * The arm a customer lands in: murmur3(experimentKey + ":" + userId) read as a point in [0, 1) and
 * looked up on the arms' cumulative weights. The same key and customer always give the same arm.
 */
export function assignArm(key: string, userId: string, arms: readonly Weighted[]): string {
  const total = arms.reduce((s, a) => s + a.weight, 0);
  const point = (murmur3(`${key}:${userId}`) / 4_294_967_296) * total;
  let cumulative = 0;
  for (const arm of arms) {
    cumulative += arm.weight;
    if (point < cumulative) return arm.name;
  }
  const last = arms.at(-1);
  if (!last) throw new Error('A split needs at least one arm');
  return last.name;
}
