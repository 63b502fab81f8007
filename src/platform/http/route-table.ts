/**
 * The method/path patterns the application serves, so that a request the router did not match can
 * be answered 405 with an `Allow` header when its path exists under another method, rather than a
 * misleading 404. Filled from Fastify's onRoute hook.
 */
export class RouteTable {
  private readonly routes: { readonly method: string; readonly pattern: RegExp }[] = [];

  add(methods: string | readonly string[], url: string): void {
    const pattern = patternOf(url);
    for (const method of typeof methods === 'string' ? [methods] : methods) {
      this.routes.push({ method: method.toUpperCase(), pattern });
      // Fastify answers HEAD for every GET route (exposeHeadRoutes).
      if (method.toUpperCase() === 'GET') this.routes.push({ method: 'HEAD', pattern });
    }
  }

  /** The methods some route serves for this path (query string ignored), sorted, no duplicates. */
  allowedMethods(url: string): string[] {
    const path = url.split('?', 1)[0] ?? url;
    const methods = new Set<string>();
    for (const route of this.routes) if (route.pattern.test(path)) methods.add(route.method);
    return [...methods].sort();
  }
}

/** find-my-way patterns: `:param` one non-empty segment (optionally with a `(regex)`), `*` the rest. */
function patternOf(url: string): RegExp {
  let source = '';
  for (let i = 0; i < url.length; i++) {
    const char = url[i] ?? '';
    if (char === ':' && url[i + 1] !== ':') {
      // Skip the parameter name and any inline regex; match one segment.
      i++;
      while (i < url.length && /[A-Za-z0-9_$-]/.test(url[i] ?? '')) i++;
      if (url[i] === '(') {
        let depth = 0;
        for (; i < url.length; i++) {
          if (url[i] === '(') depth++;
          else if (url[i] === ')' && --depth === 0) break;
        }
      } else {
        i--;
      }
      source += '[^/]+';
    } else if (char === ':' && url[i + 1] === ':') {
      source += ':';
      i++;
    } else if (char === '*') {
      source += '.*';
    } else {
      source += char.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}$`);
}
