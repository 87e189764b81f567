import { useEffect, useState } from 'react';
import { VersionList, type VersionInfo } from '@boomerang/engine/api-shapes';
import { api, messageOf } from '../api/client.ts';
import { hashOf } from '../navigation/route.ts';

/** Published versions, newest first; each opens read-only. */
export function VersionHistory({
  journeyId,
  refresh,
  current,
}: {
  journeyId: string;
  refresh: number;
  current: number | undefined;
}) {
  const [versions, setVersions] = useState<VersionInfo[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api('GET', `/v1/journeys/${encodeURIComponent(journeyId)}/versions`, VersionList).then(
      (v) => setVersions(v.versions),
      (e: unknown) => setError(messageOf(e)),
    );
  }, [journeyId, refresh]);
  return (
    <section className="history" aria-label="Version history">
      <h2>Version history</h2>
      {error && <p className="error">{error}</p>}
      {versions?.length === 0 && <p>Not published yet.</p>}
      <ol>
        <li>
          <a
            href={hashOf({ page: 'journey', id: journeyId })}
            aria-current={current === undefined ? 'page' : undefined}
          >
            Draft (editable)
          </a>
        </li>
        {versions?.map((v) => (
          <li key={v.version}>
            <a
              href={hashOf({ page: 'journey', id: journeyId, version: v.version })}
              aria-current={current === v.version ? 'page' : undefined}
            >
              Version {v.version}
            </a>{' '}
            <small>{new Date(v.publishedAt).toLocaleString()}</small>
            {v.note && <div className="note">{v.note}</div>}
          </li>
        ))}
      </ol>
    </section>
  );
}
