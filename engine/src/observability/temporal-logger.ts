import type { LogLevel as TemporalLogLevel, LogMetadata, Logger as TemporalLogger } from '@temporalio/worker';
import type { Logger } from 'pino';
import type { LogLevel } from './logger.ts';

/** The Temporal SDK level that matches LOG_LEVEL (the SDK has no fatal or silent: those keep errors only). */
export function temporalLevelOf(level: LogLevel): TemporalLogLevel {
  const levels: Record<LogLevel, TemporalLogLevel> = {
    fatal: 'ERROR',
    error: 'ERROR',
    warn: 'WARN',
    info: 'INFO',
    debug: 'DEBUG',
    trace: 'TRACE',
    silent: 'ERROR',
  };
  return levels[level];
}

/** The SDK's metadata as log fields: an `error` becomes pino's `err` (serialised with its stack); symbol keys are dropped. */
function fieldsOf(meta: LogMetadata | undefined): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  if (!meta) return fields;
  for (const [key, value] of Object.entries(meta)) fields[key === 'error' ? 'err' : key] = value;
  return fields;
}

/**
 * The Temporal SDK's Runtime logger writing into `logger`, one JSON line per SDK message (worker state,
 * workflow and activity context logs, and the Core's own lines when they are forwarded), tagged `component: temporal`.
 */
export function temporalLogger(logger: Logger): TemporalLogger {
  const sdk = logger.child({ component: 'temporal' });
  const write = (level: TemporalLogLevel, message: string, meta?: LogMetadata): void => {
    const fields = fieldsOf(meta);
    if (level === 'TRACE') sdk.trace(fields, message);
    else if (level === 'DEBUG') sdk.debug(fields, message);
    else if (level === 'INFO') sdk.info(fields, message);
    else if (level === 'WARN') sdk.warn(fields, message);
    else sdk.error(fields, message);
  };
  return {
    log: write,
    trace: (message, meta) => write('TRACE', message, meta),
    debug: (message, meta) => write('DEBUG', message, meta),
    info: (message, meta) => write('INFO', message, meta),
    warn: (message, meta) => write('WARN', message, meta),
    error: (message, meta) => write('ERROR', message, meta),
  };
}
