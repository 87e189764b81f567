import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import type { Logger } from 'pino';
import { countActivityFailure } from './metrics.ts';

/** The journey and customer an activity's input names, when it names them. */
function journeyAndCustomer(args: readonly unknown[]): { journeyId?: string; userId?: string } {
  const input = args[0];
  const fields: { journeyId?: string; userId?: string } = {};
  if (input && typeof input === 'object') {
    if ('journeyId' in input && typeof input.journeyId === 'string') fields.journeyId = input.journeyId;
    if ('userId' in input && typeof input.userId === 'string') fields.userId = input.userId;
  }
  return fields;
}

/** A worker interceptor that counts each failed activity attempt (boomerang_activity_failures_total) and logs it. */
export function activityFailures(logger: Logger): ActivityInterceptorsFactory {
  return (ctx) => ({
    inbound: {
      async execute(input, next) {
        try {
          return await next(input);
        } catch (error) {
          const { activityType, attempt, workflowExecution } = ctx.info;
          countActivityFailure(activityType);
          logger.warn(
            {
              err: error,
              activity: activityType,
              attempt,
              workflowId: workflowExecution?.workflowId,
              ...journeyAndCustomer(input.args),
            },
            `activity ${activityType} failed (attempt ${attempt}); Temporal retries it`,
          );
          throw error;
        }
      },
    },
  });
}
