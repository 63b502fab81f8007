/**
 * Development aid for bench:reports: seeds BENCH_TICKETS tickets and prints, per report, the time
 * of each SQL statement the report runs (straight on PostgreSQL, no HTTP), to see where a
 * report's time goes. Not part of the benchmark's figures.
 *
 *   PROFILE_REPORTS=firstResponseReport PROFILE_EXPLAIN=1 \
 *     npx ts-node --transpile-only bench/reports/profile-queries.ts
 */
import { performance } from 'node:perf_hooks';
import { Pool } from 'pg';
import type { Principal } from '../../src/auth/principal';
import { agentsReport } from '../../src/feedback/reports/agents/agents.report';
import { firstResponseReport } from '../../src/feedback/reports/first-response/first-response.report';
import { reportCriteriaOf } from '../../src/feedback/reports/query/report-criteria';
import type { GroupBy } from '../../src/feedback/reports/query/report.query.dto';
import type { Run } from '../../src/feedback/reports/query/report-snapshot';
import { resolutionReport } from '../../src/feedback/reports/resolution/resolution.report';
import { satisfactionReport } from '../../src/feedback/reports/satisfaction/satisfaction.report';
import { volumeReport } from '../../src/feedback/reports/volume/volume.report';
import { openBenchDatabase } from '../support/bench-database';
import { seedFacts } from './seed-facts';

const TICKETS = Number(process.env.BENCH_TICKETS ?? 1_000_000);
const log = (m: string): void => void process.stderr.write(`${m}\n`);
/** PROFILE_REPORTS=firstResponseReport,volumeReport: only those. */
const ONLY = process.env.PROFILE_REPORTS?.split(',');
const ADMIN: Principal = { keyId: 'k', role: 'admin', principalId: 'admin' };

async function main(): Promise<void> {
  const database = await openBenchDatabase(log);
  const pool = new Pool({ connectionString: database.url, max: 2 });
  // The server stops under idle connections at the end: not an error here.
  pool.on('error', () => undefined);
  try {
    await seedFacts(pool, TICKETS, log);
    const reports = {
      firstResponseReport,
      resolutionReport,
      volumeReport,
      satisfactionReport,
      agentsReport,
    };
    for (const groupBy of [undefined, 'month', 'team'] as (GroupBy | undefined)[]) {
      const criteria = reportCriteriaOf(
        { from: '2025-01-01T00:00:00Z', to: '2026-01-01T00:00:00Z', groupBy },
        ADMIN,
        Date.parse('2026-01-02T00:00:00Z'),
      );
      for (const [name, build] of Object.entries(reports)) {
        if (name === 'agentsReport' && groupBy !== undefined) continue;
        if (ONLY !== undefined && !ONLY.includes(name)) continue;
        const timings: string[] = [];
        const run: Run = async (sql, values) => {
          const started = performance.now();
          const result = await pool.query(sql, values);
          timings.push(
            `${(performance.now() - started).toFixed(0)}ms ${sql.replace(/\s+/g, ' ').slice(0, 90)}`,
          );
          if (process.env.PROFILE_EXPLAIN === '1') {
            const plan = await pool.query<{ 'QUERY PLAN': string }>(
              `EXPLAIN (ANALYZE, BUFFERS) ${sql}`,
              values,
            );
            timings.push(plan.rows.map((row) => `      ${row['QUERY PLAN']}`).join('\n'));
          }
          return result.rows;
        };
        const started = performance.now();
        await build(run, criteria, ADMIN);
        log(`\n${name} groupBy=${groupBy ?? '-'}: ${(performance.now() - started).toFixed(0)} ms`);
        for (const t of timings) log(`  ${t}`);
      }
    }
  } finally {
    await pool.end();
    await database.close();
  }
}

void main();
