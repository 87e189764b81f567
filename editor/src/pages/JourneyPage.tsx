import { ReactFlowProvider } from '@xyflow/react';
import { useEffect, useState } from 'react';
import { Journey } from '@boomerang/engine/journey';
import { JourneyRecordShape, VersionInfo } from '@boomerang/engine/api-shapes';
import { useCatalog } from '../api/catalog.ts';
import { api, messageOf } from '../api/client.ts';
import { go } from '../navigation/route.ts';
import { Canvas } from '../canvas/Canvas.tsx';
import { Palette } from '../canvas/Palette.tsx';
import { Toolbar } from '../canvas/Toolbar.tsx';
import { useExperimentResults } from '../experiments/results.ts';
import { Inspector } from '../inspector/Inspector.tsx';
import { useAutosave } from '../save/useAutosave.ts';
import { useSaving } from '../save/saving.ts';
import { VersionHistory } from '../save/VersionHistory.tsx';
import { SimulatePanel } from '../simulate/SimulatePanel.tsx';
import { useLiveStats } from '../stats/useLiveStats.ts';
import { useStats } from '../stats/stats.ts';
import { ProblemsList } from '../validation/ProblemsList.tsx';
import { useLiveValidation } from '../validation/useLiveValidation.ts';
import { useJourney } from '../journey/store.ts';

/** Loads a journey's draft (or one published version, read-only) into the document store. */
function useOpenJourney(
  id: string,
  version: number | undefined,
): { ready: boolean; error: string | null; liveVersion: number | null } {
  const [state, setState] = useState<{ ready: boolean; error: string | null; liveVersion: number | null }>({
    ready: false,
    error: null,
    liveVersion: null,
  });
  useEffect(() => {
    setState({ ready: false, error: null, liveVersion: null });
    useSaving.getState().reset();
    useStats.getState().show('none', {});
    const load = async () => {
      const record = await api('GET', `/v1/journeys/${encodeURIComponent(id)}`, JourneyRecordShape);
      const graph =
        version === undefined
          ? record.draft
          : (await api('GET', `/v1/journeys/${encodeURIComponent(id)}/versions/${version}`, VersionInfo)).graph;
      const parsed = Journey.safeParse(graph);
      if (!parsed.success)
        throw new Error(`The stored journey "${id}" cannot be read: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
      useJourney.getState().open(parsed.data, version !== undefined);
      setState({ ready: true, error: null, liveVersion: version ?? record.liveVersion });
    };
    load().catch((e: unknown) => setState({ ready: false, error: messageOf(e), liveVersion: null }));
  }, [id, version]);
  return state;
}

/** The journey editor: toolbar, palette, canvas, inspector / simulate / history, problems. */
export function JourneyPage({ id, version }: { id: string; version?: number }) {
  const { ready, error, liveVersion } = useOpenJourney(id, version);
  const [side, setSide] = useState<'inspector' | 'simulate' | 'history'>('inspector');
  const [published, setPublished] = useState(0);
  const [shownVersion, setShownVersion] = useState<number | null>(null);
  const catalogLoaded = useCatalog((s) => s.loaded);
  useEffect(() => {
    if (!catalogLoaded) void useCatalog.getState().load();
  }, [catalogLoaded]);
  useEffect(() => setShownVersion(liveVersion), [liveVersion]);
  useLiveValidation();
  useAutosave();
  useLiveStats(id, shownVersion);
  useExperimentResults(id, published);

  if (error)
    return (
      <main className="page">
        <p role="alert" className="error">
          {error}
        </p>
        <button type="button" onClick={() => go({ page: 'journeys' })}>
          Back to journeys
        </button>
      </main>
    );
  if (!ready || !catalogLoaded)
    return (
      <main className="page">
        <p>Opening the journey…</p>
      </main>
    );
  return (
    <ReactFlowProvider>
      <div className="editor">
        <Toolbar
          side={side}
          onSide={setSide}
          onPublished={(v) => {
            setPublished(published + 1);
            setShownVersion(v);
            setSide('history');
          }}
        />
        <Palette />
        <Canvas />
        <div className="side">
          {side === 'inspector' && <Inspector />}
          {side === 'simulate' && <SimulatePanel />}
          {side === 'history' && <VersionHistory journeyId={id} refresh={published} current={version} />}
        </div>
        <ProblemsList />
      </div>
    </ReactFlowProvider>
  );
}
