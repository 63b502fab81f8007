/**
 * npm run bench:tickets
 *
 * 1. Commands: BENCH_CLIENTS (default 32) concurrent HTTP clients repeat open → assign → reply →
 *    solve against the application (`src/main.ts` in its own process, projections running) for
 *    BENCH_SECONDS (default 20), in two slices alternating with the same requests sent to a bare
 *    Fastify server that does one parameterised INSERT per request (the reference). Reports
 *    commands/s, p50/p99 latency per side and per command, and the projection lag sampled every
 *    100 ms while the application is under load.
 * 2. Queries: BENCH_TICKETS (default 1,000,000) tickets are bulk-loaded into the ticket list read
 *    model, then GET /tickets pages are timed (BENCH_QUERY_RUNS runs each, default 50): over
 *    HTTP, as bare SQL, and once with EXPLAIN ANALYZE.
 *
 * DATABASE_URL: a fresh database on that server (dropped afterwards); unset: an embedded
 * PostgreSQL in a temporary directory with default durability (fsync and synchronous_commit on).
 * Progress goes to stderr, the markdown report to stdout.
 */
import { randomBytes } from 'node:crypto';
import * as os from 'node:os';
import { Pool } from 'pg';
import { openBenchDatabase } from './support/bench-database';
import {
  COMMANDS,
  combine,
  runCommandWorkload,
  type Assignee,
  type WorkloadResult,
} from './tickets/command-workload';
import { HttpClient } from './tickets/http-client';
import {
  cursorAfter,
  timeListQuery,
  type ListQuery,
  type QueryTiming,
} from './tickets/list-queries';
import { loadTickets, type LoadResult } from './tickets/load-tickets';
import { LagSampler, type ProjectionLagStats } from './tickets/projection-lag';
import { startApplication, startReference, type RunningServer } from './tickets/servers';
import { distribution, ms } from './tickets/stats';

function envNumber(name: string, fallback: number, min: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min) throw new Error(`${name} must be a number >= ${min}`);
  return value;
}

const SECONDS = envNumber('BENCH_SECONDS', 20, 1);
const CLIENTS = Math.floor(envNumber('BENCH_CLIENTS', 32, 1));
const TICKETS = Math.floor(envNumber('BENCH_TICKETS', 1_000_000, 1000));
const QUERY_RUNS = Math.floor(envNumber('BENCH_QUERY_RUNS', 50, 5));
const SLICES = 2;
const WARMUP_SECONDS = 3;
const TEAMS = 50;
const REAL_AGENTS = 20;
const AGENTS = 500;
const TARGET_MS = 50;
const LAG_SAMPLE_MS = 100;

const log = (message: string): void => {
  process.stderr.write(`${message}\n`);
};

interface Directory {
  readonly teamIds: string[];
  readonly agentIds: string[];
  /** An agent API key and who it is: agent 0, member of team 0. */
  readonly agent: { id: string; key: string; teamIds: string[] };
}

async function post<T>(client: HttpClient, key: string, path: string, body: unknown): Promise<T> {
  const response = await client.request<T>('POST', path, { body, apiKey: key });
  if (response.status !== 201) {
    throw new Error(`POST ${path} → ${response.status} ${JSON.stringify(response.body)}`);
  }
  return response.body;
}

