/**
 * Reports filtered or grouped by channel, type, priority or team, over any period in any zone,
 * from the cell rollups (facts/cell-rollups.ts): each group's nearest whole UTC months are summed
 * from the few month, quarter and year rows of the cells matching the filters, the slivers between
 * those and the true ends from the fact rows with the same filters (query/period-plan.ts), and the
 * percentiles' ranks are read from the fact rows inside their bucket, filtered, index-only
 * (migration 1767830760007). Without a team filter or grouping the cells of every team
 * (dimension 2, ~250 per span) are read; with one, the matching teams' cells (dimension 3).
 * Filtered on one dimension only (marginalPartOf), its marginals (dimension 5, version 6) are read
 * instead, per UTC day, block, month, quarter and year: the groups' cores are whole UTC days, so
 * the path serves local days and weeks too.
 */
import {
  CELL_DIMENSIONS,
  CELL_MEASURES,
  CELL_PARTS,
  type CellDimension,
  type CellMeasure,
  type CellPart,
} from '../facts/cell-rollups';
import { NO_TEAM, spansCovering, spansCoveringDays } from '../facts/group-rollups';
import {
  groupRollupsServed,
  MARGINALS_VERSION,
  mergeHistograms,
  resolveRanks,
  rollupsServed,
  sliverBuckets,
  type ExactDistributions,
  type HistogramKind,
  type PackedRow,
} from './exact-histogram';
import {
  periodGroupsOf,
  planAt,
  plannedGroups,
  rangeOfKey,
  signedCount,
  sliversSql,
  SLIVER_SURVEYS,
  sumPlanned,
  withSliverPlan,
  type GrainPlan,
  type PeriodGroup,
  type PlannedRow,
  sliverTickets,
} from './period-plan';
import type { ReportCriteria } from './report-criteria';
import { SqlParams } from './report-sql';
import type { Run } from './report-snapshot';
import { MEASURE_FACTS } from './team-counts';

const DIMENSION_GROUPS: readonly string[] = ['team', 'channel', 'type', 'priority'];

/**
 * Any filter but agent, ungrouped, by month or by team, channel, type or priority; by day or week
 * when the marginals answer it (marginalPartOf) and are served (MARGINALS_VERSION). (By day, week
 * or hour the cells, kept per month, would leave nearly everything to the slivers; by agent or
 * with an agent filter the agents' own rollups or the fact rows answer.)
 */
export function cellPathApplies(criteria: ReportCriteria, marginalsServed = false): boolean {
  if (criteria.agents.length > 0) return false;
  const groupBy = criteria.groupBy;
  if (groupBy === 'day' || groupBy === 'week') {
    if (!marginalsServed || marginalPartOf(criteria) === null) return false;
  } else if (groupBy !== null && groupBy !== 'month' && !DIMENSION_GROUPS.includes(groupBy)) {
    return false;
  }
  return periodGroupsOf(criteria) !== null;
}

/** cellPathApplies, with whether the marginals are served read from the snapshot. */
export async function cellPathServed(run: Run, criteria: ReportCriteria): Promise<boolean> {
  if (!cellPathApplies(criteria, true)) return false;
  if (!(await groupRollupsServed(run))) return false;
  return cellPathApplies(criteria, await rollupsServed(run, MARGINALS_VERSION));
}

/** Whether the cell path's groups are periods (its rows' k) rather than dimension values (g). */
export const groupedByTime = (criteria: ReportCriteria): boolean =>
  criteria.groupBy === 'month' || criteria.groupBy === 'day' || criteria.groupBy === 'week';

const MARGINAL_PARTS = ['channel', 'type', 'priority'] as const;
const FILTER_OF: Record<(typeof MARGINAL_PARTS)[number], 'channels' | 'types' | 'priorities'> = {
  channel: 'channels',
  type: 'types',
  priority: 'priorities',
};

/**
 * The one dimension (channel, type or priority) a request filters on when the marginals
 * (facts/cell-rollups.ts marginalKeys) answer it: no team filter or grouping, no other dimension
 * filtered, grouped by time or by that dimension. Null: the cells answer.
 */
