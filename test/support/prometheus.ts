// A small reader of the Prometheus text exposition format (version 0.0.4), written from its
// specification rather than taken from prom-client, so the test checks what a scraper would read.

/** One sample line: the series name (with any _bucket/_count/_sum suffix), its labels and value. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+-?\d+)?$/;
const LABEL = /\s*([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"\s*,?/y;
const unescape = (v: string) => v.replace(/\\(.)/g, (_m, c: string) => (c === 'n' ? '\n' : c));

/** A sample value as Prometheus reads it (Go's ParseFloat: NaN and Inf in any case, signed). */
function number(text: string): number | undefined {
  const word = text.toLowerCase();
  if (word === 'nan') return NaN;
  if (/^[+-]?inf(inity)?$/.test(word)) return word.startsWith('-') ? -Infinity : Infinity;
  const n = Number(text);
  return Number.isNaN(n) ? undefined : n;
}

/** Every sample of a scrape; throws naming the line when one is not valid exposition format. */
export function parseExposition(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const [i, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const m = LINE.exec(line);
    if (!m) throw new Error(`line ${i + 1} is not a sample: ${line}`);
    const labels: Record<string, string> = {};
    const body = m[2] ?? '';
    LABEL.lastIndex = 0;
    while (LABEL.lastIndex < body.length) {
      const l = LABEL.exec(body);
      if (!l) throw new Error(`line ${i + 1} has malformed labels: ${line}`);
      labels[l[1]!] = unescape(l[2]!);
    }
    const value = number(m[3]!);
    if (value === undefined) throw new Error(`line ${i + 1} has no number: ${line}`);
    samples.push({ name: m[1]!, labels, value });
  }
  return samples;
}

/** Scrapes `url`/metrics with `token` (if any): the status, and the samples when it answered 200. */
export async function scrape(url: string, token?: string): Promise<{ status: number; samples: Sample[] }> {
  const res = await fetch(`${url}/metrics`, token ? { headers: { authorization: `Bearer ${token}` } } : {});
  const text = await res.text();
  return { status: res.status, samples: res.status === 200 ? parseExposition(text) : [] };
}

/** The sum of the samples of series `name` whose labels include `labels` (undefined when there is none). */
export function valueOf(samples: Sample[], name: string, labels: Record<string, string> = {}): number | undefined {
  const found = samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  return found.length ? found.reduce((sum, s) => sum + s.value, 0) : undefined;
}
