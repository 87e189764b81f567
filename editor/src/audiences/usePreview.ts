import { useEffect, useRef, useState } from 'react';
import { api, ApiError, messageOf } from '../api/client.ts';
import { conditionOf, type ConditionDraft, type Problem } from './draft.ts';
import { AudiencePreview } from './shapes.ts';

/** How long the builder waits after the last edit before it asks for a new count. */
export const PREVIEW_DELAY_MS = 300;

/** The live count of a draft: the latest answer, or the problems that stop it being counted. */
export interface PreviewState {
  preview: AudiencePreview | null;
  problems: Problem[];
  error: string | null;
  counting: boolean;
}

/** Counts the draft's members (POST /v1/audiences/preview) 300 ms after the last edit; a stale answer is dropped. */
export function usePreview(draft: ConditionDraft): PreviewState {
  const [state, setState] = useState<PreviewState>({ preview: null, problems: [], error: null, counting: true });
  const asked = useRef(0);
  const body = JSON.stringify({ condition: conditionOf(draft) });
  useEffect(() => {
    const ask = ++asked.current;
    setState((s) => ({ ...s, counting: true }));
    const timer = setTimeout(() => {
      api('POST', '/v1/audiences/preview', AudiencePreview, JSON.parse(body)).then(
        (preview) => {
          if (ask === asked.current) setState({ preview, problems: [], error: null, counting: false });
        },
        (e: unknown) => {
          if (ask !== asked.current) return;
          const problems = e instanceof ApiError ? e.problems : [];
          setState({ preview: null, problems, error: problems.length ? null : messageOf(e), counting: false });
        },
      );
    }, PREVIEW_DELAY_MS);
    return () => clearTimeout(timer);
  }, [body]);
  return state;
}
