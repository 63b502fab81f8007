/**
 * The exact two-step percentiles against PostgreSQL's own percentile_cont over the fact rows, on a
 * year of synthetic tickets dense enough that many values share a bucket (so ranks are read from
 * the bottom and from the top of buckets, in pairs and alone), over periods that take a year, a
 * quarter and month spans, and months on both sides of a year end.
 *
 * The data is the benchmark's generator (bench/reports/seed-facts.ts): fact rows and, derived
 * from them by SQL, the rollups the method reads. (That the projection keeps the rollups equal to
 * its rows is report-facts.projection.int.spec.ts; that every report number is right end to end
 * is test/e2e/reports-replay.)
 */
import { Pool, type PoolClient } from 'pg';
import { seedFacts } from '../../../../bench/reports/seed-facts';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-database';
import { AGENT_KINDS } from '../agents/agents.report';
import { GROUP_DIMENSIONS } from '../facts/group-rollups';
import { ReportTicketFactsProjection } from '../facts/ticket-facts.projection';
import { FIRST_RESPONSE_KINDS } from '../first-response/first-response-histogram';
import { RESOLUTION_KINDS } from '../resolution/resolution.report';
import {
  exactDistributions,
  exactDistributionsByGroup,
  ALL_SPANS_VERSION,
  GROUP_ROLLUPS_VERSION,
  groupRollupsServed,
  rollupsServed,
  type ExactDistributions,
  type HistogramKind,
} from './exact-histogram';
import { hourDistributions, hourGroupsOf } from './hour-groups';
import { reportCriteriaOf } from './report-criteria';
import type { GroupBy } from './report.query.dto';
import type { Run } from './report-snapshot';

const ADMIN = { keyId: 'k', role: 'admin', principalId: 'admin' } as const;
const PERIODS: [string, string][] = [
  ['2025-01-01', '2026-01-01'],
  ['2025-02-01', '2025-08-01'],
  ['2025-11-01', '2026-02-01'],
  // Between mid-month days: the day spans of the partial months.
  ['2025-01-15', '2025-12-20'],
];

/** A date is UTC midnight; an instant is itself. */
const instant = (value: string): string => (value.includes('T') ? value : `${value}T00:00:00Z`);

