/** The usual reading order of an OpenAPI document's top level; everything below is sorted. */
const TOP_LEVEL_ORDER = ['openapi', 'info', 'servers', 'security', 'tags', 'paths', 'components'];

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    sorted[key] = sortKeys((value as Record<string, unknown>)[key]);
  }
  return sorted;
}

/**
 * The committed form of the document: keys sorted (so reordering decorators or modules does not
 * churn the diff), 2-space indent, trailing newline. Arrays keep their order (it can matter).
 */
export function stableOpenApiJson(document: object): string {
  const sorted = sortKeys(document) as Record<string, unknown>;
  const ordered: Record<string, unknown> = {};
  for (const key of TOP_LEVEL_ORDER) if (key in sorted) ordered[key] = sorted[key];
  for (const key of Object.keys(sorted)) if (!(key in ordered)) ordered[key] = sorted[key];
  return `${JSON.stringify(ordered, null, 2)}\n`;
}
