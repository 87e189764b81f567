import { hashOf } from '../navigation/route.ts';
import type { PreviewState } from './usePreview.ts';

const whole = new Intl.NumberFormat('en-US');

/** "1,234 of 20,000 customers". */
export const countText = (members: number, customers: number): string =>
  `${whole.format(members)} of ${whole.format(customers)} customer${customers === 1 ? '' : 's'}`;

/** The live count of the audience being built and a sample of its members, each linking to their page. */
export function LivePreview({ state }: { state: PreviewState }) {
  const { preview, problems, error, counting } = state;
  return (
    <section className="audience-preview" aria-label="Live count" aria-busy={counting}>
      <h2>Who is in it now</h2>
      <p className="audience-count" role="status">
        {preview
          ? countText(preview.members, preview.customers)
          : problems.length
            ? 'Fix the marked fields to see the count'
            : 'Counting…'}
      </p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {preview && preview.sample.length > 0 && (
        <>
          <h3>Some members</h3>
          <ul className="audience-sample" aria-label="Sample of members">
            {preview.sample.map((m) => (
              <li key={m.userId}>
                <a href={hashOf({ page: 'customers', id: m.userId })}>{m.userId}</a>{' '}
                <small>{typeof m.traits['email'] === 'string' ? m.traits['email'] : ''}</small>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
