import type { Problem } from './segment.ts';

// Postgres' jsonb (and text) refuse two kinds of string that JSON allows: the NUL character
// (U+0000) and lone UTF-16 surrogates (\ud800 without its pair). Both are found, with the path
// where they sit, before anything is written, so a refusal names the field instead of failing a batch.

const NUL = '\u0000';
/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function unstorable(text: string): string | undefined {
  if (text.includes(NUL)) return 'contains the NUL character (\\u0000), which the database cannot store';
  if (LONE_SURROGATE.test(text))
    return 'contains a lone UTF-16 surrogate (such as \\ud800), which is not valid Unicode';
  return undefined;
}

/**
 * Every string (object key or value) under `value` that Postgres cannot store, each with its dotted
 * path below `prefix`. Empty when the value can be stored as it is.
 * @example unstorableText({ a: 'x\u0000' }, 'properties') // [{ path: 'properties.a', message: '...' }]
 */
export function unstorableText(value: unknown, prefix = ''): Problem[] {
  const problems: Problem[] = [];
  const join = (path: string, key: string | number) => (path ? `${path}.${key}` : String(key));
  const visit = (v: unknown, path: string) => {
    if (typeof v === 'string') {
      const why = unstorable(v);
      if (why) problems.push({ path: path || '(body)', message: `the text ${why}` });
    } else if (Array.isArray(v)) {
      v.forEach((item, i) => visit(item, join(path, i)));
    } else if (v !== null && typeof v === 'object') {
      for (const [key, item] of Object.entries(v)) {
        const why = unstorable(key);
        if (why)
          problems.push({ path: join(path, JSON.stringify(key).slice(1, -1)), message: `the field name ${why}` });
        visit(item, join(path, key));
      }
    }
  };
  visit(value, prefix);
  return problems;
}
