import { Router } from 'express';
import { starterJourneys } from '../starters/index.ts';

/** The starter library (templates/journeys), for "create from a starter". */
export function starterRoutes(): Router {
  const router = Router();
  router.get('/v1/starters', (_req, res) => {
    res.json({ starters: starterJourneys() });
  });
  return router;
}
