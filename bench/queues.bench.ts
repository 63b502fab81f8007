/**
 * npm run bench:queues
 *
 * The work-queue reads an agent desk polls all day, at scale: BENCH_OPEN_TICKETS (default
 * 100,000) open tickets plus BENCH_SOLVED_TICKETS (default 200,000) solved/closed history in 20
 * teams with 300 agents, bulk-loaded straight into the `queues` read model (bench/queues/seed.ts).
 * Then, per endpoint, BENCH_CLIENTS (default 8) concurrent keep-alive clients for BENCH_SECONDS
 * (default 5) against the application (`src/main.ts` in its own process, projections running,
 * real auth with admin and agent keys) and against the reference: a bare Fastify server running
 * the same SQL statements (bench/queues/reference-server.ts). Also each statement alone over a pg
 * pool, the alternative of grouping the counts at query time, and EXPLAIN ANALYZE of each read.
 *
 * DATABASE_URL: a fresh database on that server (dropped afterwards); unset: an embedded
 * PostgreSQL in a temporary directory. Progress goes to stderr, the markdown report to stdout.
 */
import { randomBytes } from 'node:crypto';
import * as os from 'node:os';
import { performance } from 'node:perf_hooks';
import { Pool } from 'pg';
import { SQL } from '../src/routing/queues/queue-read-model/queue.queries';
import { openBenchDatabase } from './support/bench-database';
import { startQueuesReference } from './queues/reference';
import { seedQueues, type SeedResult } from './queues/seed';
import {
  percentiles,
  runGets,
  type LoadResult,
  type Percentiles,
  type Request,
} from './queues/workload';
import { HttpClient } from './tickets/http-client';
import { startApplication, type RunningServer } from './tickets/servers';
import { ms } from './tickets/stats';

function envNumber(name: string, fallback: number, min: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min) throw new Error(`${name} must be a number >= ${min}`);
  return value;
}

const OPEN_TICKETS = Math.floor(envNumber('BENCH_OPEN_TICKETS', 100_000, 1000));
const SOLVED_TICKETS = Math.floor(envNumber('BENCH_SOLVED_TICKETS', 200_000, 0));
const CLIENTS = Math.floor(envNumber('BENCH_CLIENTS', 8, 1));
const SECONDS = envNumber('BENCH_SECONDS', 5, 1);
const SQL_RUNS = Math.floor(envNumber('BENCH_SQL_RUNS', 200, 10));
const TEAMS = 20;
const AGENTS = 300;
const ASSIGNED_SHARE = 0.15;
const TARGET_MS = 20;

const log = (message: string): void => {
  process.stderr.write(`${message}\n`);
};

interface Endpoint {
  readonly label: string;
  readonly app: Request[];
  readonly reference: Request[];
  /** The statement(s) the read runs, for the SQL-only timing and EXPLAIN. */
  readonly sql: { text: string; values: unknown[] }[];
}

async function apiKey(
  client: HttpClient,
  adminKey: string,
  role: string,
  principalId: string,
): Promise<string> {
  const response = await client.request<{ key: string }>('POST', '/admin/api-keys', {
    apiKey: adminKey,
    body: { role, principalId, name: `bench ${role} ${principalId}` },
  });
  if (response.status !== 201) throw new Error(`api key: ${response.status}`);
  return response.body.key;
}

async function cursorAt(
  client: HttpClient,
  key: string,
  path: string,
  pages: number,
): Promise<string> {
  let url = path;
  let cursor = '';
  for (let page = 0; page < pages; page += 1) {
    const response = await client.request<{ next: string | null; links: { next: string | null } }>(
      'GET',
      url,
      { apiKey: key },
    );
    if (response.status !== 200 || !response.body.next || !response.body.links.next) {
      throw new Error(`no page ${page + 2} for ${path}: ${response.status}`);
    }
    cursor = response.body.next;
    url = response.body.links.next;
  }
  return cursor;
}

async function timeSql(
  pool: Pool,
  statements: Endpoint['sql'],
  runs: number,
): Promise<Percentiles> {
  const samples: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const started = performance.now();
    await Promise.all(statements.map((s) => pool.query(s.text, s.values)));
    samples.push(performance.now() - started);
  }
  return percentiles(samples);
}

async function explain(pool: Pool, statement: Endpoint['sql'][number]): Promise<string> {
  const { rows } = await pool.query<{ 'QUERY PLAN': string }>(
    `EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${statement.text}`,
    statement.values,
  );
  return rows.map((row) => row['QUERY PLAN']).join('\n');
}

function decodeCursor(cursor: string): unknown[] {
  return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
}