export function marginalPartOf(criteria: ReportCriteria): CellPart | null {
  if (criteria.teams.length > 0 || criteria.agents.length > 0) return null;
  const filtered = MARGINAL_PARTS.filter((part) => criteria[FILTER_OF[part]].length > 0);
  if (filtered.length !== 1) return null;
  const [part] = filtered;
  const groupBy = criteria.groupBy;
  const byTime = groupBy === null || groupBy === 'month' || groupBy === 'day' || groupBy === 'week';
  if (!byTime && groupBy !== part) return null;
  // By local day in a zone off UTC every day has two slivers of fact rows (a year in Berlin: 730
  // one-hour ranges, filtered): measured no faster than the fact path (first response by day in
  // Berlin for two priorities: 869 ms p95; the fact rows 413 ms in the previous run), so those
  // stay on it. A year by week has 104.
  const groups = periodGroupsOf(criteria);
  if (groups === null || planAt(groups, 'day').slivers.length > MAX_MARGINAL_SLIVERS) return null;
  return part;
}

const MAX_MARGINAL_SLIVERS = 200;

interface CellPlan {
  readonly dim: CellDimension;
  /** The key part a request grouped by a dimension groups on. */
  readonly part: CellPart | null;
  readonly groups: readonly PeriodGroup[];
  readonly plan: GrainPlan;
  /** The rollup rows of each group's core: [group key, span, start]. */
  readonly spans: readonly { k: string; span: number; start: string }[];
}

/**
 * The cells a request sums: with the marginals served and applying, the one filtered dimension's
 * marginals per UTC day (cores of whole UTC days: spansCoveringDays), otherwise the cells of every
 * team or per team per UTC month. `marginals` false: the cells even so (the volume report's
 * breakdown by channel and type needs both parts of each key).
 */
async function cellPlanOf(run: Run, criteria: ReportCriteria, marginals = true): Promise<CellPlan> {
  const groupBy = criteria.groupBy;
  const part =
    groupBy !== null && DIMENSION_GROUPS.includes(groupBy) ? (groupBy as CellPart) : null;
  const groups = plannedGroups(criteria);
  if (
    marginals &&
    marginalPartOf(criteria) !== null &&
    (await rollupsServed(run, MARGINALS_VERSION))
  ) {
    const plan = planAt(groups, 'day');
    return {
      dim: CELL_DIMENSIONS.marginal,
      part,
      groups,
      plan,
      spans: plan.cores.flatMap((core) =>
        spansCoveringDays(core.from, core.to).map((s) => ({ k: core.key, ...s })),
      ),
    };
  }
  const plan = planAt(groups, 'month');
  return {
    dim:
      criteria.teams.length > 0 || groupBy === 'team'
        ? CELL_DIMENSIONS.perTeam
        : CELL_DIMENSIONS.allTeams,
    part,
    groups,
    plan,
    spans: plan.cores.flatMap((core) =>
      spansCovering(Date.parse(core.from), Date.parse(core.to)).map((s) => ({ k: core.key, ...s })),
    ),
  };
}

/** The request's filters on a cell key (`AND …`). */
function keyFilters(key: string, criteria: ReportCriteria, params: SqlParams): string {
  const parts: [CellPart, readonly string[]][] = [
    ['team', criteria.teams],
    ['channel', criteria.channels],
    ['type', criteria.types],
    ['priority', criteria.priorities],
  ];
  return parts
    .filter(([, values]) => values.length > 0)
    .map(([part, values]) => {
      const column = `split_part(${key}, '|', ${CELL_PARTS[part]})`;
      return ` AND ${column} = ANY(${params.add(values)}::text[])`;
    })
    .join('');
}

/** The same filters on fact rows `t`, the team being the attribution's (`AND …`). */
export function factFilters(team: string, criteria: ReportCriteria, params: SqlParams): string {
  const columns: [string, readonly string[]][] = [
    [`t.${team}`, criteria.teams],
    ['t.channel', criteria.channels],
    ['t.type', criteria.types],
    ['t.priority', criteria.priorities],
  ];
  return columns
    .filter(([, values]) => values.length > 0)
    .map(([column, values]) => ` AND ${column} = ANY(${params.add(values)}::text[])`)
    .join('');
}

/** A fact row's dimension group (a team: '' for none, as in the cell keys). */
function factGroup(part: CellPart, team: string): string {
  return part === 'team' ? `COALESCE(t.${team}, '${NO_TEAM}')` : `t.${part}`;
}

