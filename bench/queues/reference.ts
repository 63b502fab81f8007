/** Starts bench/queues/reference-server.ts in its own process (like bench/tickets/servers.ts). */
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import type { RunningServer } from '../tickets/servers';

const ROOT = path.join(__dirname, '..', '..');

export function startQueuesReference(
  databaseUrl: string,
  log: (message: string) => void,
): Promise<RunningServer> {
  const child = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', path.join(ROOT, 'bench/queues/reference-server.ts')],
    {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: databaseUrl },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  return new Promise((resolve, reject) => {
    let buffered = '';
    const onData = (chunk: Buffer): void => {
      buffered += chunk.toString();
      const match = /^listening (\S+)$/m.exec(buffered);
      if (!match) return;
      child.stdout.off('data', onData);
      child.stdout.resume();
      log(`reference listening on ${match[1]} (pid ${child.pid})`);
      resolve({
        url: match[1],
        pid: child.pid ?? -1,
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    };
    child.stdout.on('data', onData);
    child.once('exit', (code) =>
      reject(new Error(`reference exited (${code}) before listening: ${stderr.trim()}`)),
    );
  });
}
