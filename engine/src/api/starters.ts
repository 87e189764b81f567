import { z } from 'zod';
import { starterJourneys } from '../starters/index.ts';
import { defineRoute, type Route } from './route.ts';
import { Journey } from './shapes.ts';

/** The starter library (templates/journeys), for "create from a starter". */
export function starterRoutes(): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: '/v1/starters',
      auth: 'admin',
      summary: 'The starter journeys (templates/journeys)',
      canBeUnavailable: false,
      responses: { 200: { description: 'Starter journeys', schema: z.object({ starters: z.array(Journey) }) } },
      handler: ({ res }) => {
        res.json({ starters: starterJourneys() });
      },
    }),
  ];
}
