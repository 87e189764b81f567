import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { countLabel } from '../../../editor/src/canvas/CountEdge.tsx';
import { boundsOf, READABLE_ZOOM, readableViewport } from '../../../editor/src/canvas/readableFit.ts';

const tokens = readFileSync(new URL('../../../editor/src/styles/tokens.css', import.meta.url), 'utf8');

describe('fit view that stays readable', () => {
  it('keeps the step title token at 11 px or more on screen at the readable zoom', () => {
    const title = /--text-step-title:\s*(\d+)px/.exec(tokens)?.[1];
    expect(Number(title) * READABLE_ZOOM).toBeGreaterThanOrEqual(11);
  });

  it('centres a journey that fits, never closer than 1:1', () => {
    // 400 x 100 in a 1000 x 500 pane: 1:1, centred: x = (1000 - 400) / 2, y = (500 - 100) / 2.
    expect(readableViewport({ x: 0, y: 0, width: 400, height: 100 }, 1000, 500)).toEqual({ x: 300, y: 200, zoom: 1 });
  });

  it('zooms out to fit when that stays readable', () => {
    // 1900 wide in 970: (970 - 48) / 1900 = 0.4853 is below readable; 1300 wide: 922 / 1300 = 0.7092.
    const view = readableViewport({ x: 0, y: 0, width: 1300, height: 200 }, 970, 650);
    expect(view.zoom).toBeCloseTo(0.7092, 4);
    expect(view.x).toBeCloseTo(24, 4); // (970 - 1300 * 0.7092) / 2 = 24
  });

  it('shows a journey too wide to read whole from its beginning, at the readable zoom, centred the way it fits', () => {
    // The drip starter: x from 0 to 2280, y from -120 to 230, in a 970 x 650 pane.
    const view = readableViewport({ x: 0, y: -120, width: 2280, height: 350 }, 970, 650);
    expect(view.zoom).toBe(READABLE_ZOOM);
    expect(view.x).toBe(24);
    expect(view.y).toBeCloseTo((650 - 350 * 0.62) / 2 + 120 * 0.62, 6);
  });

  it('takes drawn sizes where measured and the card size where not', () => {
    expect(
      boundsOf([
        { position: { x: 0, y: 0 }, measured: { width: 200, height: 130 } },
        { position: { x: 260, y: -120 } },
      ]),
    ).toEqual({ x: 0, y: -120, width: 460, height: 250 });
    expect(boundsOf([])).toEqual({ x: 0, y: 0, width: 0, height: 0 });
  });
});

describe("an arrow's count label", () => {
  it('is the number itself up to four digits, then short', () => {
    expect(countLabel(0)).toBe('0');
    expect(countLabel(9999)).toBe('9999');
    expect(countLabel(12_345)).toBe('12.3K');
    expect(countLabel(100_000)).toBe('100K');
  });
});
