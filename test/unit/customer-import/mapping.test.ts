import { describe, expect, it } from 'vitest';
import { readCell, resolveMapping, type MappingRequest } from '../../../engine/src/customer-import/index.ts';

// Column mapping and cell types: which trait each column fills, which column names the customer,
// and what a cell's text becomes; the expected values are written out by hand.

const keepAll: MappingRequest = { columns: {}, unmapped: 'keep' };

describe('resolveMapping', () => {
  it('keeps every column under its header name by default, with userId (or user_id) as the key', () => {
    const mapping = resolveMapping(['user_id', 'Email', 'plan'], keepAll);
    expect(mapping).toMatchObject({
      columns: [
        { index: 0, column: 'user_id', trait: 'userId', type: 'string' },
        { index: 1, column: 'Email', trait: 'email', type: 'string' },
        { index: 2, column: 'plan', trait: 'plan', type: 'string' },
      ],
      key: { column: 'user_id' },
      ignored: [],
    });
  });

  it('takes the email column as the key when there is no id column', () => {
    expect(resolveMapping(['email', 'plan'], keepAll)).toMatchObject({ key: { column: 'email', trait: 'email' } });
  });

  it('maps the named columns with their types and ignores the rest when asked', () => {
    const mapping = resolveMapping(['Customer', 'Spent', 'Notes'], {
      columns: { Customer: { trait: 'userId', type: 'number' }, Spent: { trait: 'ltv', type: 'number' } },
      unmapped: 'ignore',
    });
    expect(mapping).toMatchObject({
      columns: [
        { column: 'Customer', trait: 'userId', type: 'string' },
        { column: 'Spent', trait: 'ltv', type: 'number' },
      ],
      ignored: ['Notes'],
    });
  });

  it.each([
    [['plan', 'country'], keepAll, 'header', /no column says who the customer is/],
    [['id', '', 'plan'], keepAll, 'header.2', /column 2 has no name/],
    [['userId', 'plan', 'plan'], keepAll, 'header.plan', /appears twice \(columns 2 and 3\)/],
    [
      ['userId'],
      { columns: { Plan: { trait: 'plan', type: 'string' } }, unmapped: 'keep' },
      'map.Plan',
      /no column "Plan"/,
    ],
    [
      ['userId', 'a', 'b'],
      { columns: { a: { trait: 'x', type: 'string' }, b: { trait: 'x', type: 'string' } }, unmapped: 'keep' },
      'map.b',
      /"a" and "b" both fill the trait "x"/,
    ],
  ] satisfies Array<[string[], MappingRequest, string, RegExp]>)(
    'refuses %j: problem at %s',
    (header, request, path, message) => {
      const result = resolveMapping(header, request);
      expect(result).toHaveProperty('problems');
      expect('problems' in result && result.problems).toContainEqual({ path, message: expect.stringMatching(message) });
    },
  );
});

describe('readCell', () => {
  it.each([
    ['number', '1250', 1250],
    ['number', '-12.5', -12.5],
    ['number', '1e3', 1000],
    ['boolean', 'Yes', true],
    ['boolean', 'FALSE', false],
    ['boolean', '0', false],
    ['date', '2026-01-31', '2026-01-31T00:00:00.000Z'],
    ['date', '2026-01-31T09:30:00+0100', '2026-01-31T08:30:00.000Z'],
    ['date', '2026-01-31T09:30:00', '2026-01-31T09:30:00.000Z'],
    ['string', ' as is ', ' as is '],
  ] as const)('reads %s %j as %j', (type, text, value) => {
    expect(readCell(type, text)).toEqual({ value });
  });

  it.each([
    ['number', '1,250', /"1,250" is not a number/],
    ['number', '12abc', /not a number/],
    ['number', 'Infinity', /not a number/],
    ['boolean', 'maybe', /"maybe" is not true or false/],
    ['date', '31/01/2026', /"31\/01\/2026" is not an ISO 8601 date/],
    ['date', '2026-02-30', /not an ISO 8601 date/],
  ] as const)('refuses %s %j', (type, text, reason) => {
    expect(readCell(type, text)).toEqual({ reason: expect.stringMatching(reason) });
  });
});
