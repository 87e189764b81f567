import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, LogLevel, temporalLevelOf, temporalLogger } from '../../../engine/src/observability/index.ts';

/** A logger at `level` writing into an array of parsed JSON lines. */
function capture(level: 'info' | 'warn' | 'debug') {
  const lines: Array<Record<string, unknown>> = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean))
        lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { lines, logger: createLogger({ level, secrets: ['apiKey'], destination }) };
}

describe('the Temporal SDK logger', () => {
  it('writes each SDK message as one JSON line at its level, with its metadata and component "temporal"', () => {
    const { lines, logger } = capture('info');
    const sdk = temporalLogger(logger);
    sdk.info('Worker state changed', { sdkComponent: 'worker', taskQueue: 'boomerang', state: 'RUNNING' });
    sdk.log('WARN', 'Activity failed', { error: new Error('smtp down'), [Symbol('ts')]: 1n });
    sdk.debug('below the level', {});
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({
      level: 'info',
      msg: 'Worker state changed',
      component: 'temporal',
      sdkComponent: 'worker',
      taskQueue: 'boomerang',
      state: 'RUNNING',
    });
    expect(lines[1]).toMatchObject({ level: 'warn', msg: 'Activity failed', err: { message: 'smtp down' } });
  });

  it('keeps secrets out of SDK lines too', () => {
    const { lines, logger } = capture('info');
    temporalLogger(logger).error('connect failed', { apiKey: 'tmprl_secret_value' });
    expect(lines[0]).toMatchObject({ level: 'error', apiKey: '[secret]' });
  });

  it('maps LOG_LEVEL to the SDK level', () => {
    expect(LogLevel.options.map(temporalLevelOf)).toEqual([
      'ERROR',
      'ERROR',
      'WARN',
      'INFO',
      'DEBUG',
      'TRACE',
      'ERROR',
    ]);
  });
});
