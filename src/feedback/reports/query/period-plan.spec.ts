import fc from 'fast-check';
import type { ReportCriteria } from './report-criteria';
import type { GroupBy } from './report.query.dto';
import { hoursOf, periodGroupsOf, planAt, type GrainPlan, type PeriodGroup } from './period-plan';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const ZONES = [
  'UTC',
  'Europe/Berlin',
  'America/New_York',
  'Asia/Kolkata',
  'Australia/Lord_Howe',
  // Fall back from 01:00 to 00:00, and from 00:00 to 23:00 the day before.
  'America/Havana',
  'America/Santiago',
];

const criteriaOf = (
  fromMs: number,
  toMs: number,
  timeZone: string,
  groupBy: GroupBy | null,
): ReportCriteria => ({
  fromMs,
  toMs,
  timeZone,
  groupBy,
  agents: [],
  teams: [],
  channels: [],
  priorities: [],
  types: [],
  nowMs: toMs,
});

/** The group SQL puts an instant in: its wall-clock day, week (from Monday) or month. */
function wallClockKey(ms: number, timeZone: string, unit: 'day' | 'week' | 'month'): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    })
      .formatToParts(ms)
      .map((p) => [p.type, p.value]),
  );
  if (unit === 'month') return `${parts.year}-${parts.month}`;
  const date = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day));
  if (unit === 'day') return new Date(date).toISOString().slice(0, 10);
  const monday = date - ((new Date(date).getUTCDay() + 6) % 7) * DAY;
  return new Date(monday).toISOString().slice(0, 10);
}

/** How many times the plan counts instant `ms` for each key: core +1, slivers ±1. */
function coverageOf(plan: GrainPlan): (key: string, ms: number) => number {
  const byKey = new Map<string, [number, number, number][]>();
  const add = (key: string, from: number, to: number, sign: number) =>
    byKey.set(key, [...(byKey.get(key) ?? []), [from, to, sign]]);
  for (const core of plan.cores) add(core.key, Date.parse(core.from), Date.parse(core.to), 1);
  for (const s of plan.slivers) add(s.key, s.fromMs, s.toMs, s.sign);
  return (key, ms) =>
    (byKey.get(key) ?? []).reduce(
      (n, [from, to, sign]) => (ms >= from && ms < to ? n + sign : n),
      0,
    );
}

const aligned = (plan: GrainPlan): boolean =>
  plan.cores.every((core) =>
    [core.from, core.to].every((date) =>
      plan.grain === 'day' ? date.length === 10 : date.endsWith('-01'),
    ),
  );