const spansSql = (cells: CellPlan, params: SqlParams): string =>
  `unnest(${params.add(cells.spans.map((s) => s.k))}::text[],
          ${params.add(cells.spans.map((s) => s.span))}::smallint[],
          ${params.add(cells.spans.map((s) => s.start))}::date[]) AS p(k, span, start)`;

/**
 * Per group (the dimension value, or the local month; '*' for all, or alone when ungrouped) and
 * per kind: the exact distribution of the matching fact rows.
 */
export async function exactDistributionsByCell(
  run: Run,
  criteria: ReportCriteria,
  kinds: readonly HistogramKind[],
): Promise<ExactDistributions> {
  const cells = await cellPlanOf(run, criteria);
  const grouped = criteria.groupBy !== null;
  const params = new SqlParams();
  const keyOf = cells.part !== null ? `split_part(h.key, '|', ${CELL_PARTS[cells.part]})` : 'p.k';
  const rows =
    cells.spans.length === 0
      ? []
      : await run<PackedRow & Record<string, unknown>>(
          `SELECT h.kind, ${grouped ? keyOf : `'*'`} AS key, h.n, h.total::text AS total, h.hist
           FROM ${spansSql(cells, params)}
           JOIN report_group_histogram h ON h.dim = ${cells.dim} AND h.span = p.span
            AND h.start = p.start
           WHERE h.kind = ANY(${params.add(kinds.map((k) => k.kind))}::smallint[])
             ${keyFilters('h.key', criteria, params)}`,
          params.values,
        );
  const corrections = await sliverBuckets(run, cells.plan, kinds, (kind, sliverParams) => ({
    key: !grouped ? `'*'` : cells.part !== null ? factGroup(cells.part, kind.team) : 's.k',
    where: `TRUE${factFilters(kind.team, criteria, sliverParams)}`,
  }));
  const byKind = mergeHistograms(rows, corrections, grouped);
  const rangeOf = rangeOfKey(cells.groups);
  const period: [number, number] = [criteria.fromMs, criteria.toMs];
  const part = cells.part;
  return resolveRanks(
    run,
    kinds,
    byKind,
    (key) => (key === '*' || part !== null ? period : rangeOf(key)),
    part === null
      ? null
      : { keyColumn: (kind) => (part === 'team' ? kind.team : part), medianOnly: false },
    (kind, lookupParams) => factFilters(kind.team, criteria, lookupParams),
    // A team filter is not in the (bucket, instant) indexes (migration 1767830760009).
    criteria.teams.length === 0,
  );
}

/** Where a counter lives on the fact rows: its instant, team and condition (and table). */
interface CounterFacts {
  readonly at: string;
  readonly team: string;
  readonly condition: string;
}

/** CSAT counters from the survey rows `c` of the slivers (csatCountsOf), on the solving team. */
const CSAT_FACTS: Partial<Record<CellMeasure, string>> = {
  [CELL_MEASURES.csatSent]: signedCount(),
  [CELL_MEASURES.csatRated]: signedCount('c.score IS NOT NULL'),
  [CELL_MEASURES.csatSatisfied]: signedCount('c.score >= 4'),
  [CELL_MEASURES.csatScoreSum]: 'sum(s.sign * COALESCE(c.score, 0))',
};
const CSAT_TEAM = 'COALESCE(t.solve_team_id, t.first_solve_team_id)';

/**
 * Per time group (k: the local month, '' otherwise) and dimension group (g: null when not grouped
 * by a dimension; '' for no team), each named counter of the matching cells.
 */
