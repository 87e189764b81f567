import { z } from 'zod';
import { armsFingerprint, armsWithHoldout, HOLDOUT } from '../../interpreter/index.ts';
import { plannedPerArm } from '../../metrics/experiment.ts';
import { defineFlow } from '../define.ts';

const VariantName = z.string().regex(/^[a-z0-9][a-z0-9-]{0,31}$/, 'use 1 to 32 lowercase letters, digits or "-"');

const config = z
  .object({
    variants: z
      .array(z.object({ name: VariantName, weight: z.number().int().min(1).max(1000).default(1) }))
      .min(2)
      .max(10),
    /** Share of the holdout arm, on the same scale as the variants' weights; 0 means no holdout. */
    holdout: z.number().int().min(0).max(1000).default(0),
    /** The conversion rate expected in the control arm: plans the sample size. */
    baselineRate: z.number().gt(0).lt(1).default(0.1),
    /** The smallest absolute lift worth detecting (0.02 = +2 points): plans the sample size. */
    minimumDetectableEffect: z.number().gt(0).lt(1).default(0.02),
    /** Publish a new version sending new entrants to the winner once the stopping rule is met. */
    autoWinner: z.boolean().default(false),
    /** Set when a winner was chosen: new entrants all go there and are no longer part of the test. */
    winner: VariantName.optional(),
  })
  .superRefine((c, ctx) => {
    const seen = new Set<string>();
    c.variants.forEach((v, i) => {
      if (v.name === HOLDOUT)
        ctx.addIssue({
          code: 'custom',
          path: ['variants', i, 'name'],
          message: `"${HOLDOUT}" is the name of the holdout arm; call the variant something else`,
        });
      if (seen.has(v.name))
        ctx.addIssue({ code: 'custom', path: ['variants', i, 'name'], message: `two variants are called "${v.name}"` });
      seen.add(v.name);
    });
    if (c.winner !== undefined && !seen.has(c.winner))
      ctx.addIssue({
        code: 'custom',
        path: ['winner'],
        message: `the winner "${c.winner}" is not one of the variants`,
      });
    if (c.baselineRate + c.minimumDetectableEffect >= 1)
      ctx.addIssue({
        code: 'custom',
        path: ['minimumDetectableEffect'],
        message: 'the baseline rate plus the effect must stay below 100%',
      });
  });

/** Sends each customer down one variant of an A/B test (or into a holdout), stickily. */
export const split = defineFlow({
  type: 'split',
  version: 1,
  label: 'A/B split',
  group: 'Logic',
  icon: 'git-fork',
  description:
    'Splits customers at random, but stickily, between 2 to 10 variants (and an optional holdout that gets nothing further), to test which works better against the journey goal.',
  configSchema: config,
  branches: [],
  summary: (c) => {
    const total = c.variants.reduce((s, v) => s + v.weight, 0) + c.holdout;
    const share = (w: number) => `${Math.round((100 * w) / total)}%`;
    const arms = c.variants.map((v) => `${v.name} ${share(v.weight)}`).join(' / ');
    const planned = plannedPerArm(c, c.variants.length - (c.holdout > 0 ? 0 : 1));
    return c.winner
      ? `Winner: ${c.winner} (test over)`
      : `Split ${arms}${c.holdout > 0 ? ` / holdout ${share(c.holdout)}` : ''}; needs ${planned.toLocaleString('en-US')} customers per arm`;
  },
  branchesFrom: { list: 'variants', name: 'name' },
  toStep: (c, ctx) => ({
    kind: 'split',
    id: ctx.nodeId,
    fingerprint: armsFingerprint(armsWithHoldout(c.variants, c.holdout)),
    arms: c.variants.map((v) => ({ name: v.name, weight: v.weight, next: ctx.next(v.name) })),
    holdout: c.holdout,
    winner: c.winner ?? null,
    baselineRate: c.baselineRate,
    minimumDetectableEffect: c.minimumDetectableEffect,
    autoWinner: c.autoWinner,
  }),
});