describe('exact percentiles from the histograms', () => {
  let database: TestDatabase;
  let pool: Pool;

  beforeAll(async () => {
    database = await createTestDatabase();
    pool = new Pool({ connectionString: database.url, max: 2 });
    await seedFacts(pool, 30_000, () => undefined);
  }, 120_000);

  afterAll(async () => {
    await pool?.end();
    await database?.drop();
  });

  async function inSnapshot<T>(work: (run: Run) => Promise<T>): Promise<T> {
    const client: PoolClient = await pool.connect();
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const run: Run = async (sql, values) => (await client.query(sql, values)).rows;
      return await work(run);
    } finally {
      await client.query('COMMIT');
      client.release();
    }
  }

  /** percentile_cont and the exact mean per group, straight from report_tickets. */
  async function expected(
    kind: HistogramKind,
    group: string | null,
    [from, to]: [string, string],
    withoutGroup = true,
  ): Promise<Map<string, { count: number; median: number; p90: number; mean: number }>> {
    const rows = await pool.query<{
      k: string;
      count: number;
      median: number;
      p90: number;
      mean: string;
    }>(
      `SELECT ${group === null ? `'*'` : `COALESCE(${group}, '')`} AS k, count(*)::int AS count,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY ${kind.column}) AS median,
              percentile_cont(0.9) WITHIN GROUP (ORDER BY ${kind.column}) AS p90,
              (sum(${kind.column})::numeric / count(*))::text AS mean
       FROM report_tickets
       WHERE ${kind.at} >= $1::timestamptz AND ${kind.at} < $2::timestamptz
         ${group !== null && !withoutGroup ? `AND ${group} IS NOT NULL` : ''}
       GROUP BY 1`,
      [instant(from), instant(to)],
    );
    return new Map(rows.rows.map((r) => [r.k, { ...r, mean: Number(r.mean) }]));
  }

  function compare(
    actual: ExactDistributions,
    kind: HistogramKind,
    wanted: Map<string, { count: number; median: number; p90: number; mean: number }>,
    medianOnly: boolean,
  ): void {
    const got = [...actual.entries()].filter(([, perKind]) => perKind.has(kind.kind));
    expect(new Set(got.map(([key]) => key))).toEqual(new Set(wanted.keys()));
    for (const [key, perKind] of got) {
      const distribution = perKind.get(kind.kind);
      const want = wanted.get(key);
      expect({ key, count: distribution?.count }).toEqual({ key, count: want?.count });
      expect(distribution?.median).toBeCloseTo(want?.median ?? NaN, 6);
      if (!medianOnly) {
        expect(distribution?.p90).toBeCloseTo(want?.p90 ?? NaN, 6);
        expect(distribution?.mean).toBeCloseTo(want?.mean ?? NaN, 6);
      }
    }
  }

  const criteriaOf = ([from, to]: [string, string], groupBy?: GroupBy) =>
    reportCriteriaOf(
      { from: instant(from), to: instant(to), groupBy },
      ADMIN,
      Date.parse('2026-06-01T00:00:00Z'),
    );

  it.each(PERIODS)('by team, %s to %s: every kind equals percentile_cont', async (from, to) => {
    const criteria = criteriaOf([from, to], 'team');
    const kinds = [...FIRST_RESPONSE_KINDS, ...RESOLUTION_KINDS];
    const actual = await inSnapshot((run) =>
      exactDistributionsByGroup(run, criteria, kinds, GROUP_DIMENSIONS.team),
    );
    for (const kind of kinds) {
      const perTeam = await expected(kind, kind.team, [from, to]);
      const all = await expected(kind, null, [from, to]);
      compare(actual, kind, new Map([...perTeam, ...all]), false);
    }
  });

  it.each(PERIODS)('by agent, %s to %s: every median equals percentile_cont', async (from, to) => {
    const criteria = criteriaOf([from, to]);
    const actual = await inSnapshot((run) =>
      exactDistributionsByGroup(run, criteria, AGENT_KINDS, GROUP_DIMENSIONS.agent),
    );
    for (const kind of AGENT_KINDS) {
      // The agents report leaves tickets nobody handled out.
      const wanted = await expected(kind, kind.agent ?? kind.team, [from, to], false);
      compare(actual, kind, wanted, true);
    }
  });

  it.each(PERIODS)(
    'grouped by agent, %s to %s: every kind, nobody and the total equal percentile_cont',
    async (from, to) => {
      const criteria = criteriaOf([from, to], 'agent');
      const kinds = [...FIRST_RESPONSE_KINDS, ...RESOLUTION_KINDS];
      const actual = await inSnapshot((run) =>
        exactDistributionsByGroup(run, criteria, kinds, GROUP_DIMENSIONS.agent, {
          withTotal: true,
          medianOnly: false,
        }),
      );
      for (const kind of kinds) {
        const perAgent = await expected(kind, kind.agent ?? kind.team, [from, to]);
        const all = await expected(kind, null, [from, to]);
        compare(actual, kind, new Map([...perAgent, ...all]), false);
      }
    },
  );

  it('uses the group rollups only once the projection version that keeps them is served', async () => {
    const served = () => inSnapshot((run) => groupRollupsServed(run));
    const serve = (version: number) =>
      pool.query(
        `INSERT INTO projection_checkpoints (name, version, updated_at) VALUES ('report_ticket_facts', $1, now())
         ON CONFLICT (name) DO UPDATE SET version = $1`,
        [version],
      );
    expect(await served()).toBe(false);
    // After an upgrade, until the blue/green rebuild swaps in, the older version is served.
    await serve(GROUP_ROLLUPS_VERSION - 1);
    expect(await served()).toBe(false);
    await serve(GROUP_ROLLUPS_VERSION);
    expect(await served()).toBe(true);
    expect(new ReportTicketFactsProjection().version).toBeGreaterThanOrEqual(GROUP_ROLLUPS_VERSION);
  });

  it.each([
    ['day and month rows', GROUP_ROLLUPS_VERSION],
    ['the packed spans over all tickets', ALL_SPANS_VERSION],
  ])('ungrouped over days and months, from %s, equals percentile_cont', async (_, version) => {
    await pool.query(
      `INSERT INTO projection_checkpoints (name, version, updated_at) VALUES ('report_ticket_facts', $1, now())
       ON CONFLICT (name) DO UPDATE SET version = $1`,
      [version],
    );
    expect(await inSnapshot((run) => rollupsServed(run, ALL_SPANS_VERSION))).toBe(
      version >= ALL_SPANS_VERSION,
    );
    // Plus instants between hours: slivers of fact rows at both ends.
    for (const period of [
      ...PERIODS,
      ['2025-03-14T07:20:00Z', '2025-09-03T18:30:00Z'] as [string, string],
    ]) {
      const actual = await inSnapshot((run) =>
        exactDistributions(run, criteriaOf(period), RESOLUTION_KINDS),
      );
      for (const kind of RESOLUTION_KINDS) {
        compare(actual, kind, await expected(kind, null, period), false);
      }
    }
  });

  it.each([
    // Spring forward (2025-03-09: no 02:00), cut inside hours at both ends.
    ['America/New_York', '2025-03-08T18:30:00Z', '2025-03-12T07:15:00Z'],
    // Fall back (2025-10-26: 02:00 twice, one group of two UTC hours).
    ['Europe/Berlin', '2025-10-25T12:20:00Z', '2025-10-27T05:40:00Z'],
  ])('by hour in %s, %s to %s: every group equals percentile_cont', async (zone, from, to) => {
    const criteria = reportCriteriaOf(
      { from, to, groupBy: 'hour', timeZone: zone },
      ADMIN,
      Date.parse('2026-06-01T00:00:00Z'),
    );
    const hours = hourGroupsOf(criteria);
    if (hours === null) throw new Error('a whole-hour zone has hour groups');
    // The two cut hours are not whole, nor is Berlin's repeated hour (one group of two).
    expect(hours.keys.length - hours.whole.size).toBe(zone === 'Europe/Berlin' ? 3 : 2);
    expect(hours.plan.slivers.length - hours.keys.length).toBe(zone === 'Europe/Berlin' ? 1 : 0);
    const kinds = [...FIRST_RESPONSE_KINDS, ...RESOLUTION_KINDS];
    const actual = await inSnapshot((run) => hourDistributions(run, criteria, hours, kinds));
    for (const kind of kinds) {
      const local = `to_char(${kind.at} AT TIME ZONE '${zone}', 'YYYY-MM-DD"T"HH24:00')`;
      const perHour = await expected(kind, local, [from, to]);
      const all = await expected(kind, null, [from, to]);
      compare(actual, kind, new Map([...perHour, ...all]), false);
    }
  });
});