export async function cellCounts(
  run: Run,
  criteria: ReportCriteria,
  measures: readonly { readonly name: string; readonly measure: CellMeasure }[],
): Promise<PlannedRow[]> {
  const cells = await cellPlanOf(run, criteria);
  const part = cells.part;
  const names = measures.map((m) => m.name);
  return sumPlanned(
    run,
    cells.plan,
    names,
    (spans, params) => {
      const columns = measures.map(
        ({ name, measure }) => `CASE WHEN c.measure = ${measure} THEN c.n ELSE 0 END AS ${name}`,
      );
      const group = part === null ? 'NULL::text' : `split_part(c.key, '|', ${CELL_PARTS[part]})`;
      return `SELECT p.k, ${group} AS g, ${columns.join(', ')}
        FROM ${spans}
        JOIN report_cell_counts c ON c.dim = ${cells.dim} AND c.span = p.span AND c.start = p.start
        WHERE c.measure = ANY(${params.add(measures.map((m) => m.measure))}::smallint[])
          ${keyFilters('c.key', criteria, params)}`;
    },
    (slivers, params) => {
      const statements: string[] = [];
      const zeroExcept = (mine: (name: string) => string | undefined): string =>
        measures.map(({ name }) => `${mine(name) ?? '0'} AS ${name}`).join(', ');
      // One scan per instant and team column: the counters attributed to it, the others 0.
      const byInstant = new Map<string, { facts: CounterFacts; names: Map<string, string> }>();
      for (const { name, measure } of measures) {
        if (measure in CSAT_FACTS) continue;
        const facts = MEASURE_FACTS[measure as keyof typeof MEASURE_FACTS];
        if (facts === undefined) throw new Error(`measure ${measure} has no sliver definition`);
        const id = `${facts.at}|${facts.team}`;
        const entry = byInstant.get(id) ?? { facts, names: new Map<string, string>() };
        entry.names.set(name, signedCount(facts.condition));
        byInstant.set(id, entry);
      }
      for (const { facts, names: mine } of byInstant.values()) {
        const group = part === null ? 'NULL::text' : factGroup(part, facts.team);
        statements.push(
          `SELECT s.k, ${group} AS g, ${zeroExcept((name) => mine.get(name))}
           FROM ${slivers} JOIN ${sliverTickets(facts.at)} ON true
           WHERE TRUE${factFilters(facts.team, criteria, params)}
           GROUP BY 1, 2`,
        );
      }
      const csat = new Map(
        measures
          .filter(({ measure }) => measure in CSAT_FACTS)
          .map(({ name, measure }) => [name, CSAT_FACTS[measure] as string]),
      );
      if (csat.size > 0) {
        const group =
          part === null
            ? 'NULL::text'
            : part === 'team'
              ? `COALESCE(${CSAT_TEAM}, '')`
              : `t.${part}`;
        const teamFilter =
          criteria.teams.length > 0
            ? ` AND ${CSAT_TEAM} = ANY(${params.add(criteria.teams)}::text[])`
            : '';
        statements.push(
          `SELECT s.k, ${group} AS g, ${zeroExcept((name) => csat.get(name))}
           FROM ${slivers} JOIN ${SLIVER_SURVEYS} ON true
           JOIN report_tickets t ON t.ticket_id = c.ticket_id
           WHERE TRUE${teamFilter}${factFilters('team_id', { ...criteria, teams: [] }, params)}
           GROUP BY 1, 2`,
        );
      }
      return statements.join('\nUNION ALL\n');
    },
    { coresOf: (_plan, params) => spansSql(cells, params) },
  );
}

/** The escalation breakdown of the matching tickets opened in the period (reason 0, level 1). */
export async function cellEscalations(
  run: Run,
  criteria: ReportCriteria,
): Promise<EscalationCount[]> {
  const cells = await cellPlanOf(run, { ...criteria, groupBy: null });
  const m = CELL_MEASURES;
  const rows = await sumPlanned(
    run,
    cells.plan,
    ['escalations', 'tickets'],
    (spans, params) =>
      `SELECT '' AS k, (c.measure >= ${m.escalationsByLevel})::int::text || '|' || c.detail AS g,
              CASE WHEN c.measure IN (${m.escalationsByReason}, ${m.escalationsByLevel})
                   THEN c.n ELSE 0 END AS escalations,
              CASE WHEN c.measure IN (${m.ticketsByReason}, ${m.ticketsByLevel})
                   THEN c.n ELSE 0 END AS tickets
       FROM ${spans}
       JOIN report_cell_counts c ON c.dim = ${cells.dim} AND c.span = p.span AND c.start = p.start
       WHERE c.measure BETWEEN ${m.escalationsByReason} AND ${m.ticketsByLevel}
         ${keyFilters('c.key', criteria, params)}`,
    // Per ticket opened in a sliver: its escalations per reason and per level reached.
    (slivers, params) =>
      `SELECT '' AS k, e.dimension::text || '|' || e.key AS g,
              sum(s.sign * e.n) AS escalations, sum(s.sign) AS tickets
       FROM ${slivers} JOIN ${sliverTickets('opened_at')} ON true
       JOIN ${ESCALATIONS_OF_TICKET} ON true
       WHERE TRUE${factFilters('team_id', criteria, params)}
       GROUP BY 1, 2`,
    { coresOf: (_plan, params) => spansSql(cells, params) },
  );
  return escalationCountsOf(rows);
}

