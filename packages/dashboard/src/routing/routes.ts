// The dashboard's pages and their paths. Paths are real URLs (the server answers index.html for
// them), so a page can be bookmarked, shared and opened in a new tab.

export type Route =
  | { page: 'overview' }
  | { page: 'model'; model: string }
  | { page: 'feature'; model: string; feature: string }
  | { page: 'reference'; model: string }
  | { page: 'alerts' }
  | { page: 'alert'; fingerprint: string }
  | { page: 'monitors' }
  | { page: 'channels' }
  | { page: 'experiments' }
  | { page: 'experiment'; experiment: string }
  | { page: 'hosts' }
  | { page: 'host'; host: string }
  | { page: 'cost' }
  | { page: 'audit' }
  | { page: 'not-found'; path: string };

const seg = (s: string) => encodeURIComponent(s);

export function routePath(route: Route): string {
  switch (route.page) {
    case 'overview':
      return '/';
    case 'model':
      return `/models/${seg(route.model)}`;
    case 'feature':
      return `/models/${seg(route.model)}/features/${seg(route.feature)}`;
    case 'reference':
      return `/models/${seg(route.model)}/reference`;
    case 'alert':
      // Notifications link here (the server's alertPageUrl): keep the two in step.
      return `/alerts/${seg(route.fingerprint)}`;
    case 'experiment':
      return `/experiments/${seg(route.experiment)}`;
    case 'host':
      return `/hosts/${seg(route.host)}`;
    case 'hosts':
    case 'cost':
    case 'audit':
      return `/${route.page}`;
    case 'alerts':
    case 'monitors':
    case 'channels':
    case 'experiments':
      return `/${route.page}`;
    case 'not-found':
      return route.path;
  }
}

export function parseRoute(pathname: string): Route {
  const parts = pathname.replace(/\/+$/, '').split('/').slice(1);
  let decoded: string[];
  try {
    decoded = parts.map(decodeURIComponent);
  } catch {
    return { page: 'not-found', path: pathname };
  }
  const [a, b, c, d, ...rest] = decoded;
  if (rest.length > 0) return { page: 'not-found', path: pathname };
  if (a === undefined || (a === '' && b === undefined)) return { page: 'overview' };
  if (a === 'models' && b !== undefined && b !== '') {
    if (c === undefined) return { page: 'model', model: b };
    if (c === 'reference' && d === undefined) return { page: 'reference', model: b };
    if (c === 'features' && d !== undefined && d !== '') return { page: 'feature', model: b, feature: d };
  }
  if ((a === 'alerts' || a === 'monitors' || a === 'channels' || a === 'experiments') && b === undefined) return { page: a };
  if (a === 'experiments' && b !== undefined && b !== '' && c === undefined) return { page: 'experiment', experiment: b };
  if (a === 'alerts' && b !== undefined && b !== '' && c === undefined) return { page: 'alert', fingerprint: b };
  if ((a === 'hosts' || a === 'cost' || a === 'audit') && b === undefined) return { page: a };
  if (a === 'hosts' && b !== undefined && b !== '' && c === undefined) return { page: 'host', host: b };
  return { page: 'not-found', path: pathname };
}
