import {
  AGENT_MEASURES_VERSION,
  HOUR_COUNTS_VERSION,
  groupRollupsServed,
  rollupsServed,
  withoutFilters,
} from '../query/exact-histogram';
import { TEAM_MEASURES } from '../facts/team-measures';
import { holderCounts } from '../query/team-counts';
import { ApiProperty } from '@nestjs/swagger';
import type { ReportCriteria } from '../query/report-criteria';
import type { GroupBy } from '../query/report.query.dto';
import { filtersOf, groupKey, SqlParams, type Attribution } from '../query/report-sql';
import type { Run } from '../query/report-snapshot';
import { CELL_MEASURES } from '../facts/cell-rollups';
import { NO_AGENT, NO_TEAM } from '../facts/group-rollups';
import { cellPathApplies, cellVolume } from '../query/cell-rollups';
import {
  coresSql,
  periodGroupsOf,
  plannedGroups,
  planAt,
  signedCount,
  sliversSql,
  sumPlanned,
  withSliverPlan,
  sliverTickets,
} from '../query/period-plan';
import { hourCounts, hourGroupsOf, hourPathServed, type HourGroups } from '../query/hour-groups';
import { CHANNELS, TICKET_TYPES } from '../../../tickets/ticket.values';
import {
  maxSerialisableEntries,
  REPORT_GROUP_KEY_MAX_LENGTH,
  ReportMetaView,
} from '../query/report.views';
import { FIRST_SOLVE_ATTRIBUTION, OPENING_ATTRIBUTION } from '../resolution/resolution.report';

export class VolumeCountsView {
  @ApiProperty({ description: 'Tickets opened in the period.', minimum: 0 })
  opened!: number;

  @ApiProperty({
    description: 'Tickets first solved in the period (attributed to the assignee at that solve).',
    minimum: 0,
  })
  solved!: number;
}

export class VolumeGroupView extends VolumeCountsView {
  @ApiProperty({ type: String, nullable: true, maxLength: REPORT_GROUP_KEY_MAX_LENGTH })
  key!: string | null;
}

export class ParetoEntryView extends VolumeCountsView {
  @ApiProperty({ enum: TICKET_TYPES })
  type!: string;

  @ApiProperty({
    description: "This type's share of the tickets opened, in [0, 1].",
    type: Number,
    nullable: true,
  })
  share!: number | null;

  @ApiProperty({
    description: 'Running share down the list (most frequent type first), in [0, 1].',
    type: Number,
    nullable: true,
  })
  cumulativeShare!: number | null;

  @ApiProperty({
    description:
      'Among the few types that together make up 80 % of the volume (the first ones whose cumulative share reaches 0.8).',
  })
  vitalFew!: boolean;
}

export class ChannelVolumeView extends VolumeCountsView {
  @ApiProperty({ enum: CHANNELS })
  channel!: string;
}

/** Agent and team groups are as many as the directory holds: bounded by the body's size only. */
const MAX_VOLUME_GROUPS = maxSerialisableEntries({ key: null, opened: 0, solved: 0 });

export class VolumeReportView extends ReportMetaView {
  @ApiProperty({ type: VolumeCountsView })
  total!: VolumeCountsView;

  @ApiProperty({
    type: [VolumeGroupView],
    maxItems: MAX_VOLUME_GROUPS,
    description: 'One entry per group when `groupBy` is given.',
  })
  groups!: VolumeGroupView[];

  @ApiProperty({
    type: [ChannelVolumeView],
    maxItems: CHANNELS.length,
    description: 'By channel, most opened first.',
  })
  byChannel!: ChannelVolumeView[];

  @ApiProperty({
    type: [ParetoEntryView],
    maxItems: TICKET_TYPES.length,
    description: 'By type in Pareto order: most opened first, with running shares.',
  })
  byType!: ParetoEntryView[];
}

type Body = Omit<VolumeReportView, keyof ReportMetaView>;

interface Counts {
  readonly total: number;
  readonly byGroup: Map<string | null, number>;
  readonly byChannel: Map<string, number>;
  readonly byType: Map<string, number>;
}