/** A cell counter split by channel and type too (the volume report's breakdowns). */
export interface CellVolumeRow {
  /** The local month when grouped by month, '' otherwise. */
  readonly k: string;
  /** The dimension group (null when not grouped by one; '' for no team). */
  readonly g: string | null;
  readonly channel: string;
  readonly type: string;
  readonly n: number;
}

/** Openings (current team) or first solves (team at the first solve) of the matching cells. */
export async function cellVolume(
  run: Run,
  criteria: ReportCriteria,
  measure: typeof CELL_MEASURES.opened | typeof CELL_MEASURES.firstSolved,
): Promise<CellVolumeRow[]> {
  const cells = await cellPlanOf(run, criteria, false);
  const part = cells.part;
  const facts = MEASURE_FACTS[measure];
  const params = new SqlParams();
  const parts: string[] = [];
  if (cells.spans.length > 0) {
    const group = part === null ? 'NULL::text' : `split_part(c.key, '|', ${CELL_PARTS[part]})`;
    parts.push(`SELECT p.k, ${group} AS g, split_part(c.key, '|', 2) AS channel,
        split_part(c.key, '|', 3) AS type, c.n
      FROM ${spansSql(cells, params)}
      JOIN report_cell_counts c ON c.dim = ${cells.dim} AND c.span = p.span AND c.start = p.start
      WHERE c.measure = ${measure}${keyFilters('c.key', criteria, params)}`);
  }
  if (cells.plan.slivers.length > 0) {
    const group = part === null ? 'NULL::text' : factGroup(part, facts.team);
    parts.push(`SELECT s.k, ${group} AS g, t.channel, t.type, ${signedCount()} AS n
      FROM ${sliversSql(cells.plan, params)}
      JOIN ${sliverTickets(facts.at)} ON true
      WHERE TRUE${factFilters(facts.team, criteria, params)}
      GROUP BY 1, 2, 3, 4`);
  }
  if (parts.length === 0) return [];
  const rows = await withSliverPlan(run, cells.plan, () =>
    run<{ k: string; g: string | null; channel: string; type: string; n: string }>(
      `SELECT k, g, channel, type, sum(n)::bigint AS n
       FROM (${parts.map((p) => `(${p})`).join('\nUNION ALL\n')}) AS x
       GROUP BY 1, 2, 3, 4 HAVING sum(n) <> 0`,
      params.values,
    ),
  );
  return rows.map((row) => ({ ...row, n: Number(row.n) }));
}

/**
 * Per ticket `t`: its escalations per reason (dimension 0) and per level reached (1), as `e`
 * (dimension, key, n) — the escalation breakdown as the projection counts it, for slivers.
 */
export const ESCALATIONS_OF_TICKET = `LATERAL (
  SELECT 0 AS dimension, x.reason AS key, count(*) AS n FROM report_escalations x
  WHERE x.ticket_id = t.ticket_id GROUP BY x.reason
  UNION ALL
  SELECT 1, x.to_level::text, count(*) FROM report_escalations x
  WHERE x.ticket_id = t.ticket_id GROUP BY x.to_level) AS e`;

/** An escalation breakdown entry: reason (dimension 0) or level reached (1). */
export interface EscalationCount {
  readonly dimension: number;
  readonly key: string;
  readonly escalations: number;
  readonly tickets: number;
}

/** Planned rows grouped by `dimension|key` (g) as breakdown entries, the empty ones left out. */
export function escalationCountsOf(rows: readonly PlannedRow[]): EscalationCount[] {
  return rows
    .filter((row) => row.escalations > 0)
    .map((row) => {
      const [dimension, ...key] = (row.g ?? '').split('|');
      return {
        dimension: Number(dimension),
        key: key.join('|'),
        escalations: row.escalations,
        tickets: row.tickets,
      };
    });
}
