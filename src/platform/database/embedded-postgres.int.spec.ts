import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { Client } from 'pg';
import { EmbeddedPostgres } from './embedded-postgres';

async function query(url: string, sql: string): Promise<unknown[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('EmbeddedPostgres', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'servicetrail-embedded-'));
    await fs.chmod(dir, 0o755);
  });

  afterAll(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('keeps data across a restart', async () => {
    const first = await EmbeddedPostgres.start({ dataDir: dir, database: 'app' });
    await query(first.url, 'CREATE TABLE kept (v int); INSERT INTO kept VALUES (42)');
    await first.stop();
    const second = await EmbeddedPostgres.start({ dataDir: dir, database: 'app' });
    try {
      expect(await query(second.url, 'SELECT v FROM kept')).toEqual([{ v: 42 }]);
    } finally {
      await second.stop();
    }
  });

  it('recovers a server left running by a SIGKILLed process', async () => {
    // A child process starts the server and is then killed with SIGKILL, leaving PostgreSQL up.
    const script = `
      const { EmbeddedPostgres } = require(${JSON.stringify(path.join(__dirname, 'embedded-postgres'))});
      EmbeddedPostgres.start({ dataDir: ${JSON.stringify(dir)}, database: 'app' })
        .then((s) => { process.stdout.write('ready ' + s.port + '\\n'); setInterval(() => {}, 1000); });`;
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const port = await new Promise<number>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        const match = /ready (\d+)/.exec(chunk.toString());
        if (match) resolve(Number(match[1]));
      });
      child.once('exit', (code) => reject(new Error(`child exited ${code}`)));
    });
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    const orphan = Number(
      (await fs.readFile(path.join(dir, 'postgres', 'postmaster.pid'), 'utf8')).split('\n')[0],
    );
    expect(() => process.kill(orphan, 0)).not.toThrow();

    const logs: string[] = [];
    const recovered = await EmbeddedPostgres.start({
      dataDir: dir,
      database: 'app',
      log: (m) => logs.push(m),
    });
    try {
      expect(logs.join('\n')).toContain(`found PostgreSQL (pid ${orphan}) left running`);
      expect(await query(recovered.url, 'SELECT v FROM kept')).toEqual([{ v: 42 }]);
      expect(recovered.port).not.toBe(0);
      expect(port).toBeGreaterThan(0);
    } finally {
      await recovered.stop();
    }
  });
});