describe('period plan', () => {
  const instant = fc.integer({ min: Date.parse('2024-01-01'), max: Date.parse('2027-01-01') });

  it('counts every instant of each group exactly once, and nothing outside it, at both grains', () => {
    fc.assert(
      fc.property(
        instant,
        fc.integer({ min: 1, max: 400 * DAY }),
        fc.constantFrom(...ZONES),
        fc.constantFrom<GroupBy | null>(null, 'team', 'day', 'week', 'month'),
        fc.constantFrom<'day' | 'month'>('day', 'month'),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 20, maxLength: 20 }),
        (fromMs, length, zone, groupBy, grain, probes) => {
          const toMs = fromMs + length;
          const groups = periodGroupsOf(criteriaOf(fromMs, toMs, zone, groupBy));
          if (groups === null) return; // a clock change across a boundary: no plan
          const plan = planAt(groups, grain);
          expect(aligned(plan)).toBe(true);
          // The groups tile the period in order.
          expect(groups[0].fromMs).toBe(fromMs);
          expect(groups.at(-1)?.toMs).toBe(toMs);
          groups.slice(1).forEach((g, i) => expect(g.fromMs).toBe(groups[i].toMs));
          // Probes inside the period, at the edges of groups and slivers, and just outside.
          const points = [
            ...probes.map((p) => Math.floor(fromMs + p * length)),
            ...groups.flatMap((g) => [g.fromMs - 1, g.fromMs, g.toMs - 1, g.toMs]),
            ...plan.slivers.flatMap((s) => [s.fromMs - 1, s.fromMs, s.toMs - 1, s.toMs]),
          ];
          const coverage = coverageOf(plan);
          for (const ms of points) {
            // The group holding the instant and its neighbours (the only ones whose cores or
            // slivers can reach it).
            const found = groups.findIndex((g) => ms < g.toMs);
            const at = found === -1 ? groups.length - 1 : found;
            for (const group of groups.slice(Math.max(0, at - 1), at + 2)) {
              const inside = ms >= group.fromMs && ms < group.toMs ? 1 : 0;
              expect(coverage(group.key, ms)).toBe(inside);
            }
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('splits every sliver into its whole UTC hours and the rest of it, each instant once', () => {
    fc.assert(
      fc.property(
        instant,
        fc.integer({ min: 1, max: 20 * DAY }),
        fc.constantFrom(...ZONES),
        fc.constantFrom<GroupBy | null>(null, 'day', 'week', 'month'),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 20, maxLength: 20 }),
        (fromMs, length, zone, groupBy, probes) => {
          const groups = periodGroupsOf(criteriaOf(fromMs, fromMs + length, zone, groupBy));
          if (groups === null) return;
          const plan = planAt(groups, 'day');
          const { hours, rest } = hoursOf(plan);
          // Whole hours only, and no whole hour left to the fact rows.
          for (const h of hours) expect(h.hourMs % HOUR).toBe(0);
          for (const s of rest.slivers) {
            expect(Math.ceil(s.fromMs / HOUR) * HOUR + HOUR).toBeGreaterThan(s.toMs);
          }
          const split: GrainPlan = {
            ...rest,
            slivers: [
              ...rest.slivers,
              ...hours.map((h) => ({
                key: h.key,
                fromMs: h.hourMs,
                toMs: h.hourMs + HOUR,
                sign: h.sign,
              })),
            ],
          };
          const before = coverageOf(plan);
          const after = coverageOf(split);
          const points = [
            ...probes.map((p) => Math.floor(fromMs + p * length)),
            ...plan.slivers.flatMap((s) => [s.fromMs - 1, s.fromMs, s.toMs - 1, s.toMs]),
          ];
          for (const ms of points) {
            for (const group of groups) expect(after(group.key, ms)).toBe(before(group.key, ms));
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('keys each local day, week and month as the fact queries group an instant', () => {
    fc.assert(
      fc.property(
        instant,
        fc.integer({ min: 1, max: 120 * DAY }),
        fc.constantFrom(...ZONES),
        fc.constantFrom<'day' | 'week' | 'month'>('day', 'week', 'month'),
        (fromMs, length, zone, unit) => {
          const groups = periodGroupsOf(criteriaOf(fromMs, fromMs + length, zone, unit));
          if (groups === null) return;
          for (const group of groups) {
            expect(wallClockKey(group.fromMs, zone, unit)).toBe(group.key);
            expect(wallClockKey(group.toMs - 1, zone, unit)).toBe(group.key);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('reads a Berlin year from the UTC months and two hours of fact rows', () => {
    const groups = periodGroupsOf(
      criteriaOf(
        Date.parse('2024-12-31T23:00:00Z'),
        Date.parse('2025-12-31T23:00:00Z'),
        'Europe/Berlin',
        null,
      ),
    ) as PeriodGroup[];
    const plan = planAt(groups, 'month');
    expect(plan.cores).toEqual([{ key: '', from: '2025-01-01', to: '2026-01-01' }]);
    expect(plan.slivers).toEqual([
      {
        key: '',
        fromMs: Date.parse('2024-12-31T23:00:00Z'),
        toMs: Date.parse('2025-01-01T00:00:00Z'),
        sign: 1,
      },
      {
        key: '',
        fromMs: Date.parse('2025-12-31T23:00:00Z'),
        toMs: Date.parse('2026-01-01T00:00:00Z'),
        sign: -1,
      },
    ]);
  });

  it('plans by day across every clock change that keeps days contiguous; by hour not', () => {
    const day = (from: string, to: string, zone: string, groupBy: GroupBy = 'day') =>
      periodGroupsOf(criteriaOf(Date.parse(from), Date.parse(to), zone, groupBy));
    // Berlin changes at 02:00/03:00 local, New York at 02:00: after midnight, never back over it.
    expect(day('2025-12-31T23:00:00Z', '2026-12-31T23:00:00Z', 'Europe/Berlin')).toHaveLength(365);
    expect(day('2025-01-01T05:00:00Z', '2026-01-01T05:00:00Z', 'America/New_York')).toHaveLength(
      365,
    );
    // Havana falls back from 01:00 to 00:00 (2025-11-02): back to midnight, not before it.
    expect(day('2025-10-28T04:00:00Z', '2025-11-05T05:00:00Z', 'America/Havana')).toHaveLength(8);
    // Santiago falls back from 00:00 to 23:00 the day before (2025-04-06): the wall clock never
    // showed April 6 before it, so April 5 is one 25-hour range and April 6 starts after it.
    expect(day('2025-04-01T03:00:00Z', '2025-04-10T04:00:00Z', 'America/Santiago')).toHaveLength(9);
    expect(day('2026-03-01T00:00:00Z', '2026-03-02T00:00:00Z', 'UTC', 'hour')).toBeNull();
  });
});
