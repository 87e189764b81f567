import type { ExpectedEmail } from './tally.ts';

/** The journey every chaos scenario runs: three emails a few seconds apart, each named by its subject. */
export function chaosDrip(delaySeconds: number) {
  const email = (n: number) => ({
    id: `email-${n}`,
    type: 'send-email',
    config: { template: `drip-${n}`, subject: dripSubject(n) },
  });
  const pause = (n: number) => ({
    id: `pause-${n}`,
    type: 'delay',
    config: { mode: 'duration', amount: delaySeconds, unit: 'seconds' },
  });
  return {
    id: 'chaos-drip',
    name: 'Chaos drip',
    settings: { reEntry: 'never' },
    nodes: [
      { id: 'signed-up', type: 'event-trigger', config: { event: 'Signed Up' } },
      email(1),
      pause(1),
      email(2),
      pause(2),
      email(3),
    ],
    edges: [
      { from: 'signed-up', to: 'email-1' },
      { from: 'email-1', to: 'pause-1' },
      { from: 'pause-1', to: 'email-2' },
      { from: 'email-2', to: 'pause-2' },
      { from: 'pause-2', to: 'email-3' },
    ],
  };
}

/** How many emails the drip sends each customer. */
export const DRIP_EMAILS = 3;

/** The subject of the drip's n-th email (1-based). */
export function dripSubject(n: number): string {
  return `Chaos drip ${n}`;
}

/** The subject of the email a drip step sends (`email-2` -> "Chaos drip 2"). */
export function subjectOfStep(stepId: string): string {
  return dripSubject(Number(stepId.replace('email-', '')));
}

/** The customers of a scenario: ids and addresses, in order. */
export function customersOf(prefix: string, count: number): Array<{ userId: string; email: string }> {
  return Array.from({ length: count }, (_, i) => {
    const userId = `${prefix}-${String(i).padStart(4, '0')}`;
    return { userId, email: `${userId}@example.com` };
  });
}

/** Every email the drip should send to these customers. */
export function expectedEmails(customers: Array<{ email: string }>): ExpectedEmail[] {
  return customers.flatMap((c) =>
    Array.from({ length: DRIP_EMAILS }, (_, i) => ({ recipient: c.email, subject: dripSubject(i + 1) })),
  );
}

/** A customer's sign-up as two Segment calls (identify with the address, then the trigger), with fixed messageIds. */
export function signUpCalls(c: { userId: string; email: string }) {
  return [
    {
      type: 'identify',
      userId: c.userId,
      messageId: `${c.userId}-identify`,
      traits: { email: c.email, firstName: c.userId },
    },
    { type: 'track', userId: c.userId, messageId: `${c.userId}-signup`, event: 'Signed Up' },
  ];
}
