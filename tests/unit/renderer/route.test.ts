// The hash router: every view and its subject survive a round trip through the URL.
import { describe, expect, it } from 'vitest';
import { formatRoute, parseRoute, type Route } from '../../../src-renderer/src/lib/route.ts';

describe('hash route', () => {
  it('round-trips every view', () => {
    const routes: Route[] = [
      { view: 'design' },
      { view: 'live' },
      { view: 'history' },
      { view: 'results', runId: 'ab-12', trial: 3 },
      { view: 'results', runId: null, trial: null },
      { view: 'compare', runIds: ['a', 'b', 'c'] },
    ];
    for (const r of routes) expect(parseRoute(formatRoute(r))).toEqual(r);
  });

  it('falls back to Design for anything unknown', () => {
    expect(parseRoute('')).toEqual({ view: 'design' });
    expect(parseRoute('#/nowhere')).toEqual({ view: 'design' });
    expect(parseRoute('#/results/x?trial=abc')).toEqual({ view: 'results', runId: 'x', trial: null });
  });
});
