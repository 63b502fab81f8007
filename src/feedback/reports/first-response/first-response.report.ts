import { ApiProperty } from '@nestjs/swagger';
import type { ReportCriteria } from '../query/report-criteria';
import {
  distributionOf,
  filtersOf,
  groupedAggregate,
  groupKey,
  rate,
  SqlParams,
  statsColumns,
  type Attribution,
} from '../query/report-sql';
import type { Run } from '../query/report-snapshot';
import {
  AGENT_MEASURES_VERSION,
  groupRollupsServed,
  rollupsServed,
} from '../query/exact-histogram';
import { cellPathServed } from '../query/cell-rollups';
import { hourPathServed } from '../query/hour-groups';
import {
  agentGroupApplies,
  firstResponseByCells,
  firstResponseByHistogram,
  firstResponseByHour,
  firstResponseByHolderHistogram,
  histogramApplies,
  type HistogramFigures,
  teamHistogramApplies,
} from './first-response-histogram';
import { TICKET_ID_MAX_LENGTH } from '../../../tickets/open-ticket/ticket-command.http';
import {
  DurationFiguresView,
  EMPTY_DURATIONS,
  EMPTY_RATE,
  maxSerialisableEntries,
  REPORT_DATE_TIME,
  REPORT_GROUP_KEY_MAX_LENGTH,
  ReportRateView,
  ReportMetaView,
} from '../query/report.views';

/** A first response belongs to the moment it was sent and to the agent who sent it (metrics.md). */
export const FIRST_RESPONSE_ATTRIBUTION: Attribution = {
  at: 't.first_response_at',
  agent: 't.first_response_agent_id',
  team: 't.first_response_team_id',
};

/** Waiting tickets are a snapshot now, attributed to whoever holds them now. */
const CURRENT: Attribution = { at: 't.opened_at', agent: 't.assignee_id', team: 't.team_id' };

export const MAX_AWAITING_LISTED = 100;

export class FirstResponseFiguresView extends DurationFiguresView {
  @ApiProperty({
    description: 'First responses in the period (the distribution size).',
    minimum: 0,
  })
  count!: number;

  @ApiProperty({
    type: ReportRateView,
    description:
      'First responses whose first-response SLA cycle was achieved / those whose cycle ended achieved or breached (tickets without a first-response target are left out).',
  })
  withinSlaTarget!: ReportRateView;
}

export class FirstResponseGroupView extends FirstResponseFiguresView {
  @ApiProperty({
    description:
      'The group key (agent id, team id, channel, … or a time bucket); null: none (e.g. no team).',
    type: String,
    nullable: true,
    maxLength: REPORT_GROUP_KEY_MAX_LENGTH,
  })
  key!: string | null;
}

export class AwaitingTicketView {
  @ApiProperty({ maxLength: TICKET_ID_MAX_LENGTH })
  ticketId!: string;

  @ApiProperty(REPORT_DATE_TIME)
  openedAt!: string;

  @ApiProperty({ description: 'Milliseconds since opening, as of `asOf`.', minimum: 0 })
  ageMs!: number;
}

export class AwaitingFirstResponseView {
  @ApiProperty({
    description:
      'Open tickets with no first response yet (matching the filters; not bound to the period).',
    minimum: 0,
  })
  count!: number;

  @ApiProperty({
    type: [AwaitingTicketView],
    maxItems: MAX_AWAITING_LISTED,
    description: `The oldest ${MAX_AWAITING_LISTED}, oldest first.`,
  })
  oldest!: AwaitingTicketView[];
}

/** Agent and team groups are as many as the directory holds: bounded by the body's size only. */
const MAX_FIRST_RESPONSE_GROUPS = maxSerialisableEntries({
  key: null,
  count: 0,
  ...EMPTY_DURATIONS,
  withinSlaTarget: EMPTY_RATE,
});

export class FirstResponseReportView extends ReportMetaView {
  @ApiProperty({ type: FirstResponseFiguresView })
  total!: FirstResponseFiguresView;

  @ApiProperty({
    type: [FirstResponseGroupView],
    maxItems: MAX_FIRST_RESPONSE_GROUPS,
    description: 'One entry per group when `groupBy` is given.',
  })
  groups!: FirstResponseGroupView[];

  @ApiProperty({ type: AwaitingFirstResponseView })
  awaitingFirstResponse!: AwaitingFirstResponseView;
}

