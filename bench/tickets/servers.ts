/**
 * The two HTTP servers the benchmark drives, each in its own process (so the load generator does
 * not share an event loop with them): the application exactly as `npm start` runs it, and the
 * bare Fastify reference.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');

export interface RunningServer {
  readonly url: string;
  readonly pid: number;
  stop(): Promise<void>;
}

function start(
  script: string,
  env: NodeJS.ProcessEnv,
  ready: (line: string) => string | undefined,
  label: string,
  log: (message: string) => void,
): Promise<RunningServer> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', path.join(ROOT, script)],
    { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  return new Promise((resolve, reject) => {
    let buffered = '';
    const onData = (chunk: Buffer): void => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        const url = ready(line);
        if (url === undefined) continue;
        child.stdout?.off('data', onData);
        child.stdout?.resume();
        log(`${label} listening on ${url} (pid ${child.pid})`);
        resolve({
          url,
          pid: child.pid ?? -1,
          stop: () =>
            new Promise<void>((done) => {
              if (child.exitCode !== null || child.signalCode !== null) return done();
              child.once('exit', () => done());
              child.kill('SIGTERM');
            }),
        });
        return;
      }
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) =>
      reject(new Error(`${label} exited (${code}) before listening: ${stderr.trim()}`)),
    );
  });
}

/** `src/main.ts` on the given database; projections run in it. */
export function startApplication(
  databaseUrl: string,
  adminApiKey: string,
  log: (message: string) => void,
): Promise<RunningServer> {
  return start(
    'src/main.ts',
    {
      DATABASE_URL: databaseUrl,
      ADMIN_API_KEY: adminApiKey,
      PORT: '0',
      HOST: '127.0.0.1',
      // Request logs would cost the application time the reference does not spend.
      LOG_LEVEL: 'warn',
      PROJECTIONS_ENABLED: 'true',
      // Off: this measures throughput, not the limiter. Each client has its own key, but on
      // faster hardware one client alone can pass the default 6000 requests/min per key.
      RATE_LIMIT_PER_MINUTE: '0',
      RATE_LIMIT_ANONYMOUS_PER_MINUTE: '0',
    },
    (line) => {
      try {
        const parsed = JSON.parse(line) as { msg?: string; url?: string };
        return parsed.msg === 'listening' ? parsed.url : undefined;
      } catch {
        return undefined;
      }
    },
    'application',
    log,
  );
}

export function startReference(
  databaseUrl: string,
  log: (message: string) => void,
): Promise<RunningServer> {
  return start(
    'bench/tickets/reference-server.ts',
    { DATABASE_URL: databaseUrl },
    (line) => /^listening (\S+)$/.exec(line)?.[1],
    'reference',
    log,
  );
}