/** One scan of the rows attributed to the period: total, per group, per channel, per type. */
async function counts(
  run: Run,
  criteria: ReportCriteria,
  attribution: Attribution,
): Promise<Counts> {
  const params = new SqlParams();
  const groupBy = criteria.groupBy;
  const key =
    groupBy === null ? 'NULL::text' : groupKey(groupBy, attribution, params, criteria.timeZone);
  const where = filtersOf(attribution, criteria, params);
  const rows = await run<{ set: number; k: string | null; n: number }>(
    `SELECT CASE ${groupBy === null ? '' : 'WHEN GROUPING(k) = 0 THEN 1'} WHEN GROUPING(channel) = 0 THEN 2
                 WHEN GROUPING(type) = 0 THEN 3 ELSE 0 END AS set,
            COALESCE(${groupBy === null ? '' : 'k, '}channel, type) AS k, count(*)::int AS n
     FROM (SELECT ${groupBy === null ? '' : `${key} AS k, `}t.channel, t.type FROM report_tickets t
           WHERE ${attribution.at} IS NOT NULL AND ${where.join(' AND ')}
           -- A fence: flattened, k and channel (or type) would be one grouping expression.
           OFFSET 0) AS x
     GROUP BY GROUPING SETS (${groupBy === null ? '' : '(k), '}(channel), (type), ())`,
    params.values,
  );
  const result: Counts = { total: 0, byGroup: new Map(), byChannel: new Map(), byType: new Map() };
  let total = 0;
  for (const row of rows) {
    if (row.set === 0) total = row.n;
    else if (row.set === 1) result.byGroup.set(row.k, row.n);
    else if (row.set === 2) result.byChannel.set(row.k ?? '', row.n);
    else result.byType.set(row.k ?? '', row.n);
  }
  return { ...result, total };
}

/**
 * Without agent or team filters or groups, in any zone, the counts come from report_daily_counts
 * (a few hundred rows a day) instead of the ticket rows; by team (without other filters) the
 * groups come from report_daily_team_counts. Each group's nearest whole UTC days are read from
 * those, the slivers at its ends from the fact rows (query/period-plan.ts).
 */
export function dailyCountsApply(criteria: ReportCriteria): boolean {
  const groups: readonly (GroupBy | null)[] = [
    null,
    'channel',
    'type',
    'priority',
    'day',
    'week',
    'month',
  ];
  const byTeam =
    criteria.groupBy === 'team' &&
    criteria.channels.length + criteria.types.length + criteria.priorities.length === 0;
  return (
    (groups.includes(criteria.groupBy) || byTeam) &&
    criteria.agents.length === 0 &&
    criteria.teams.length === 0 &&
    periodGroupsOf(criteria) !== null
  );
}

/** The counted instant of each measure of report_daily_counts and report_daily_team_counts. */
const MEASURE_FACTS = {
  0: { at: 'opened_at', team: 'team_id' },
  1: { at: 'first_solved_at', team: 'first_solve_team_id' },
} as const;

/**
 * By local day, week or month without dimension filters: the whole period's counts (total,
 * channels, types) ungrouped, each group's from report_resolution_daily (a row a day), its
 * slivers' whole hours from report_hour_counts and only what is left of them from the fact rows
 * (a year by day in Berlin read 730 slivers of fact rows per measure).
 */
async function dailyCountsByTime(
  run: Run,
  criteria: ReportCriteria,
  measure: 0 | 1,
  // By hour: the local hours (query/hour-groups.ts hourCounts).
  hours: HourGroups | null = null,
): Promise<Counts> {
  const result = await dailyCounts(run, { ...criteria, groupBy: null }, measure);
  const column = measure === 0 ? 'opened' : 'first_solved';
  const hourly = [
    { name: 'n', measure: measure === 0 ? TEAM_MEASURES.opened : TEAM_MEASURES.firstSolved },
  ];
  const slivers = (sliversOf: string): string =>
    `SELECT s.k, NULL::text AS g, ${signedCount()} AS n
     FROM ${sliversOf} JOIN ${sliverTickets(MEASURE_FACTS[measure].at)} ON true GROUP BY 1`;
  const rows =
    hours !== null
      ? await hourCounts(run, hours, hourly, slivers)
      : await sumPlanned(
          run,
          planAt(plannedGroups(criteria), 'day'),
          ['n'],
          (cores) =>
            `SELECT p.k, NULL::text AS g, d.${column} AS n
             FROM ${cores} JOIN report_resolution_daily d ON d.day >= p.lo AND d.day < p.hi`,
          slivers,
          { hourly },
        );
  const byGroup = new Map<string | null, number>();
  for (const row of rows) if (row.n !== 0) byGroup.set(row.k, row.n);
  return { ...result, byGroup };
}

