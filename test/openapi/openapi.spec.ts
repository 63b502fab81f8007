/**
 * The committed OpenAPI document (openapi/openapi.json) must be exactly what the code generates,
 * so clients, reviewers and the Spectral lint in CI see the API as it is.
 */
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { generateOpenApiJson, OPENAPI_FILE } from '../../src/platform/openapi/openapi-file';

const STALE = `${OPENAPI_FILE} differs from what the code generates: run npm run openapi and commit the result.`;

async function committedDocument(): Promise<string | undefined> {
  try {
    return await fs.readFile(path.join(__dirname, '..', '..', OPENAPI_FILE), 'utf8');
  } catch {
    return undefined;
  }
}

/** The first differing line with a little context, so the failure says where. */
function firstDifference(committed: string, generated: string): string {
  const a = committed.split('\n');
  const b = generated.split('\n');
  let line = 0;
  while (line < a.length && line < b.length && a[line] === b[line]) line++;
  const from = Math.max(0, line - 3);
  const show = (lines: string[]): string =>
    lines
      .slice(from, line + 4)
      .map((text, i) => `${String(from + i + 1).padStart(6)}  ${text}`)
      .join('\n');
  return `first difference at line ${line + 1}\n--- committed\n${show(a)}\n+++ generated\n${show(b)}`;
}

describe(OPENAPI_FILE, () => {
  it('is what the code generates', async () => {
    const [generated, committed] = await Promise.all([generateOpenApiJson(), committedDocument()]);
    if (committed === undefined) throw new Error(`${OPENAPI_FILE} is missing: run npm run openapi`);
    if (committed !== generated) {
      throw new Error(`${STALE}\n${firstDifference(committed, generated)}`);
    }
    expect(committed).toBe(generated);
  });
});
