/**
 * npm run bench:reports
 *
 * BENCH_TICKETS (default 1,000,000) tickets over one year (2025) are bulk-loaded into the report
 * fact tables (bench/reports/seed-facts.ts), the application (`src/main.ts` in its own process)
 * is started on that database, and every report is requested over HTTP for a year — ungrouped,
 * and grouped by month, team, agent, day, week and hour (BENCH_REPORT_GROUPS) — BENCH_REPORT_RUNS times each
 * (default 40, after 3 warm-up requests), one request at a time, for each year-long request shape
 * of BENCH_REPORT_PERIODS (zones, instants, filters: see PERIODS). Reports p50/p95/p99 per case
 * against the 200 ms p95 target, with two references measured in the same run: GET /health over the same
 * HTTP client (the HTTP floor) and the plain `SELECT count(*)` over the same rows straight on
 * PostgreSQL (the cheapest possible scan of the data a report reads).
 *
 * DATABASE_URL: a fresh database on that server (dropped afterwards); unset: an embedded
 * PostgreSQL in a temporary directory. Progress goes to stderr, the markdown report to stdout.
 */
import { randomBytes } from 'node:crypto';
import * as os from 'node:os';
import { performance } from 'node:perf_hooks';
import { Pool } from 'pg';
import { seedFacts } from './reports/seed-facts';
import { openBenchDatabase } from './support/bench-database';
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

const TICKETS = Math.floor(envNumber('BENCH_TICKETS', 1_000_000, 1000));
const RUNS = Math.floor(envNumber('BENCH_REPORT_RUNS', 40, 5));
const WARMUP = 3;
const TARGET_P95_MS = 200;
const FROM = '2025-01-01T00:00:00Z';
const TO = '2026-01-01T00:00:00Z';

/** A year-long request shape: its period, time zone and filters. */
interface Period {
  readonly name: string;
  readonly description: string;
  readonly params: Readonly<Record<string, string>>;
  /** The instants the count(*) reference reads. */
  readonly from: string;
  readonly to: string;
}

/**
 * BENCH_REPORT_PERIODS (comma-separated; default: all of them): a year in UTC, in zones east and
 * west of it, and between mid-month days (the rollups plus slivers, query/period-plan.ts), and a
 * year filtered by channel, by team, by agent and by two priorities in Berlin (the cells,
 * query/cell-rollups.ts, and the per-agent indexes).
 */
const PERIODS: Record<string, Period> = {
  calendar: {
    name: 'calendar',
    description: 'calendar year 2025, UTC',
    params: { from: FROM, to: TO, timeZone: 'UTC' },
    from: FROM,
    to: TO,
  },
  rolling: {
    name: 'rolling',
    description: 'twelve months 2025-02 – 2026-01, UTC',
    params: { from: '2025-02-01', to: '2026-02-01', timeZone: 'UTC' },
    from: '2025-02-01T00:00:00Z',
    to: '2026-02-01T00:00:00Z',
  },
  berlin: {
    name: 'berlin',
    description: 'calendar year 2025, Europe/Berlin',
    params: { from: '2025-01-01', to: '2026-01-01', timeZone: 'Europe/Berlin' },
    from: '2024-12-31T23:00:00Z',
    to: '2025-12-31T23:00:00Z',
  },
  'new-york': {
    name: 'new-york',
    description: 'calendar year 2025, America/New_York',
    params: { from: '2025-01-01', to: '2026-01-01', timeZone: 'America/New_York' },
    from: '2025-01-01T05:00:00Z',
    to: '2026-01-01T05:00:00Z',
  },
  'mid-month': {
    name: 'mid-month',
    description: 'a year from 2025-01-15, UTC',
    params: { from: '2025-01-15', to: '2026-01-15', timeZone: 'UTC' },
    from: '2025-01-15T00:00:00Z',
    to: '2026-01-15T00:00:00Z',
  },
  email: {
    name: 'email',
    description: 'calendar year 2025, UTC, channel=email',
    params: { from: FROM, to: TO, timeZone: 'UTC', channel: 'email' },
    from: FROM,
    to: TO,
  },
  team: {
    name: 'team',
    description: 'calendar year 2025, UTC, team=team-3',
    params: { from: FROM, to: TO, timeZone: 'UTC', team: 'team-3' },
    from: FROM,
    to: TO,
  },
  agent: {
    name: 'agent',
    description: "calendar year 2025, UTC, agent=agent-7 (an agent's own reports)",
    params: { from: FROM, to: TO, timeZone: 'UTC', agent: 'agent-7' },
    from: FROM,
    to: TO,
  },
  'berlin-urgent': {
    name: 'berlin-urgent',
    description: 'calendar year 2025, Europe/Berlin, priority=high,urgent',
    params: {
      from: '2025-01-01',
      to: '2026-01-01',
      timeZone: 'Europe/Berlin',
      priority: 'high,urgent',
    },
    from: '2024-12-31T23:00:00Z',
    to: '2025-12-31T23:00:00Z',
  },
};
const SELECTED: Period[] = (
  process.env.BENCH_REPORT_PERIODS ??
  'calendar,rolling,berlin,new-york,mid-month,email,team,agent,berlin-urgent'
)
  .split(',')
  .map((name) => {
    const period = PERIODS[name.trim()];
    if (period === undefined) throw new Error(`BENCH_REPORT_PERIODS: unknown period ${name}`);
    return period;
  });