type Body = Omit<FirstResponseReportView, keyof ReportMetaView>;

function figuresOf(row: Record<string, unknown>): FirstResponseFiguresView {
  const calendar = distributionOf(row, 'cal');
  return {
    count: calendar.count,
    calendar,
    business: distributionOf(row, 'bus'),
    withinSlaTarget: rate(Number(row.sla_achieved), Number(row.sla_measured)),
  };
}

export async function firstResponseReport(run: Run, criteria: ReportCriteria): Promise<Body> {
  const { total, groups } = histogramApplies(criteria)
    ? fromRollups(await firstResponseByHistogram(run, criteria))
    : (await hourPathServed(run, criteria))
      ? fromRollups(await firstResponseByHour(run, criteria))
      : agentGroupApplies(criteria) && (await rollupsServed(run, AGENT_MEASURES_VERSION))
        ? fromRollups(await firstResponseByHolderHistogram(run, criteria, 'agent'))
        : teamHistogramApplies(criteria) && (await groupRollupsServed(run))
          ? fromRollups(await firstResponseByHolderHistogram(run, criteria, 'team'))
          : (await cellPathServed(run, criteria))
            ? fromRollups(await firstResponseByCells(run, criteria))
            : await viaFacts(run, criteria);
  return { total, groups, awaitingFirstResponse: await awaiting(run, criteria) };
}

/** A rollup path's figures (total, per group key) as the report's body. */
function fromRollups(figures: {
  total: HistogramFigures;
  groups: Map<string | null, HistogramFigures>;
}): Pick<Body, 'total' | 'groups'> {
  return {
    total: figures.total,
    groups: [...figures.groups.entries()].map(([key, group]) => ({ key, ...group })),
  };
}

async function viaFacts(
  run: Run,
  criteria: ReportCriteria,
): Promise<Pick<Body, 'total' | 'groups'>> {
  const params = new SqlParams();
  const grouped = criteria.groupBy !== null;
  const key = grouped
    ? groupKey(criteria.groupBy, FIRST_RESPONSE_ATTRIBUTION, params, criteria.timeZone)
    : 'NULL::text';
  const where = filtersOf(FIRST_RESPONSE_ATTRIBUTION, criteria, params);
  const inner = `SELECT ${key} AS k, t.frt_calendar_ms, t.frt_business_ms, t.frt_sla_outcome
    FROM report_tickets t WHERE t.first_response_at IS NOT NULL AND ${where.join(' AND ')}`;
  const aggregates = `${statsColumns('frt_calendar_ms', 'cal')},
    ${statsColumns('frt_business_ms', 'bus')},
    count(*) FILTER (WHERE frt_sla_outcome = 'achieved')::int AS sla_achieved,
    count(frt_sla_outcome)::int AS sla_measured`;
  const rows = await run(groupedAggregate(inner, aggregates, grouped), params.values);
  const total = rows.find((row) => row.is_total === true) ?? {};
  const groups = rows
    .filter((row) => row.is_total !== true)
    .map((row) => ({ key: (row.k as string | null) ?? null, ...figuresOf(row) }));
  return { total: figuresOf(total), groups };
}

async function awaiting(run: Run, criteria: ReportCriteria): Promise<AwaitingFirstResponseView> {
  const waitParams = new SqlParams();
  const now = waitParams.add(new Date(criteria.nowMs).toISOString());
  const waitWhere = [
    't.first_response_at IS NULL',
    "t.status NOT IN ('solved', 'closed')",
    `t.opened_at <= ${now}::timestamptz`,
    ...filtersOf(CURRENT, criteria, waitParams, { period: false }),
  ].join(' AND ');
  const [counted] = await run<{ n: number }>(
    `SELECT count(*)::int AS n FROM report_tickets t WHERE ${waitWhere}`,
    waitParams.values,
  );
  const oldest = await run<{ ticket_id: string; opened_at: Date }>(
    `SELECT t.ticket_id, t.opened_at FROM report_tickets t WHERE ${waitWhere}
     ORDER BY t.opened_at, t.ticket_id LIMIT ${MAX_AWAITING_LISTED}`,
    waitParams.values,
  );
  return {
    count: counted?.n ?? 0,
    oldest: oldest.map((row) => ({
      ticketId: row.ticket_id,
      openedAt: row.opened_at.toISOString(),
      ageMs: criteria.nowMs - row.opened_at.getTime(),
    })),
  };
}