/** 50 teams and 20 agents through the API (agent i in team i % 50), then 480 made-up agent ids. */
async function registerDirectory(client: HttpClient, adminKey: string): Promise<Directory> {
  const teamIds: string[] = [];
  for (let team = 0; team < TEAMS; team += 1) {
    const created = await post<{ id: string }>(client, adminKey, '/teams', {
      name: `Bench team ${team}`,
      strategy: 'least_loaded',
      defaultSkills: [],
    });
    teamIds.push(created.id);
  }
  const agentIds: string[] = [];
  for (let agent = 0; agent < REAL_AGENTS; agent += 1) {
    const created = await post<{ id: string }>(client, adminKey, '/agents', {
      name: `Bench agent ${agent}`,
      email: `agent${agent}@bench.example`,
      teams: [teamIds[agent % TEAMS]],
      skills: [],
      languages: ['en'],
      capacity: { max: 1000 },
      supportLevel: 1,
    });
    agentIds.push(created.id);
  }
  for (let agent = REAL_AGENTS; agent < AGENTS; agent += 1) {
    agentIds.push(`bench-agent-${String(agent).padStart(3, '0')}`);
  }
  const agentId = agentIds[0];
  const { key } = await post<{ key: string }>(client, adminKey, '/admin/api-keys', {
    role: 'agent',
    principalId: agentId,
    name: 'Bench agent 0',
  });
  return { teamIds, agentIds, agent: { id: agentId, key, teamIds: [teamIds[0]] } };
}

