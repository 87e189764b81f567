import { useState } from 'react';
import type { ImportReport, TraitType } from '@boomerang/engine/customer-import-shapes';
import { ApiError, messageOf } from '../api/client.ts';
import { defaultChoice, previewOf, queryOf, type ColumnChoice, type Preview } from '../customer-import/preview.ts';
import { uploadCustomers } from '../customer-import/upload.ts';

const TYPES: Array<{ value: TraitType | 'skip'; label: string }> = [
  { value: 'string', label: 'text' },
  { value: 'number', label: 'number' },
  { value: 'boolean', label: 'yes / no' },
  { value: 'date', label: 'date' },
  { value: 'skip', label: 'skip this column' },
];

/** Import customers from a CSV file: preview, map each column to a trait, upload with progress, then the bad lines. */
export function ImportPage() {
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [choices, setChoices] = useState<ColumnChoice[]>([]);
  const [startJourneys, setStartJourneys] = useState(false);
  const [progress, setProgress] = useState<number | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [error, setError] = useState<{ message: string; problems: Array<{ path: string; message: string }> } | null>(
    null,
  );

  const choose = async (chosen: File | undefined) => {
    setReport(null);
    setError(null);
    setFile(chosen ?? null);
    if (!chosen) return setPreview(null);
    try {
      const p = await previewOf(chosen);
      setPreview(p);
      setChoices(p.header.map(defaultChoice));
    } catch (e) {
      setPreview(null);
      setError({ message: `The start of the file cannot be read as CSV: ${messageOf(e)}`, problems: [] });
    }
  };
  const change = (i: number, patch: Partial<ColumnChoice>) =>
    setChoices((all) => all.map((c, j) => (j === i ? { ...c, ...patch } : c)));
  const start = async () => {
    if (!file || !preview) return;
    setReport(null);
    setError(null);
    setProgress(0);
    try {
      setReport(await uploadCustomers(file, queryOf(preview.header, choices, startJourneys), setProgress));
    } catch (e) {
      setError({ message: messageOf(e), problems: e instanceof ApiError ? e.problems : [] });
    } finally {
      setProgress(null);
    }
  };

  return (
    <main className="page import">
      <h1>Import customers</h1>
      <p>
        A CSV file with a header line and one customer per line. A column mapped to <code>userId</code> (or else{' '}
        <code>email</code>) says who the customer is. Importing the same file again changes nothing.
      </p>
      <label>
        CSV file <input type="file" accept=".csv,text/csv" onChange={(e) => void choose(e.target.files?.[0])} />
      </label>
      {preview && (
        <>
          <h2>Columns</h2>
          <table className="list" aria-label="Columns and traits">
            <thead>
              <tr>
                <th>Column</th>
                <th>Trait</th>
                <th>Type</th>
                {preview.rows.map((_, r) => (
                  <th key={r}>Line {r + 2}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {preview.header.map((column, i) => (
                <tr key={column}>
                  <th scope="row">{column}</th>
                  <td>
                    <input
                      aria-label={`Trait for ${column}`}
                      value={choices[i]?.trait ?? ''}
                      disabled={choices[i]?.type === 'skip'}
                      onChange={(e) => change(i, { trait: e.target.value })}
                    />
                  </td>
                  <td>
                    <select
                      aria-label={`Type of ${column}`}
                      value={choices[i]?.type ?? 'string'}
                      onChange={(e) =>
                        change(i, { type: TYPES.find((t) => t.value === e.target.value)?.value ?? 'string' })
                      }
                    >
                      {TYPES.map((t) => (
                        <option key={t.value} value={t.value}>
                          {t.label}
                        </option>
                      ))}
                    </select>
                  </td>
                  {preview.rows.map((row, r) => (
                    <td key={r}>{row[i] ?? ''}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          <label>
            <input type="checkbox" checked={startJourneys} onChange={(e) => setStartJourneys(e.target.checked)} /> Start
            journeys for these customers (off: they are stored as history, and no journey starts or moves)
          </label>
          <p>
            <button type="button" onClick={() => void start()} disabled={progress !== null}>
              Import {file?.name}
            </button>
          </p>
        </>
      )}
      {progress !== null && (
        <p>
          <progress aria-label="Upload" max={1} value={progress} /> {Math.round(progress * 100)}% sent
          {progress >= 1 ? ', importing the last rows…' : ''}
        </p>
      )}
      {error && (
        <div className="error" role="alert">
          <p>{error.message}</p>
          <ul>
            {error.problems.map((p, i) => (
              <li key={i}>
                {p.path}: {p.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      {report && (
        <section aria-label="Import result">
          <h2>Result</h2>
          <p role="status">
            Imported {report.imported}, unchanged {report.unchanged}, failed {report.failed}
            {report.startedJourneys ? '' : ' (stored as history: no journey started)'}
          </p>
          {!report.readToEnd && (
            <p className="error">Reading stopped early; the lines after the last error were not read.</p>
          )}
          {report.errors.length > 0 && (
            <table className="list" aria-label="Lines not imported">
              <thead>
                <tr>
                  <th>Line</th>
                  <th>Column</th>
                  <th>Problem</th>
                </tr>
              </thead>
              <tbody>
                {report.errors.map((e, i) => (
                  <tr key={i}>
                    <td>{e.line}</td>
                    <td>{e.column ?? '—'}</td>
                    <td>{e.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {report.moreErrors > 0 && <p>… and {report.moreErrors} more lines not imported.</p>}
        </section>
      )}
    </main>
  );
}