async function dailyCounts(run: Run, criteria: ReportCriteria, measure: 0 | 1): Promise<Counts> {
  const plan = planAt(plannedGroups(criteria), 'day');
  const facts = MEASURE_FACTS[measure];
  const params = new SqlParams();
  const groupBy = criteria.groupBy;
  const measureParam = `${params.add(measure)}::smallint`;
  const filters = (alias: string): string => {
    const conditions: string[] = [];
    const anyOf = (column: string, values: readonly string[]): void => {
      if (values.length > 0) {
        conditions.push(`${alias}.${column} = ANY(${params.add(values)}::text[])`);
      }
    };
    anyOf('channel', criteria.channels);
    anyOf('type', criteria.types);
    anyOf('priority', criteria.priorities);
    return conditions.map((c) => ` AND ${c}`).join('');
  };
  const parts: string[] = [];
  if (plan.cores.length > 0) {
    parts.push(`SELECT p.k AS pk, d.channel, d.type, d.priority, d.n
      FROM ${coresSql(plan, params)} JOIN report_daily_counts d
        ON d.measure = ${measureParam} AND d.day >= p.lo AND d.day < p.hi${filters('d')}`);
  }
  if (plan.slivers.length > 0) {
    parts.push(`SELECT s.k AS pk, t.channel, t.type, t.priority, sum(s.sign)::int AS n
      FROM ${sliversSql(plan, params)} JOIN ${sliverTickets(facts.at)} ON true${filters('t')}
      GROUP BY 1, 2, 3, 4`);
  }
  const timeGrouped = groupBy === 'day' || groupBy === 'week' || groupBy === 'month';
  const key = timeGrouped
    ? 'pk'
    : groupBy === 'channel' || groupBy === 'type' || groupBy === 'priority'
      ? groupBy
      : null;
  const rows = await withSliverPlan(run, plan, () =>
    run<{ set: number; k: string | null; n: number }>(
      `SELECT CASE ${key === null ? '' : 'WHEN GROUPING(k) = 0 THEN 1'}
                 WHEN GROUPING(channel) = 0 THEN 2 WHEN GROUPING(type) = 0 THEN 3 ELSE 0 END AS set,
            COALESCE(${key === null ? '' : 'k, '}channel, type) AS k,
            sum(n)::int AS n
     FROM (SELECT ${key === null ? '' : `${key} AS k, `}channel, type, n
           FROM (${parts.join('\nUNION ALL\n')}) AS u
           -- A fence: flattened, k and channel (or type) would be one grouping expression.
           OFFSET 0) AS x
     GROUP BY GROUPING SETS (${key === null ? '' : '(k), '}(channel), (type), ())
     HAVING sum(n) <> 0`,
      params.values,
    ),
  );
  const result: Counts = { total: 0, byGroup: new Map(), byChannel: new Map(), byType: new Map() };
  let total = 0;
  for (const row of rows) {
    if (row.set === 0) total = row.n;
    else if (row.set === 1) result.byGroup.set(row.k, row.n);
    else if (row.set === 2) result.byChannel.set(row.k ?? '', row.n);
    else result.byType.set(row.k ?? '', row.n);
  }
  if (groupBy === 'team') {
    const teams = await sumPlanned(
      run,
      plan,
      ['n'],
      (cores, teamParams) =>
        `SELECT p.k, d.team_id AS g, d.n FROM ${cores} JOIN report_daily_team_counts d
           ON d.measure = ${teamParams.add(measure)}::smallint AND d.day >= p.lo AND d.day < p.hi`,
      (slivers) =>
        `SELECT s.k, t.${facts.team} AS g, ${signedCount()} AS n
         FROM ${slivers} JOIN ${sliverTickets(facts.at)} ON true
         GROUP BY 1, 2`,
    );
    for (const row of teams) if (row.n !== 0) result.byGroup.set(row.g, row.n);
  }
  return { ...result, total };
}

/** Filtered by team (or grouped by team with other filters): the cells (query/cell-rollups.ts). */
async function cellCountsOf(
  run: Run,
  criteria: ReportCriteria,
  measure: typeof CELL_MEASURES.opened | typeof CELL_MEASURES.firstSolved,
): Promise<Counts> {
  const rows = await cellVolume(run, criteria, measure);
  const result: Counts = { total: 0, byGroup: new Map(), byChannel: new Map(), byType: new Map() };
  const add = <K>(map: Map<K, number>, key: K, n: number): void => {
    map.set(key, (map.get(key) ?? 0) + n);
  };
  let total = 0;
  for (const row of rows) {
    total += row.n;
    add(result.byChannel, row.channel, row.n);
    add(result.byType, row.type, row.n);
    if (criteria.groupBy === 'month') add(result.byGroup, row.k, row.n);
    else if (criteria.groupBy !== null)
      add(result.byGroup, row.g === NO_TEAM ? null : row.g, row.n);
  }
  for (const map of [result.byGroup, result.byChannel, result.byType] as Map<unknown, number>[]) {
    for (const [key, n] of map) if (n === 0) map.delete(key);
  }
  return { ...result, total };
}

const byKey = (a: string | null, b: string | null): number =>
  a === null ? 1 : b === null ? -1 : a < b ? -1 : a > b ? 1 : 0;

