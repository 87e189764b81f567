import { useEffect } from 'react';
import { useCatalog } from '../api/catalog.ts';
import { currentJourney, useJourney } from '../journey/store.ts';
import { checkHere, checkOnServer, typesOnlyOnServer } from './check.ts';
import { useProblems } from './problems.ts';

const SERVER_DELAY_MS = 400;

/** Re-validates the open journey after every edit and publishes the result to the problems list. */
export function useLiveValidation(): void {
  const revision = useJourney((s) => s.revision);
  const opened = useJourney((s) => s.opened);
  const templates = useCatalog((s) => s.templates);
  useEffect(() => {
    const journey = currentJourney(useJourney.getState());
    const templateIds = templates.length > 0 ? new Set(templates.map((t) => t.id)) : undefined;
    if (typesOnlyOnServer(journey).length === 0) {
      useProblems.getState().show(checkHere(journey, templateIds));
      return;
    }
    // Until the server answers, keep the local result minus the false "not installed" alarms.
    const local = checkHere(journey, templateIds).filter((v) => v.code !== 'unknown-node-type');
    useProblems.getState().show(local, true);
    let current = true;
    const timer = setTimeout(() => {
      checkOnServer(journey).then(
        ({ violations, summaries }) => {
          if (current) useProblems.getState().show(violations, false, summaries);
        },
        () => {
          if (current) useProblems.getState().show(local);
        },
      );
    }, SERVER_DELAY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [revision, opened, templates]);
}
