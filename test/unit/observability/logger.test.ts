import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { secretNames } from '../../../engine/src/config/index.ts';
import { createLogger } from '../../../engine/src/observability/index.ts';

/** A logger writing into an array of parsed lines. */
function capture(level: 'info' | 'warn' = 'info') {
  const lines: Array<Record<string, unknown>> = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { logger: createLogger({ level, secrets: secretNames(), destination }), lines };
}

describe('the JSON logger', () => {
  it('censors secret fields at the top and one level down, keeping the others', () => {
    const { logger, lines } = capture();
    logger.info(
      { writeKey: 'wk_live_123', config: { adminToken: 'adm_456', port: 3000 }, ADMIN_TOKEN: 'adm_789', userId: 'ada' },
      'hello',
    );
    logger.flush();
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'info',
        msg: 'hello',
        writeKey: '[secret]',
        config: { adminToken: '[secret]', port: 3000 },
        ADMIN_TOKEN: '[secret]',
        userId: 'ada',
      }),
    ]);
  });

  it('writes nothing below its level', () => {
    const { logger, lines } = capture('warn');
    logger.info('not written');
    logger.warn('written');
    logger.flush();
    expect(lines.map((l) => l.msg)).toEqual(['written']);
  });
});
