/**
 * `npm run openapi`: writes openapi/openapi.json from the code (no database needed). Commit the
 * result; test/openapi/openapi.spec.ts fails while the committed file is stale.
 */
import 'reflect-metadata';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { generateOpenApiJson, OPENAPI_FILE } from '../src/platform/openapi/openapi-file';

async function main(): Promise<void> {
  const target = path.join(__dirname, '..', OPENAPI_FILE);
  const json = await generateOpenApiJson();
  await fs.mkdir(path.dirname(target), { recursive: true });
  await fs.writeFile(target, json);
  process.stdout.write(
    `wrote ${OPENAPI_FILE} (${Object.keys((JSON.parse(json) as { paths: object }).paths).length} paths)\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(
    `openapi generation failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