async function main(): Promise<void> {
  const database = await openBenchDatabase(log);
  const pool = new Pool({ connectionString: database.url, max: 4 });
  pool.on('error', () => undefined);
  const adminKey = `bench-admin-${randomBytes(16).toString('hex')}`;
  const servers: RunningServer[] = [];
  const clients: HttpClient[] = [];
  try {
    const now = new Date();
    log(
      `seeding ${OPEN_TICKETS.toLocaleString('en-US')} open + ${SOLVED_TICKETS.toLocaleString('en-US')} solved tickets, ${TEAMS} teams, ${AGENTS} agents`,
    );
    const seed: SeedResult = await seedQueues(pool, {
      openTickets: OPEN_TICKETS,
      solvedTickets: SOLVED_TICKETS,
      teams: TEAMS,
      agents: AGENTS,
      assignedShare: ASSIGNED_SHARE,
      now,
    });
    log(`seeded in ${seed.seconds.toFixed(1)} s`);
    const app = await startApplication(database.url, adminKey, log);
    servers.push(app);
    const reference = await startQueuesReference(database.url, log);
    servers.push(reference);
    const appClient = new HttpClient(app.url, CLIENTS + 2);
    const referenceClient = new HttpClient(reference.url, CLIENTS + 2);
    clients.push(appClient, referenceClient);

    // One agent key per agent the clients read as (each reads its own list and load).
    const readers = seed.agentIds.filter((_, n) => n % 37 === 1).slice(0, 8);
    const agentKeys = new Map<string, string>();
    for (const agentId of readers)
      agentKeys.set(agentId, await apiKey(appClient, adminKey, 'agent', agentId));
    const supervisorKey = await apiKey(appClient, adminKey, 'supervisor', 'bench-supervisor');

    const deepTeam = seed.teamIds[7];
    const deepCursor = await cursorAt(
      appClient,
      supervisorKey,
      `/queues/${deepTeam}/tickets?limit=25`,
      20,
    );
    const deepAgent = seed.agentIds[10];
    const agentCursor = await cursorAt(
      appClient,
      supervisorKey,
      `/agents/${deepAgent}/tickets?limit=10`,
      2,
    );
    const dueBy = new Date(Date.now() + 30 * 60 * 1000).toISOString();
    const pageValues = (id: string, limit: number, cursor?: string): unknown[] => {
      if (!cursor) return [id, limit + 1];
      const [p, due, opened, ticketId] = decodeCursor(cursor);
      return [id, p, due ?? 'infinity', opened, ticketId, limit + 1];
    };

    const endpoints: Endpoint[] = [
      {
        label: 'GET /queues (20 teams)',
        app: [{ path: '/queues', apiKey: supervisorKey }],
        reference: [{ path: '/queues' }],
        sql: [
          { text: SQL.OVERVIEW, values: [dueBy] },
          { text: SQL.UNROUTED, values: [] },
        ],
      },
      {
        label: 'GET /queues/{team}/tickets, first page (25)',
        app: seed.teamIds.map((team) => ({
          path: `/queues/${team}/tickets`,
          apiKey: supervisorKey,
        })),
        reference: seed.teamIds.map((team) => ({ path: `/queues/${team}/tickets` })),
        sql: [{ text: SQL.TEAM_PAGE, values: pageValues(deepTeam, 25) }],
      },
      {
        label: 'GET /queues/{team}/tickets, page 21 (cursor)',
        app: [
          {
            path: `/queues/${deepTeam}/tickets?limit=25&cursor=${deepCursor}`,
            apiKey: supervisorKey,
          },
        ],
        reference: [{ path: `/queues/${deepTeam}/tickets?limit=25&cursor=${deepCursor}` }],
        sql: [{ text: SQL.TEAM_PAGE_AFTER, values: pageValues(deepTeam, 25, deepCursor) }],
      },
      {
        label: 'GET /agents/{id}/tickets, own list (agent key, 25)',
        app: readers.map((agentId) => ({
          path: `/agents/${agentId}/tickets`,
          apiKey: agentKeys.get(agentId),
        })),
        reference: readers.map((agentId) => ({ path: `/agents/${agentId}/tickets` })),
        sql: [{ text: SQL.AGENT_PAGE, values: pageValues(readers[0], 25) }],
      },
      {
        label: 'GET /agents/{id}/tickets, page 3 (cursor, 10)',
        app: [
          {
            path: `/agents/${deepAgent}/tickets?limit=10&cursor=${agentCursor}`,
            apiKey: supervisorKey,
          },
        ],
        reference: [{ path: `/agents/${deepAgent}/tickets?limit=10&cursor=${agentCursor}` }],
        sql: [{ text: SQL.AGENT_PAGE_AFTER, values: pageValues(deepAgent, 10, agentCursor) }],
      },
      {
        label: 'GET /agents/{id}/load (agent key)',
        app: readers.map((agentId) => ({
          path: `/agents/${agentId}/load`,
          apiKey: agentKeys.get(agentId),
        })),
        reference: readers.map((agentId) => ({ path: `/agents/${agentId}/load` })),
        sql: [{ text: SQL.AGENT_LOAD, values: [readers[0]] }],
      },
    ];

    log('warming up');
    for (const endpoint of endpoints) {
      const warm = await runGets(appClient, endpoint.app, CLIENTS, 1);
      if (warm.errors > 0) throw new Error(`${endpoint.label}: ${warm.errorSample ?? ''}`);
      await runGets(referenceClient, endpoint.reference, CLIENTS, 0.5);
    }

    const rows: string[] = [];
    const plans: string[] = [];
    let allUnder = true;
    for (const endpoint of endpoints) {
      // Halves alternate so both sides see the same machine conditions.
      const ours: LoadResult[] = [];
      const bare: LoadResult[] = [];
      for (let half = 0; half < 2; half += 1) {
        ours.push(await runGets(appClient, endpoint.app, CLIENTS, SECONDS / 2));
        bare.push(await runGets(referenceClient, endpoint.reference, CLIENTS, SECONDS / 2));
      }
      const oursLat = percentiles(ours.flatMap((r) => r.latencies));
      const bareLat = percentiles(bare.flatMap((r) => r.latencies));
      const rate =
        ours.reduce((s, r) => s + r.requests, 0) / ours.reduce((s, r) => s + r.seconds, 0);
      const bareRate =
        bare.reduce((s, r) => s + r.requests, 0) / bare.reduce((s, r) => s + r.seconds, 0);
      const errors = ours.reduce((s, r) => s + r.errors, 0);
      const sql = await timeSql(pool, endpoint.sql, SQL_RUNS);
      allUnder &&= oursLat.p99 < TARGET_MS;
      log(
        `${endpoint.label}: p50 ${ms(oursLat.p50)} p99 ${ms(oursLat.p99)} ms (reference p99 ${ms(bareLat.p99)})`,
      );
      rows.push(
        `| ${endpoint.label} | ${ms(oursLat.p50)} | ${ms(oursLat.p95)} | ${ms(oursLat.p99)} | ${Math.round(rate)} | ${ms(bareLat.p50)} | ${ms(bareLat.p95)} | ${ms(bareLat.p99)} | ${Math.round(bareRate)} | ${ms(sql.p50)} | ${ms(sql.p99)} | ${errors} | ${oursLat.p99 < TARGET_MS ? 'yes' : '**no**'} |`,
      );
      for (const statement of endpoint.sql.slice(0, 1)) {
        plans.push(`**${endpoint.label}**`, '', '```', await explain(pool, statement), '```', '');
      }
    }

    // The road not taken: counting per team at query time instead of keeping counters.
    const groupBy = await timeSql(
      pool,
      [
        {
          text: `SELECT team_id, status, priority, assignee_id IS NOT NULL, count(*)
                 FROM queue_tickets WHERE active GROUP BY 1, 2, 3, 4`,
          values: [],
        },
      ],
      Math.min(SQL_RUNS, 30),
    );

    const { rows: versions } = await pool.query<{ version: string }>('SELECT version()');
    const cpus = os.cpus();
    process.stdout.write(
      [
        '## Work queues benchmark',
        '',
        `- machine: ${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM; Node ${process.version}; ${versions[0]?.version.split(',')[0] ?? '?'} (${database.description})`,
        `- data: ${OPEN_TICKETS.toLocaleString('en-US')} open tickets (${Math.round(ASSIGNED_SHARE * 100)}% assigned, the rest waiting), ${SOLVED_TICKETS.toLocaleString('en-US')} solved/closed, ${TEAMS} teams, ${AGENTS} agents; loaded in ${seed.seconds.toFixed(1)} s; queue_tickets ${seed.tableSize} + indexes ${seed.indexesSize}`,
        `- ${CLIENTS} concurrent keep-alive clients, ${SECONDS} s per endpoint and side (two alternating halves); application and reference each in their own process on the same machine as the load generator and PostgreSQL`,
        '- HTTP = the whole request (auth, validation, SQL, DTOs, the X-Projection-Lag status query); reference = bare Fastify running the same SQL on a pg pool; SQL = the statement(s) alone, sequential',
        '',
        `| endpoint | p50 ms | p95 ms | p99 ms | req/s | ref p50 | ref p95 | ref p99 | ref req/s | SQL p50 | SQL p99 | errors | p99 < ${TARGET_MS} ms |`,
        '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|:---:|',
        ...rows,
        '',
        `Counting per team at query time instead of the projection's counters (GROUP BY over the ${OPEN_TICKETS.toLocaleString('en-US')} open rows, sequential): p50 ${ms(groupBy.p50)} ms, p99 ${ms(groupBy.p99)} ms.`,
        '',
        allUnder
          ? `Every endpoint: p99 under ${TARGET_MS} ms.`
          : `**Not every endpoint met p99 < ${TARGET_MS} ms.**`,
        '',
        '<details><summary>EXPLAIN ANALYZE</summary>',
        '',
        ...plans,
        '</details>',
        '',
      ].join('\n'),
    );
  } finally {
    for (const client of clients) client.close();
    for (const server of servers.reverse()) await server.stop();
    await pool.end();
    await database.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench:queues failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
