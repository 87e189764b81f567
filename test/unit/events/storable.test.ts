import { describe, expect, it } from 'vitest';
import { unstorableText } from '../../../engine/src/events/index.ts';

describe('text that Postgres cannot store', () => {
  it('names the path of a NUL character and of a lone surrogate, in keys and values, in objects and lists', () => {
    const problems = unstorableText(
      JSON.parse('{"a":{"b":["ok","x\\u0000y"]},"c":"\\ud800","d\\u0000":1,"e":"\\ud83d\\ude00"}'),
      'properties',
    );
    expect(problems.map((p) => p.path)).toEqual(['properties.a.b.1', 'properties.c', 'properties.d\\u0000']);
    expect(problems[0]?.message).toMatch(/NUL/);
    expect(problems[1]?.message).toMatch(/surrogate/);
  });

  it('accepts ordinary text, emoji (a proper surrogate pair), numbers, booleans and null', () => {
    expect(unstorableText({ name: 'Zoë 😀', n: 1e308, ok: true, none: null, list: [1, 'two'] })).toEqual([]);
  });
});