async function waitForProjections(client: HttpClient, adminKey: string): Promise<number> {
  const started = process.hrtime.bigint();
  for (;;) {
    const response = await client.request<{ items: { lagEvents: number }[] }>(
      'GET',
      '/admin/projections',
      { apiKey: adminKey },
    );
    if (response.status === 200 && response.body.items.every((item) => item.lagEvents === 0)) {
      return Number(process.hrtime.bigint() - started) / 1e9;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function listQueries(adminKey: string, directory: Directory): ListQuery[] {
  const all = { apiKey: adminKey, visibility: 'all' as const };
  const agent = {
    apiKey: directory.agent.key,
    visibility: { agentId: directory.agent.id, teamIds: directory.agent.teamIds },
  };
  const team = directory.teamIds[7];
  const assignee = directory.agentIds[123];
  return [
    { label: 'all, newest first (default)', query: '', ...all },
    { label: 'status=open', query: 'status=open', ...all },
    { label: 'open+pending by last update', query: 'status=open,pending&sort=updated', ...all },
    { label: 'new, most urgent first', query: 'status=new&sort=priority', ...all },
    { label: 'priority=urgent', query: 'priority=urgent', ...all },
    { label: 'team queue: team + open', query: `team=${team}&status=open`, ...all },
    { label: 'one assignee', query: `assignee=${assignee}`, ...all },
    { label: 'unassigned new/open', query: 'assignee=unassigned&status=new,open', ...all },
    { label: 'one customer', query: 'customer=bench-customer-001234', ...all },
    { label: 'tag + status', query: 'tag=vip&status=open,pending', ...all },
    {
      label: 'type + channel by update',
      query: 'type=complaint&channel=social&sort=updated',
      ...all,
    },
    {
      label: 'created in one week, oldest first',
      query: 'createdFrom=2025-06-01&createdTo=2025-06-08&order=asc',
      ...all,
    },
    { label: 'updated since a date', query: 'updatedFrom=2025-12-30&sort=updated', ...all },
    { label: 'free text, common (q=printer)', query: 'q=printer', ...all },
    { label: 'free text, rare (q=kerberos)', query: 'q=kerberos', ...all },
    {
      label: 'open, high/urgent, 200 per page',
      query: 'status=open&priority=high,urgent&sort=priority&limit=200',
      ...all,
    },
    { label: 'agent: own + team tickets', query: '', ...agent },
    { label: 'agent: open ones by priority', query: 'status=open&sort=priority', ...agent },
  ];
}

function workloadRows(ours: WorkloadResult, reference: WorkloadResult): string[] {
  const row = (name: string, result: WorkloadResult): string => {
    const latency = distribution(result.latencies);
    return `| ${name} | ${CLIENTS} | ${Math.round(result.commands / result.seconds).toLocaleString('en-US')} | ${ms(latency.p50)} | ${ms(latency.p99)} | ${result.errors} |`;
  };
  const oursRate = ours.commands / ours.seconds;
  const referenceRate = reference.commands / reference.seconds;
  const oursLatency = distribution(ours.latencies);
  const referenceLatency = distribution(reference.latencies);
  return [
    '| target | clients | commands/s | p50 ms | p99 ms | errors |',
    '|---|---:|---:|---:|---:|---:|',
    row('Servicetrail API (open, assign, reply, solve)', ours),
    row('bare Fastify + one INSERT (same requests)', reference),
    `| **ours / reference** | | **${(oursRate / referenceRate).toFixed(2)}** | ${(oursLatency.p50 / referenceLatency.p50).toFixed(1)}× | ${(oursLatency.p99 / referenceLatency.p99).toFixed(1)}× | |`,
  ];
}

function perCommandRows(ours: WorkloadResult, reference: WorkloadResult): string[] {
  const lines = [
    '| command | ours p50 ms | ours p99 ms | reference p50 ms | reference p99 ms |',
    '|---|---:|---:|---:|---:|',
  ];
  for (const command of COMMANDS) {
    const a = distribution(ours.byCommand[command]);
    const b = distribution(reference.byCommand[command]);
    lines.push(`| ${command} | ${ms(a.p50)} | ${ms(a.p99)} | ${ms(b.p50)} | ${ms(b.p99)} |`);
  }
  return lines;
}

function lagRows(stats: readonly ProjectionLagStats[]): string[] {
  return [
    '| projection | lag p50 ms | lag p99 ms | lag max ms | events behind p99 |',
    '|---|---:|---:|---:|---:|',
    ...stats.map(
      (row) =>
        `| ${row.name} | ${ms(row.ms.p50)} | ${ms(row.ms.p99)} | ${ms(row.ms.max)} | ${Math.round(row.events.p99)} |`,
    ),
  ];
}

function queryRows(timings: readonly QueryTiming[]): string[] {
  const lines = [
    `| query | rows | HTTP p50 ms | HTTP p99 ms | SQL p50 ms | SQL p99 ms | EXPLAIN ANALYZE ms | plan | < ${TARGET_MS} ms (HTTP p99) |`,
    '|---|---:|---:|---:|---:|---:|---:|---|:---:|',
  ];
  for (const timing of timings) {
    const query =
      timing.query === ''
        ? ''
        : ` \`${timing.query.length > 60 ? `${timing.query.slice(0, 57)}…` : timing.query}\``;
    lines.push(
      `| ${timing.label}${query} | ${timing.rows} | ${ms(timing.http.p50)} | ${ms(timing.http.p99)} | ${ms(timing.sql.p50)} | ${ms(timing.sql.p99)} | ${ms(timing.explainMs)} | ${timing.plan} | ${timing.http.p99 < TARGET_MS ? 'yes' : '**no**'} |`,
    );
  }
  return lines;
}

async function main(): Promise<void> {
  const database = await openBenchDatabase(log);
  const pool = new Pool({ connectionString: database.url, max: 4 });
  pool.on('error', () => undefined);
  const adminKey = `bench-admin-${randomBytes(16).toString('hex')}`;
  const servers: RunningServer[] = [];
  const clients: HttpClient[] = [];
  try {
    const app = await startApplication(database.url, adminKey, log);
    servers.push(app);
    const reference = await startReference(database.url, log);
    servers.push(reference);
    const appClient = new HttpClient(app.url, CLIENTS + 4);
    const referenceClient = new HttpClient(reference.url, CLIENTS + 4);
    const probeClient = new HttpClient(app.url, 2);
    clients.push(appClient, referenceClient, probeClient);

    log('registering 50 teams and 20 agents');
    const directory = await registerDirectory(appClient, adminKey);
    const assignees: Assignee[] = directory.agentIds
      .slice(0, REAL_AGENTS)
      .map((agentId, i) => ({ agentId, teamId: directory.teamIds[i % TEAMS] }));
    const options = { clients: CLIENTS, assignees };
    const clientKeys: string[] = [];
    for (let client = 0; client < CLIENTS; client += 1) {
      const { key } = await post<{ key: string }>(appClient, adminKey, '/admin/api-keys', {
        role: 'admin',
        principalId: `bench-client-${client}`,
        name: `Bench client ${client}`,
      });
      clientKeys.push(key);
    }
    const ours = { client: appClient, apiKeys: clientKeys };
    const bare = { client: referenceClient, apiKeys: clientKeys };

    log(`warming up (${WARMUP_SECONDS} s each)`);
    await runCommandWorkload(ours, { ...options, seconds: WARMUP_SECONDS });
    await runCommandWorkload(bare, { ...options, seconds: WARMUP_SECONDS });
    await waitForProjections(probeClient, adminKey);

    log(`commands: ${CLIENTS} clients, ${SECONDS} s per side in ${SLICES} alternating slices`);
    const oursSlices: WorkloadResult[] = [];
    const referenceSlices: WorkloadResult[] = [];
    const lag = new LagSampler(probeClient, adminKey, LAG_SAMPLE_MS);
    for (let slice = 0; slice < SLICES; slice += 1) {
      const sampling = lag.start();
      oursSlices.push(await runCommandWorkload(ours, { ...options, seconds: SECONDS / SLICES }));
      await sampling.stop();
      referenceSlices.push(
        await runCommandWorkload(bare, { ...options, seconds: SECONDS / SLICES }),
      );
    }
    const oursResult = combine(oursSlices);
    const referenceResult = combine(referenceSlices);
    const drainSeconds = await waitForProjections(probeClient, adminKey);
    const lagStats = lag.stats();
    const worstLag = distribution(lag.samples().worstMs);
    const statusUnderLoad = distribution(lag.samples().statusCallMs);
    const listLag = lagStats.find((stats) => stats.name === 'ticket_list');
    log(
      `commands/s: ${Math.round(oursResult.commands / oursResult.seconds)} vs ${Math.round(referenceResult.commands / referenceResult.seconds)}`,
    );

    log(`loading ${TICKETS.toLocaleString('en-US')} tickets into ticket_list`);
    const load: LoadResult = await loadTickets(pool, {
      count: TICKETS,
      teamIds: directory.teamIds,
      agentIds: directory.agentIds,
    });
    log(
      `loaded ${load.rows} rows: insert ${load.insertSeconds.toFixed(1)} s, indexes ${load.indexSeconds.toFixed(1)} s`,
    );
    const queries = listQueries(adminKey, directory);
    const page2 = await cursorAfter(appClient, 'status=open', adminKey, 1);
    const page21 = await cursorAfter(appClient, 'status=closed&sort=updated', adminKey, 20);
    queries.push(
      {
        label: 'status=open, page 2 (cursor)',
        query: `status=open&cursor=${page2}`,
        apiKey: adminKey,
        visibility: 'all',
      },
      {
        label: 'closed by update, page 21 (cursor)',
        query: `status=closed&sort=updated&cursor=${page21}`,
        apiKey: adminKey,
        visibility: 'all',
      },
    );
    const timings: QueryTiming[] = [];
    for (const query of queries) {
      const timing = await timeListQuery(appClient, pool, query, QUERY_RUNS);
      log(
        `${query.label}: HTTP p50 ${ms(timing.http.p50)} ms, p99 ${ms(timing.http.p99)} ms; ${timing.plan}`,
      );
      timings.push(timing);
    }
    // What every read pays for its X-Projection-Lag header: ProjectionRunner.status(), idle.
    const idleStatus = new LagSampler(probeClient, adminKey, 0);
    for (let run = 0; run < QUERY_RUNS; run += 1) await idleStatus.sampleOnce();
    const statusIdle = distribution(idleStatus.samples().statusCallMs);
    const { rows: events } = await pool.query<{ count: string }>(
      'SELECT count(*)::text AS count FROM es_events',
    );
    const { rows: versions } = await pool.query<{ version: string }>('SELECT version()');
    const { rows: settings } = await pool.query<{ name: string; setting: string }>(
      `SELECT name, setting FROM pg_settings
       WHERE name IN ('fsync', 'synchronous_commit', 'shared_buffers', 'work_mem') ORDER BY name`,
    );
    const { rows: total } = await pool.query<{ count: string }>(
      'SELECT count(*)::text AS count FROM ticket_list',
    );
    const cpus = os.cpus();
    const setting = (name: string): string =>
      settings.find((row) => row.name === name)?.setting ?? '?';
    const slowest = [...timings].sort((a, b) => b.http.p99 - a.http.p99)[0];
    process.stdout.write(
      [
        `## Tickets benchmark`,
        '',
        `- machine: ${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM, ${os.type()} ${os.release()}; Node ${process.version}`,
        `- database: ${database.description}; ${versions[0]?.version.split(',')[0] ?? '?'}; fsync=${setting('fsync')}, synchronous_commit=${setting('synchronous_commit')}, shared_buffers=${setting('shared_buffers')} × 8kB, work_mem=${setting('work_mem')} kB`,
        `- application and reference each in their own process on the same machine as the load generator and PostgreSQL; one API key per client; the application's rate limiting off (RATE_LIMIT_PER_MINUTE=0)`,
        '',
        `### Commands (${SECONDS} s per side, ${CLIENTS} concurrent clients, each: open → assign → reply → solve)`,
        '',
        ...workloadRows(oursResult, referenceResult),
        '',
        ...perCommandRows(oursResult, referenceResult),
        '',
        `Projection lag while under load (${worstLag.count} samples of GET /admin/projections, every ${LAG_SAMPLE_MS} ms; lag = age of the oldest event not yet applied): **ticket_list p99 ${listLag ? ms(listLag.ms.p99) : 'n/a'} ms**, worst projection p99 ${ms(worstLag.p99)} ms (max ${ms(worstLag.max)} ms). All projections caught up ${drainSeconds.toFixed(1)} s after the load stopped. The status call itself took p50 ${ms(statusUnderLoad.p50)} ms, p99 ${ms(statusUnderLoad.p99)} ms under load.`,
        '',
        ...lagRows(lagStats),
        ...(oursResult.errors + referenceResult.errors > 0
          ? [
              ``,
              `Unexpected answers: ours ${JSON.stringify(oursResult.errorStatuses)}, reference ${JSON.stringify(referenceResult.errorStatuses)}`,
            ]
          : []),
        '',
        `### List queries on ${Number(total[0]?.count ?? 0).toLocaleString('en-US')} tickets (${QUERY_RUNS} runs each, limit 50 unless stated)`,
        '',
        `Loaded with one INSERT … SELECT generate_series in ${load.insertSeconds.toFixed(1)} s, the migration's ${load.indexes.length} secondary indexes rebuilt in ${load.indexSeconds.toFixed(1)} s, VACUUM ANALYZE ${load.analyzeSeconds.toFixed(1)} s; table ${load.tableSize}, indexes ${load.indexesSize}. HTTP is the whole request (auth, validation, page query, lag header); SQL is the page statement alone.`,
        '',
        ...queryRows(timings),
        '',
        `Slowest HTTP p99: ${slowest ? `${slowest.label} (${ms(slowest.http.p99)} ms)` : 'n/a'}. Part of every HTTP figure is the X-Projection-Lag header: ProjectionRunner.status() (GET /admin/projections) alone takes p50 ${ms(statusIdle.p50)} ms, p99 ${ms(statusIdle.p99)} ms here, with ${Number(events[0]?.count ?? 0).toLocaleString('en-US')} events in the log.`,
        '',
        '<details><summary>EXPLAIN ANALYZE of each query</summary>',
        '',
        ...timings.flatMap((timing) => [
          `**${timing.label}**`,
          '',
          '```',
          timing.planText,
          '```',
          '',
        ]),
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
    `bench:tickets failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