/**
 * By agent without filters: the totals, channels and types from report_daily_counts, the groups
 * (openings on the current assignee, first solves on theirs; nobody: null) from
 * report_agent_measures_* — each with the slivers of the period's ends.
 */
async function agentCounts(run: Run, criteria: ReportCriteria): Promise<[Counts, Counts]> {
  const ungrouped = { ...criteria, groupBy: null };
  const opened = await dailyCounts(run, ungrouped, 0);
  const solved = await dailyCounts(run, ungrouped, 1);
  const byAgent = await holderCounts(
    run,
    criteria,
    [
      { name: 'opened', measure: TEAM_MEASURES.opened },
      { name: 'solved', measure: TEAM_MEASURES.firstSolved },
    ],
    'agent',
  );
  for (const row of byAgent) {
    const key = row.g === NO_AGENT ? null : row.g;
    if (row.opened !== 0) opened.byGroup.set(key, row.opened);
    if (row.solved !== 0) solved.byGroup.set(key, row.solved);
  }
  return [opened, solved];
}

export async function volumeReport(run: Run, criteria: ReportCriteria): Promise<Body> {
  const daily = dailyCountsApply(criteria);
  const byAgent =
    !daily &&
    criteria.groupBy === 'agent' &&
    withoutFilters(criteria, false) &&
    (await rollupsServed(run, AGENT_MEASURES_VERSION));
  const cells = !daily && !byAgent && cellPathApplies(criteria) && (await groupRollupsServed(run));
  const byTime =
    daily &&
    (criteria.groupBy === 'day' || criteria.groupBy === 'week' || criteria.groupBy === 'month') &&
    withoutFilters(criteria, false) &&
    (await rollupsServed(run, HOUR_COUNTS_VERSION));
  const hours = (await hourPathServed(run, criteria)) ? hourGroupsOf(criteria) : null;
  const [opened, solved] = byAgent
    ? await agentCounts(run, criteria)
    : hours !== null
      ? [
          await dailyCountsByTime(run, criteria, 0, hours),
          await dailyCountsByTime(run, criteria, 1, hours),
        ]
      : byTime
        ? [await dailyCountsByTime(run, criteria, 0), await dailyCountsByTime(run, criteria, 1)]
        : [
            daily
              ? await dailyCounts(run, criteria, 0)
              : cells
                ? await cellCountsOf(run, criteria, CELL_MEASURES.opened)
                : await counts(run, criteria, OPENING_ATTRIBUTION),
            daily
              ? await dailyCounts(run, criteria, 1)
              : cells
                ? await cellCountsOf(run, criteria, CELL_MEASURES.firstSolved)
                : await counts(run, criteria, FIRST_SOLVE_ATTRIBUTION),
          ];
  const total = { opened: opened.total, solved: solved.total };
  const keysOf = <K>(...maps: Map<K, number>[]): K[] => [
    ...new Set(maps.flatMap((map) => [...map.keys()])),
  ];
  const groups =
    criteria.groupBy === null
      ? []
      : keysOf(opened.byGroup, solved.byGroup)
          .sort(byKey)
          .map((key) => ({
            key,
            opened: opened.byGroup.get(key) ?? 0,
            solved: solved.byGroup.get(key) ?? 0,
          }));
  const mostOpenedFirst = <T extends { opened: number; solved: number }>(
    a: T,
    b: T,
    ka: string,
    kb: string,
  ) => b.opened - a.opened || b.solved - a.solved || (ka < kb ? -1 : ka > kb ? 1 : 0);
  const byChannel = keysOf(opened.byChannel, solved.byChannel)
    .map((channel) => ({
      channel,
      opened: opened.byChannel.get(channel) ?? 0,
      solved: solved.byChannel.get(channel) ?? 0,
    }))
    .sort((a, b) => mostOpenedFirst(a, b, a.channel, b.channel));
  let running = 0;
  let reached = false;
  const byType = keysOf(opened.byType, solved.byType)
    .map((type) => ({
      type,
      opened: opened.byType.get(type) ?? 0,
      solved: solved.byType.get(type) ?? 0,
    }))
    .sort((a, b) => mostOpenedFirst(a, b, a.type, b.type))
    .map((entry) => {
      running += entry.opened;
      // Vital few: the types up to and including the one where the running share reaches 80 %.
      const vitalFew = !reached && entry.opened > 0;
      const cumulativeShare = total.opened === 0 ? null : running / total.opened;
      if (cumulativeShare !== null && cumulativeShare >= 0.8) reached = true;
      return {
        ...entry,
        share: total.opened === 0 ? null : entry.opened / total.opened,
        cumulativeShare,
        vitalFew,
      };
    });
  return { total, groups, byChannel, byType };
}