const log = (message: string): void => {
  process.stderr.write(`${message}\n`);
};

interface Latency {
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
}

/** Nearest-rank percentiles of the samples (ms). */
function latency(samples: readonly number[]): Latency {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number): number =>
    sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? Number.NaN;
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), max: sorted.at(-1) ?? Number.NaN };
}

async function sample(work: () => Promise<void>): Promise<Latency> {
  for (let i = 0; i < WARMUP; i += 1) await work();
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    const started = performance.now();
    await work();
    samples.push(performance.now() - started);
  }
  return latency(samples);
}

interface Case {
  readonly report: string;
  readonly groupBy: string | null;
  /** The rows the report's main figures read, for the count(*) reference. */
  readonly referenceSql: string;
}

const YEAR = (column: string): string =>
  `SELECT count(*) FROM report_tickets WHERE ${column} >= $1 AND ${column} < $2`;

/**
 * BENCH_REPORT_GROUPS (comma-separated; default none,month,team,agent,day,week,hour): the
 * groupings measured for each report but the agents report; also channel, priority, type.
 */
const GROUPS: (string | null)[] = (
  process.env.BENCH_REPORT_GROUPS ?? 'none,month,team,agent,day,week,hour'
)
  .split(',')
  .map((g) => g.trim())
  .map((g) => (g === 'none' ? null : g));

const CASES: Case[] = [
  ...(['first-response', 'resolution', 'volume', 'satisfaction'] as const).flatMap((report) =>
    GROUPS.map((groupBy) => ({
      report,
      groupBy,
      referenceSql:
        report === 'first-response'
          ? YEAR('first_response_at')
          : report === 'resolution'
            ? YEAR('first_solved_at')
            : report === 'volume'
              ? YEAR('opened_at')
              : `SELECT count(*) FROM report_csat_surveys WHERE issued_at >= $1 AND issued_at < $2`,
    })),
  ),
  { report: 'agents', groupBy: null, referenceSql: YEAR('first_solved_at') },
];

async function main(): Promise<void> {
  const database = await openBenchDatabase(log);
  const pool = new Pool({ connectionString: database.url, max: 4 });
  let app: RunningServer | undefined;
  try {
    const seeded = await seedFacts(pool, TICKETS, log);
    log(`seeded in ${seeded.seconds.toFixed(1)} s`);
    const adminKey = randomBytes(24).toString('base64url');
    app = await startApplication(database.url, adminKey, log);
    const client = new HttpClient(app.url, 4);
    const health = await sample(async () => {
      const response = await client.request('GET', '/health');
      if (response.status !== 200) throw new Error(`GET /health → ${response.status}`);
    });
    const rows: string[] = [];
    let worst = 0;
    for (const period of SELECTED) {
      for (const c of CASES) {
        const params = new URLSearchParams(period.params);
        if (c.groupBy !== null) params.set('groupBy', c.groupBy);
        const path = `/reports/${c.report}?${params.toString()}`;
        let groups = 0;
        const http = await sample(async () => {
          const response = await client.request<{ groups?: unknown[]; agents?: unknown[] }>(
            'GET',
            path,
            {
              apiKey: adminKey,
            },
          );
          if (response.status !== 200) {
            throw new Error(`GET ${path} → ${response.status} ${JSON.stringify(response.body)}`);
          }
          groups = (response.body.groups ?? response.body.agents ?? []).length;
        });
        const reference = await sample(async () => {
          await pool.query(c.referenceSql, [period.from, period.to]);
        });
        worst = Math.max(worst, http.p95);
        log(`${path}: p50 ${ms(http.p50)} p95 ${ms(http.p95)} p99 ${ms(http.p99)} ms`);
        rows.push(
          `| ${period.name} | ${c.report} | ${c.groupBy ?? '–'} | ${groups} | ${ms(http.p50)} | ${ms(http.p95)} | ${ms(http.p99)} | ${http.p95 <= TARGET_P95_MS ? 'yes' : '**no**'} | ${ms(reference.p50)} | ${ms(reference.p95)} |`,
        );
      }
    }
    const cpus = os.cpus();
    const lines = [
      `## bench:reports — ${TICKETS.toLocaleString('en-US')} tickets over one year`,
      '',
      `Machine: ${cpus.length} × ${cpus[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB; ${database.description}.`,
      `Seeded in ${seeded.seconds.toFixed(1)} s: ${seeded.sizes.join('; ')}.`,
      `Each case: ${RUNS} sequential requests after ${WARMUP} warm-ups. Periods: ${SELECTED.map((p) => `${p.name} = ${p.description}`).join('; ')}. Target: p95 < ${TARGET_P95_MS} ms.`,
      `HTTP floor (GET /health, same client): p50 ${ms(health.p50)} ms, p95 ${ms(health.p95)} ms.`,
      '',
      '| period | report | groupBy | groups | HTTP p50 ms | HTTP p95 ms | HTTP p99 ms | p95 < 200 ms | reference count(*) p50 ms | reference count(*) p95 ms |',
      '|---|---|---|---:|---:|---:|---:|---|---:|---:|',
      ...rows,
      '',
      `Worst p95: ${ms(worst)} ms.`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await app?.stop();
    await pool.end();
    await database.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
