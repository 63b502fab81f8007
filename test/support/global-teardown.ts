import * as fs from 'node:fs/promises';

export default async function globalTeardown(): Promise<void> {
  const server = globalThis.__EMBEDDED_PG__;
  if (server) await server.stop();
  const dir = globalThis.__EMBEDDED_PG_DIR__;
  if (dir) await fs.rm(dir, { recursive: true, force: true });
}
