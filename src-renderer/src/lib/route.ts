// A tiny hash router: five views need no router package. The hash keeps a view and
// its subject (#/results/<id>, #/compare/<a>,<b>) so a reload or a bookmark returns there.

export type ViewName = 'design' | 'live' | 'results' | 'history' | 'compare' | 'study';

export type Route =
  | { view: 'design' }
  | { view: 'live' }
  | { view: 'results'; runId: string | null; trial: number | null }
  | { view: 'history' }
  | { view: 'compare'; runIds: string[] }
  /** One study (#/study/<id>), two of the same kind compared (#/study/<a>,<b>), or the list (#/study). */
  | { view: 'study'; studyIds: string[] };

export const VIEWS: { name: ViewName; label: string }[] = [
  { name: 'design', label: 'Design' },
  { name: 'live', label: 'Live run' },
  { name: 'results', label: 'Results' },
  { name: 'history', label: 'History' },
  { name: 'compare', label: 'Compare' },
  { name: 'study', label: 'Studies' },
];

export function parseRoute(hash: string): Route {
  const [path, query = ''] = hash.replace(/^#\/?/, '').split('?');
  const [head, arg = ''] = path.split('/').map(decodeURIComponent);
  switch (head) {
    case 'live':
      return { view: 'live' };
    case 'results': {
      const trial = new URLSearchParams(query).get('trial');
      return { view: 'results', runId: arg || null, trial: trial !== null && /^\d+$/.test(trial) ? Number(trial) : null };
    }
    case 'history':
      return { view: 'history' };
    case 'compare':
      return { view: 'compare', runIds: arg ? arg.split(',').filter(Boolean) : [] };
    case 'study':
      return { view: 'study', studyIds: arg ? arg.split(',').filter(Boolean) : [] };
    default:
      return { view: 'design' };
  }
}

export function formatRoute(route: Route): string {
  switch (route.view) {
    case 'results':
      return `#/results${route.runId ? `/${encodeURIComponent(route.runId)}` : ''}${route.trial !== null ? `?trial=${route.trial}` : ''}`;
    case 'compare':
      return `#/compare${route.runIds.length ? `/${route.runIds.map(encodeURIComponent).join(',')}` : ''}`;
    case 'study':
      return `#/study${route.studyIds.length ? `/${route.studyIds.map(encodeURIComponent).join(',')}` : ''}`;
    default:
      return `#/${route.view}`;
  }
}
