import type { Progress } from './progress.ts';

/** The live progress bar: one coloured part per outcome, with the figures in words beside it. */
export function ProgressBar({ progress }: { progress: Progress }) {
  const { handled, total, segments, text } = progress;
  const scale = total && total > 0 ? total : Math.max(handled, 1);
  const words = segments.map((s) => `${s.count.toLocaleString('en-US')} ${s.label}`).join(', ');
  return (
    <div className="broadcast-progress">
      <div
        role="progressbar"
        aria-label="Progress"
        aria-valuemin={0}
        aria-valuemax={total ?? undefined}
        aria-valuenow={total === null ? undefined : handled}
        aria-valuetext={text}
        className="bar"
      >
        {segments
          .filter((s) => s.count > 0)
          .map((s) => (
            <span
              key={s.kind}
              className={`part part-${s.kind}`}
              style={{ width: `${(s.count / scale) * 100}%` }}
              title={`${s.count} ${s.label}`}
            />
          ))}
      </div>
      <p role="status" className="progress-text">
        {text}
      </p>
      <p className="hint">{words}</p>
    </div>
  );
}
