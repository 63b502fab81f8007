import { DIRECTORY_ID_PATTERN } from '../directory.values';

/** The `{id}` path parameter of agent and team routes, for @ApiParam. */
export function idParam(what: 'agent' | 'team'): {
  name: string;
  description: string;
  example: string;
  schema: { type: 'string'; pattern: string; maxLength: number };
} {
  return {
    name: 'id',
    description: `The ${what} id`,
    example: '0f8fad5b-d9cb-469f-a165-70867728950e',
    schema: { type: 'string', pattern: DIRECTORY_ID_PATTERN.source, maxLength: 128 },
  };
}

export function isDirectoryId(id: string): boolean {
  return DIRECTORY_ID_PATTERN.test(id);
}

/** Relative URL of a list's next page, or null. */
export function nextPageLink(
  path: string,
  query: Readonly<Record<string, string | number | undefined>>,
  cursor: string | null,
): string | null {
  if (cursor === null) return null;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && key !== 'cursor') params.set(key, String(value));
  }
  params.set('cursor', cursor);
  return `${path}?${params.toString()}`;
}

/** The If-Match header of agent and team commands, for @ApiHeader. */
export const IF_MATCH_HEADER_DOC = {
  name: 'If-Match',
  required: false,
  description:
    'The ETag from a read (W/"<revision>"): the change is made only if the resource is still at that revision, else 412.',
  schema: { type: 'string' as const, maxLength: 24, pattern: '^(W/)?"[0-9]{1,19}"$' },
};
