import type { RetentionReport } from '@boomerang/engine/metric-shapes';
import { headlineCards } from './headlines.ts';

/** The headline figures of the latest bucket, each with its change and, on hover or focus, how it was computed. */
export function HeadlineCards({ report }: { report: RetentionReport }) {
  return (
    <ul className="headlines" aria-label="Headline figures">
      {headlineCards(report).map((card) => (
        <li
          key={card.title}
          className="headline"
          tabIndex={0}
          title={card.explanation}
          aria-describedby={`how-${card.title.replace(/\W+/g, '-')}`}
        >
          <span className="headline-title">
            {card.title} · {card.bucket}
          </span>
          <strong className="headline-value">{card.value}</strong>
          {card.change && (
            <span className={card.better === null ? 'change' : card.better ? 'change better' : 'change worse'}>
              {card.change}
            </span>
          )}
          {card.undefinedBecause && <span className="undefined-because">Undefined: {card.undefinedBecause}</span>}
          <span className="how" id={`how-${card.title.replace(/\W+/g, '-')}`}>
            {card.explanation}
          </span>
        </li>
      ))}
    </ul>
  );
}
