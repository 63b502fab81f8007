import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '../../../event-store/event-store.port';
import { ProjectionDefinition } from '../../../projections/projection-definition.decorator';
import type { Projection } from '../../../projections/projection';
import { TICKET_EVENT_TYPES } from '../../../tickets/ticket.events';
import {
  deriveTicketFacts,
  storedDataOf,
  type CsatSurveyFact,
  type EscalationRow,
  SURVEY_ISSUED_TYPE,
  type SlaCycleRow,
  type StoredTicketEvent,
  type TicketFactRow,
} from './ticket-facts';
import { deleteEmptyRollupRows } from './empty-rollup-rows';
import { csatCountsOf } from '../../metrics/satisfaction-metrics';
import {
  ALL_DIMENSION,
  ALL_KEY,
  GROUP_DIMENSIONS,
  GroupHistogramDeltas,
  NO_AGENT,
  NO_TEAM,
} from './group-rollups';
import { CELL_MEASURES, CellCountDeltas, cellKeys, type CellOf } from './cell-rollups';
import { HourStatsDirty } from './hour-stats';
import { TEAM_MEASURES } from './team-measures';

export const REPORT_TICKET_FACTS_PROJECTION = 'report_ticket_facts';

/** The SLA events the ticket facts need: the policy's calendar and the cycles' outcomes. */
export const REPORT_SLA_EVENT_TYPES = [
  'SlaPolicyApplied',
  'SlaPolicyRemoved',
  'SlaCycleCompleted',
  'SlaBreached',
] as const;

const TICKET_COLUMNS: readonly (keyof TicketFactRow)[] = [
  'ticket_id',
  'opened_at',
  'channel',
  'type',
  'priority',
  'customer_id',
  'status',
  'team_id',
  'assignee_id',
  'first_response_at',
  'first_response_agent_id',
  'first_response_team_id',
  'frt_calendar_ms',
  'frt_business_ms',
  'frt_sla_outcome',
  'frt_calendar_bucket',
  'frt_business_bucket',
  'first_solved_at',
  'first_solve_assignee_id',
  'first_solve_team_id',
  'first_resolution_calendar_ms',
  'first_resolution_business_ms',
  'first_res_calendar_bucket',
  'first_res_business_bucket',
  'solved_at',
  'solve_assignee_id',
  'solve_team_id',
  'full_resolution_calendar_ms',
  'full_resolution_business_ms',
  'full_res_calendar_bucket',
  'full_res_business_bucket',
  'reopen_count',
  'public_agent_reply_count',
  'fcr',
  'escalation_count',
  'solved_within_24h',
  'csat_surveys',
];

const COLUMN_TYPES: Record<keyof TicketFactRow, string> = {
  ticket_id: 'text',
  opened_at: 'timestamptz',
  channel: 'text',
  type: 'text',
  priority: 'text',
  customer_id: 'text',
  status: 'text',
  team_id: 'text',
  assignee_id: 'text',
  first_response_at: 'timestamptz',
  first_response_agent_id: 'text',
  first_response_team_id: 'text',
  frt_calendar_ms: 'bigint',
  frt_business_ms: 'bigint',
  frt_sla_outcome: 'text',
  frt_calendar_bucket: 'smallint',
  frt_business_bucket: 'smallint',
  first_solved_at: 'timestamptz',
  first_solve_assignee_id: 'text',
  first_solve_team_id: 'text',
  first_resolution_calendar_ms: 'bigint',
  first_resolution_business_ms: 'bigint',
  first_res_calendar_bucket: 'smallint',
  first_res_business_bucket: 'smallint',
  solved_at: 'timestamptz',
  solve_assignee_id: 'text',
  solve_team_id: 'text',
  full_resolution_calendar_ms: 'bigint',
  full_resolution_business_ms: 'bigint',
  full_res_calendar_bucket: 'smallint',
  full_res_business_bucket: 'smallint',
  reopen_count: 'integer',
  public_agent_reply_count: 'integer',
  fcr: 'boolean',
  escalation_count: 'integer',
  solved_within_24h: 'boolean',
  csat_surveys: 'jsonb',
};

const UPSERT_TICKETS = `
  INSERT INTO report_tickets (${TICKET_COLUMNS.join(', ')})
  SELECT ${TICKET_COLUMNS.join(', ')}
  FROM jsonb_to_recordset($1::jsonb) AS r(${TICKET_COLUMNS.map((c) => `${c} ${COLUMN_TYPES[c]}`).join(', ')})
  ON CONFLICT (ticket_id) DO UPDATE SET ${TICKET_COLUMNS.filter((c) => c !== 'ticket_id')
    .map((c) => `${c} = EXCLUDED.${c}`)
    .join(', ')}`;

const INSERT_ESCALATIONS = `
  INSERT INTO report_escalations (ticket_id, seq, escalated_at, reason, from_level, to_level)
  SELECT ticket_id, seq, escalated_at, reason, from_level, to_level
  FROM jsonb_to_recordset($1::jsonb) AS r(ticket_id text, seq integer, escalated_at timestamptz,
    reason text, from_level smallint, to_level smallint)`;

const INSERT_CYCLES = `
  INSERT INTO report_sla_cycles (ticket_id, cycle_id, target, outcome, ended_at, agent_id, team_id)
  SELECT ticket_id, cycle_id, target, outcome, ended_at, agent_id, team_id
  FROM jsonb_to_recordset($1::jsonb) AS r(ticket_id text, cycle_id text, target text,
    outcome text, ended_at timestamptz, agent_id text, team_id text)`;

const UPSERT_STREAMS = `
  INSERT INTO report_ticket_streams (ticket_id, events)
  SELECT ticket_id, events FROM jsonb_to_recordset($1::jsonb) AS r(ticket_id text, events jsonb)
  ON CONFLICT (ticket_id) DO UPDATE SET events = EXCLUDED.events`;

const SELECT_FIRST_RESPONSES = `
  SELECT ticket_id, first_response_at, frt_calendar_ms, frt_business_ms, frt_sla_outcome,
         frt_calendar_bucket, frt_business_bucket, opened_at, first_solved_at, channel, type, priority,
         first_resolution_calendar_ms, first_resolution_business_ms, first_res_calendar_bucket,
         first_res_business_bucket, solved_at, full_resolution_calendar_ms,
         full_resolution_business_ms, full_res_calendar_bucket, full_res_business_bucket,
         fcr, reopen_count, solved_within_24h, escalation_count, team_id, first_solve_team_id,
         first_response_team_id, solve_team_id, status, first_response_agent_id,
         first_solve_assignee_id, solve_assignee_id, assignee_id, csat_surveys
  FROM report_tickets WHERE ticket_id = ANY($1::text[])`;

const SELECT_CYCLES = `
  SELECT ticket_id, outcome, ended_at, agent_id FROM report_sla_cycles
  WHERE ticket_id = ANY($1::text[])`;

const AGENT_COUNTERS = [
  'first_solved',
  'fcr',
  'reopened',
  'sla_achieved',
  'sla_ended',
  'csat_sent',
  'csat_rated',
  'csat_satisfied',
  'csat_score_sum',
] as const;
type AgentCounter = (typeof AGENT_COUNTERS)[number];

const dayOf = (at: Date | string): string => new Date(at).toISOString().slice(0, 10);
const monthOf = (at: Date | string): string => `${new Date(at).toISOString().slice(0, 7)}-01`;

/** The per-agent counters per UTC month and per UTC day (rows keyed by `period`). */
const agentUpsert = (table: string, column: string): string => `
  INSERT INTO ${table} AS m (${column}, agent_id, ${AGENT_COUNTERS.join(', ')})
  SELECT period, agent_id, ${AGENT_COUNTERS.join(', ')} FROM jsonb_to_recordset($1::jsonb)
    AS r(period date, agent_id text, ${AGENT_COUNTERS.map((c) => `${c} integer`).join(', ')})
  ON CONFLICT (${column}, agent_id) DO UPDATE SET ${AGENT_COUNTERS.map((c) => `${c} = m.${c} + EXCLUDED.${c}`).join(', ')}`;

const UPSERT_HOUR_COUNTS = `
  INSERT INTO report_hour_counts AS c (measure, hour, n)
  SELECT measure, hour, n FROM jsonb_to_recordset($1::jsonb)
    AS r(measure smallint, hour timestamptz, n integer)
  ON CONFLICT (measure, hour) DO UPDATE SET n = c.n + EXCLUDED.n`;

const UPSERT_CSAT_TEAM_DAILY = `
  INSERT INTO report_csat_team_daily AS d (day, team_id, sent, rated, satisfied, score_sum)
  SELECT day, team_id, sent, rated, satisfied, score_sum FROM jsonb_to_recordset($1::jsonb)
    AS r(day date, team_id text, sent integer, rated integer, satisfied integer, score_sum integer)
  ON CONFLICT (day, team_id) DO UPDATE SET sent = d.sent + EXCLUDED.sent,
    rated = d.rated + EXCLUDED.rated, satisfied = d.satisfied + EXCLUDED.satisfied,
    score_sum = d.score_sum + EXCLUDED.score_sum`;

const SELECT_ESCALATIONS = `
  SELECT ticket_id, reason, to_level FROM report_escalations WHERE ticket_id = ANY($1::text[])`;

const UPSERT_COUNTS = `
  INSERT INTO report_daily_counts AS c (measure, day, channel, type, priority, n)
  SELECT measure, day, channel, type, priority, n FROM jsonb_to_recordset($1::jsonb)
    AS r(measure smallint, day date, channel text, type text, priority text, n integer)
  ON CONFLICT (measure, day, channel, type, priority) DO UPDATE SET n = c.n + EXCLUDED.n`;

const UPSERT_HISTOGRAM = `
  INSERT INTO report_frt_histogram AS h (kind, day, bucket, n, total)
  SELECT kind, day, bucket, n, total FROM jsonb_to_recordset($1::jsonb)
    AS r(kind smallint, day date, bucket smallint, n integer, total bigint)
  ON CONFLICT (kind, day, bucket) DO UPDATE SET n = h.n + EXCLUDED.n, total = h.total + EXCLUDED.total`;

const UPSERT_DAILY = `
  INSERT INTO report_frt_daily AS d (day, responses, sla_achieved, sla_measured)
  SELECT day, responses, sla_achieved, sla_measured FROM jsonb_to_recordset($1::jsonb)
    AS r(day date, responses integer, sla_achieved integer, sla_measured integer)
  ON CONFLICT (day) DO UPDATE SET responses = d.responses + EXCLUDED.responses,
    sla_achieved = d.sla_achieved + EXCLUDED.sla_achieved,
    sla_measured = d.sla_measured + EXCLUDED.sla_measured`;

const UPSERT_TEAM_COUNTS = `
  INSERT INTO report_daily_team_counts AS c (measure, day, team_id, n)
  SELECT measure, day, team_id, n FROM jsonb_to_recordset($1::jsonb)
    AS r(measure smallint, day date, team_id text, n integer)
  ON CONFLICT (measure, day, team_id) DO UPDATE SET n = c.n + EXCLUDED.n`;

const UPSERT_BACKLOG_DAILY = `
  INSERT INTO report_backlog_daily AS b (day, n)
  SELECT day, n FROM jsonb_to_recordset($1::jsonb) AS r(day date, n integer)
  ON CONFLICT (day) DO UPDATE SET n = b.n + EXCLUDED.n`;

/** What the backlog counts (resolution.report.ts): neither solved nor closed. */
export const isUnsolved = (status: string): boolean => status !== 'solved' && status !== 'closed';

const UPSERT_MONTH_HISTOGRAM = `
  INSERT INTO report_month_histogram AS h (kind, month, bucket, n, total)
  SELECT kind, month, bucket, n, total FROM jsonb_to_recordset($1::jsonb)
    AS r(kind smallint, month date, bucket smallint, n integer, total bigint)
  ON CONFLICT (kind, month, bucket) DO UPDATE SET n = h.n + EXCLUDED.n, total = h.total + EXCLUDED.total`;

export { TEAM_MEASURES } from './team-measures';

/** The per-team counters per UTC month and per UTC day (rows keyed by `period`). */
const teamUpsert = (table: string, column: string): string => `
  INSERT INTO ${table} AS m (measure, ${column}, team_id, n)
  SELECT measure, period, team_id, n FROM jsonb_to_recordset($1::jsonb)
    AS r(measure smallint, period date, team_id text, n integer)
  ON CONFLICT (measure, ${column}, team_id) DO UPDATE SET n = m.n + EXCLUDED.n`;

/** The per-agent TEAM_MEASURES per UTC month and per UTC day (rows keyed by `period`). */
const agentMeasureUpsert = (table: string, column: string): string => `
  INSERT INTO ${table} AS m (measure, ${column}, agent_id, n)
  SELECT measure, period, agent_id, n FROM jsonb_to_recordset($1::jsonb)
    AS r(measure smallint, period date, agent_id text, n integer)
  ON CONFLICT (measure, ${column}, agent_id) DO UPDATE SET n = m.n + EXCLUDED.n`;

/** Both grains of the per-team and per-agent counters: the period of an instant, the upserts. */
const COUNTER_GRAINS = [
  {
    periodOf: monthOf,
    agents: agentUpsert('report_agent_monthly', 'month'),
    teams: teamUpsert('report_team_monthly', 'month'),
    agentMeasures: agentMeasureUpsert('report_agent_measures_monthly', 'month'),
  },
  {
    periodOf: dayOf,
    agents: agentUpsert('report_agent_daily', 'day'),
    teams: teamUpsert('report_team_daily', 'day'),
    agentMeasures: agentMeasureUpsert('report_agent_measures_daily', 'day'),
  },
] as const;

export const RESOLUTION_COUNTERS = [
  'first_solved',
  'fcr',
  'reopened',
  'within_24h',
  'full_solved',
  'opened',
  'escalated',
] as const;
type ResolutionCounter = (typeof RESOLUTION_COUNTERS)[number];

const UPSERT_RESOLUTION_DAILY = `
  INSERT INTO report_resolution_daily AS d (day, ${RESOLUTION_COUNTERS.join(', ')})
  SELECT day, ${RESOLUTION_COUNTERS.join(', ')} FROM jsonb_to_recordset($1::jsonb)
    AS r(day date, ${RESOLUTION_COUNTERS.map((c) => `${c} integer`).join(', ')})
  ON CONFLICT (day) DO UPDATE SET ${RESOLUTION_COUNTERS.map((c) => `${c} = d.${c} + EXCLUDED.${c}`).join(', ')}`;

const UPSERT_ESCALATION_DAILY = `
  INSERT INTO report_escalation_daily AS d (day, dimension, key, escalations, tickets)
  SELECT day, dimension, key, escalations, tickets FROM jsonb_to_recordset($1::jsonb)
    AS r(day date, dimension smallint, key text, escalations integer, tickets integer)
  ON CONFLICT (day, dimension, key) DO UPDATE SET escalations = d.escalations + EXCLUDED.escalations,
    tickets = d.tickets + EXCLUDED.tickets`;

type Instant = Date | string | null;
type Ms = string | number | null;

interface RollupFact {
  readonly ticket_id: string;
  readonly opened_at: Date | string;
  readonly first_solved_at: Instant;
  readonly solved_at: Instant;
  readonly channel: string;
  readonly type: string;
  readonly priority: string;
  readonly first_response_at: Instant;
  readonly frt_calendar_ms: Ms;
  readonly frt_business_ms: Ms;
  readonly frt_sla_outcome: string | null;
  readonly frt_calendar_bucket: number | null;
  readonly frt_business_bucket: number | null;
  readonly first_resolution_calendar_ms: Ms;
  readonly first_resolution_business_ms: Ms;
  readonly first_res_calendar_bucket: number | null;
  readonly first_res_business_bucket: number | null;
  readonly full_resolution_calendar_ms: Ms;
  readonly full_resolution_business_ms: Ms;
  readonly full_res_calendar_bucket: number | null;
  readonly full_res_business_bucket: number | null;
  readonly fcr: boolean;
  readonly reopen_count: number;
  readonly solved_within_24h: boolean | null;
  readonly escalation_count: number;
  readonly team_id: string | null;
  readonly first_solve_team_id: string | null;
  readonly first_response_team_id: string | null;
  readonly solve_team_id: string | null;
  readonly status: string;
  readonly first_response_agent_id: string | null;
  readonly first_solve_assignee_id: string | null;
  readonly solve_assignee_id: string | null;
  readonly assignee_id: string | null;
  readonly csat_surveys: readonly CsatSurveyFact[] | null;
}

/** An SLA cycle's outcome, as the per-agent compliance counters need it. */
interface CycleFact {
  readonly ticket_id: string;
  readonly outcome: string;
  readonly ended_at: Date | string;
  readonly agent_id: string | null;
}

/** A ticket's escalation, as far as the per-day breakdown needs it. */
interface EscalationFact {
  readonly ticket_id: string;
  readonly reason: string;
  readonly to_level: number;
}

const teamKey = (team: string | null): string => (team === null ? 'null' : `t:${team}`);

/**
 * Keeps the histograms and the per-day counters equal to the fact rows: the rows' previous facts
 * are taken out and their new ones put in (a ticket's first response can change when, say, an
 * SLA policy arrives and its business time is remeasured; its type when it is reclassified; its
 * solves when it is reopened).
 */
async function applyRollupDeltas(
  manager: EntityManager,
  before: readonly RollupFact[],
  after: readonly RollupFact[],
  escalationsBefore: readonly EscalationFact[],
  escalationsAfter: readonly EscalationFact[],
  cyclesBefore: readonly CycleFact[],
  cyclesAfter: readonly CycleFact[],
): Promise<void> {
  const groups = new GroupHistogramDeltas();
  type AgentRow = { period: string; agent_id: string } & Record<AgentCounter, number>;
  // Per grain of COUNTER_GRAINS (month, day): the agents' counter rows by period and agent.
  const agentRows = COUNTER_GRAINS.map(() => new Map<string, AgentRow>());
  const agentCount = (
    agent: string | null,
    at: Date | string,
    counter: AgentCounter,
    delta: number,
  ): void => {
    if (agent === null || delta === 0) return;
    COUNTER_GRAINS.forEach(({ periodOf }, grain) => {
      const period = periodOf(at);
      const key = `${period}|${agent}`;
      const entry =
        agentRows[grain].get(key) ??
        ({
          period,
          agent_id: agent,
          ...Object.fromEntries(AGENT_COUNTERS.map((c) => [c, 0])),
        } as AgentRow);
      entry[counter] += delta;
      agentRows[grain].set(key, entry);
    });
  };
  const csatTeamDaily = new Map<
    string,
    {
      day: string;
      team_id: string | null;
      sent: number;
      rated: number;
      satisfied: number;
      score_sum: number;
    }
  >();
  const histogram = new Map<
    string,
    { kind: number; day: string; bucket: number; n: number; total: bigint }
  >();
  const daily = new Map<
    string,
    { day: string; responses: number; sla_achieved: number; sla_measured: number }
  >();
  const counts = new Map<
    string,
    { measure: number; day: string; channel: string; type: string; priority: string; n: number }
  >();
  const teamCounts = new Map<
    string,
    { measure: number; day: string; team_id: string | null; n: number }
  >();
  const backlog = new Map<string, { day: string; n: number }>();
  const monthHistogram = new Map<
    string,
    { kind: number; month: string; bucket: number; n: number; total: bigint }
  >();
  type TeamRow = { measure: number; period: string; team_id: string | null; n: number };
  const teamRows = COUNTER_GRAINS.map(() => new Map<string, TeamRow>());
  const hourCounts = new Map<string, { measure: number; hour: string; n: number }>();
  const hourCount = (id: number, at: Date | string, n: number): void => {
    if (n === 0) return;
    const hour = `${new Date(at).toISOString().slice(0, 13)}:00:00Z`;
    const hourly = hourCounts.get(`${id}|${hour}`) ?? { measure: id, hour, n: 0 };
    hourly.n += n;
    hourCounts.set(`${id}|${hour}`, hourly);
  };
  const hourStats = new HourStatsDirty();
  type AgentMeasureRow = { measure: number; period: string; agent_id: string | null; n: number };
  const agentMeasureRows = COUNTER_GRAINS.map(() => new Map<string, AgentMeasureRow>());
  const cells = new CellCountDeltas();
  const measure = (
    id: (typeof TEAM_MEASURES)[keyof typeof TEAM_MEASURES],
    at: Date | string,
    team: string | null,
    agent: string | null,
    sign: number,
    cell: CellOf,
    when = true,
  ): void => {
    if (!when) return;
    // The same counter per cell (TEAM_MEASURES and CELL_MEASURES share codes 0–9).
    cells.add(id, at, team, cell, sign);
    hourCount(id, at, sign);
    COUNTER_GRAINS.forEach(({ periodOf }, grain) => {
      const period = periodOf(at);
      const key = `${id}|${period}|${teamKey(team)}`;
      const entry = teamRows[grain].get(key) ?? { measure: id, period, team_id: team, n: 0 };
      entry.n += sign;
      teamRows[grain].set(key, entry);
      const agentKey = `${id}|${period}|${teamKey(agent)}`;
      const byAgent = agentMeasureRows[grain].get(agentKey) ?? {
        measure: id,
        period,
        agent_id: agent,
        n: 0,
      };
      byAgent.n += sign;
      agentMeasureRows[grain].set(agentKey, byAgent);
    });
  };
  const resolution = new Map<string, { day: string } & Record<ResolutionCounter, number>>();
  const escalationDays = new Map<
    string,
    { day: string; dimension: number; key: string; escalations: number; tickets: number }
  >();
  const count = (at: Date | string, counter: ResolutionCounter, sign: number): void => {
    const day = dayOf(at);
    const entry =
      resolution.get(day) ??
      ({
        day,
        ...Object.fromEntries(RESOLUTION_COUNTERS.map((c) => [c, 0])),
      } as { day: string } & Record<ResolutionCounter, number>);
    entry[counter] += sign;
    resolution.set(day, entry);
  };
  const histogramAdd = (
    kind: number,
    at: Instant,
    bucket: number | null,
    value: Ms,
    team: string | null,
    agent: string | null,
    sign: 1 | -1,
    cell: CellOf,
  ): void => {
    if (at === null || bucket === null || value === null) return;
    hourStats.add(kind, at);
    groups.add(GROUP_DIMENSIONS.team, kind, team ?? NO_TEAM, at, bucket, value, sign);
    groups.add(ALL_DIMENSION, kind, ALL_KEY, at, bucket, value, sign);
    for (const [dim, key] of cellKeys(team, cell))
      groups.add(dim, kind, key, at, bucket, value, sign);
    groups.add(GROUP_DIMENSIONS.agent, kind, agent ?? NO_AGENT, at, bucket, value, sign);
    const month = monthOf(at);
    const monthId = `${kind}|${month}|${bucket}`;
    const monthEntry = monthHistogram.get(monthId) ?? { kind, month, bucket, n: 0, total: 0n };
    monthEntry.n += sign;
    monthEntry.total += BigInt(sign) * BigInt(value);
    monthHistogram.set(monthId, monthEntry);
    const day = dayOf(at);
    const key = `${kind}|${day}|${bucket}`;
    const entry = histogram.get(key) ?? { kind, day, bucket, n: 0, total: 0n };
    entry.n += sign;
    entry.total += BigInt(sign) * BigInt(value);
    histogram.set(key, entry);
  };
  const escalationsOf = (list: readonly EscalationFact[]): Map<string, EscalationFact[]> => {
    const byTicket = new Map<string, EscalationFact[]>();
    for (const e of list) byTicket.set(e.ticket_id, [...(byTicket.get(e.ticket_id) ?? []), e]);
    return byTicket;
  };
  const add = (fact: RollupFact, escalations: readonly EscalationFact[], sign: 1 | -1): void => {
    const instants: [number, Instant][] = [
      [0, fact.opened_at],
      [1, fact.first_solved_at],
    ];
    for (const [measure, at] of instants) {
      if (at === null) continue;
      const day = dayOf(at);
      const key = `${measure}|${day}|${fact.channel}|${fact.type}|${fact.priority}`;
      const entry = counts.get(key) ?? {
        measure,
        day,
        channel: fact.channel,
        type: fact.type,
        priority: fact.priority,
        n: 0,
      };
      entry.n += sign;
      counts.set(key, entry);
      const team = measure === 0 ? fact.team_id : fact.first_solve_team_id;
      const teamKey = `${measure}|${day}|${team ?? ''}|${team === null ? 'null' : 'team'}`;
      const teamEntry = teamCounts.get(teamKey) ?? { measure, day, team_id: team, n: 0 };
      teamEntry.n += sign;
      teamCounts.set(teamKey, teamEntry);
    }
    // Resolution: the first solve's figures on its day, the standing solve on its own, the
    // opening cohort (opened, escalated, escalation breakdown) on the opening day.
    if (fact.first_solved_at !== null) {
      count(fact.first_solved_at, 'first_solved', sign);
      if (fact.fcr) count(fact.first_solved_at, 'fcr', sign);
      if (Number(fact.reopen_count) > 0) count(fact.first_solved_at, 'reopened', sign);
      if (fact.solved_within_24h === true) count(fact.first_solved_at, 'within_24h', sign);
    }
    if (fact.solved_at !== null) count(fact.solved_at, 'full_solved', sign);
    count(fact.opened_at, 'opened', sign);
    if (isUnsolved(fact.status)) {
      const openedOn = dayOf(fact.opened_at);
      const entry = backlog.get(openedOn) ?? { day: openedOn, n: 0 };
      entry.n += sign;
      backlog.set(openedOn, entry);
    }
    if (Number(fact.escalation_count) > 0) count(fact.opened_at, 'escalated', sign);
    const perKey = new Map<string, { dimension: number; key: string; n: number }>();
    for (const e of escalations) {
      for (const [dimension, key] of [
        [0, e.reason],
        [1, String(e.to_level)],
      ] as const) {
        const id = `${dimension}|${key}`;
        const entry = perKey.get(id) ?? { dimension, key, n: 0 };
        entry.n += 1;
        perKey.set(id, entry);
      }
    }
    const openedDay = dayOf(fact.opened_at);
    for (const { dimension, key, n } of perKey.values()) {
      const id = `${openedDay}|${dimension}|${key}`;
      const entry = escalationDays.get(id) ?? {
        day: openedDay,
        dimension,
        key,
        escalations: 0,
        tickets: 0,
      };
      entry.escalations += sign * n;
      entry.tickets += sign;
      escalationDays.set(id, entry);
      const [escalations, tickets] =
        dimension === 0
          ? [CELL_MEASURES.escalationsByReason, CELL_MEASURES.ticketsByReason]
          : [CELL_MEASURES.escalationsByLevel, CELL_MEASURES.ticketsByLevel];
      cells.add(escalations, fact.opened_at, fact.team_id, fact, sign * n, key);
      cells.add(tickets, fact.opened_at, fact.team_id, fact, sign, key);
    }
    histogramAdd(
      2,
      fact.first_solved_at,
      fact.first_res_calendar_bucket,
      fact.first_resolution_calendar_ms,
      fact.first_solve_team_id,
      fact.first_solve_assignee_id,
      sign,
      fact,
    );
    histogramAdd(
      3,
      fact.first_solved_at,
      fact.first_res_business_bucket,
      fact.first_resolution_business_ms,
      fact.first_solve_team_id,
      fact.first_solve_assignee_id,
      sign,
      fact,
    );
    histogramAdd(
      4,
      fact.solved_at,
      fact.full_res_calendar_bucket,
      fact.full_resolution_calendar_ms,
      fact.solve_team_id,
      fact.solve_assignee_id,
      sign,
      fact,
    );
    histogramAdd(
      5,
      fact.solved_at,
      fact.full_res_business_bucket,
      fact.full_resolution_business_ms,
      fact.solve_team_id,
      fact.solve_assignee_id,
      sign,
      fact,
    );
    const solveTeam = fact.first_solve_team_id;
    // CSAT per solving team and day sent, and per rated agent and month sent (metrics.md).
    const csatTeam = fact.solve_team_id ?? fact.first_solve_team_id;
    for (const survey of fact.csat_surveys ?? []) {
      const { rated, satisfied, scoreSum: score } = csatCountsOf(survey.score);
      const day = dayOf(survey.issuedAt);
      const id = `${day}|${teamKey(csatTeam)}`;
      const entry = csatTeamDaily.get(id) ?? {
        day,
        team_id: csatTeam,
        sent: 0,
        rated: 0,
        satisfied: 0,
        score_sum: 0,
      };
      entry.sent += sign;
      entry.rated += sign * rated;
      entry.satisfied += sign * satisfied;
      entry.score_sum += sign * score;
      csatTeamDaily.set(id, entry);
      cells.add(CELL_MEASURES.csatSent, survey.issuedAt, csatTeam, fact, sign);
      cells.add(CELL_MEASURES.csatRated, survey.issuedAt, csatTeam, fact, sign * rated);
      cells.add(CELL_MEASURES.csatSatisfied, survey.issuedAt, csatTeam, fact, sign * satisfied);
      cells.add(CELL_MEASURES.csatScoreSum, survey.issuedAt, csatTeam, fact, sign * score);
      // CSAT per UTC hour sent too (report_hour_counts, the cells' measure codes).
      hourCount(CELL_MEASURES.csatSent, survey.issuedAt, sign);
      hourCount(CELL_MEASURES.csatRated, survey.issuedAt, sign * rated);
      hourCount(CELL_MEASURES.csatSatisfied, survey.issuedAt, sign * satisfied);
      hourCount(CELL_MEASURES.csatScoreSum, survey.issuedAt, sign * score);
      agentCount(survey.agentId, survey.issuedAt, 'csat_sent', sign);
      agentCount(survey.agentId, survey.issuedAt, 'csat_rated', sign * rated);
      agentCount(survey.agentId, survey.issuedAt, 'csat_satisfied', sign * satisfied);
      agentCount(survey.agentId, survey.issuedAt, 'csat_score_sum', sign * score);
    }
    if (fact.first_solved_at !== null) {
      const at = fact.first_solved_at;
      const agent = fact.first_solve_assignee_id;
      agentCount(agent, at, 'first_solved', sign);
      if (fact.fcr) agentCount(agent, at, 'fcr', sign);
      if (Number(fact.reopen_count) > 0) agentCount(agent, at, 'reopened', sign);
      measure(TEAM_MEASURES.firstSolved, at, solveTeam, agent, sign, fact);
      measure(TEAM_MEASURES.fcr, at, solveTeam, agent, sign, fact, fact.fcr);
      measure(TEAM_MEASURES.reopened, at, solveTeam, agent, sign, fact, fact.reopen_count > 0);
      measure(
        TEAM_MEASURES.within24h,
        at,
        solveTeam,
        agent,
        sign,
        fact,
        fact.solved_within_24h === true,
      );
    }
    if (fact.solved_at !== null) {
      measure(
        TEAM_MEASURES.fullSolved,
        fact.solved_at,
        fact.solve_team_id,
        fact.solve_assignee_id,
        sign,
        fact,
      );
    }
    measure(TEAM_MEASURES.opened, fact.opened_at, fact.team_id, fact.assignee_id, sign, fact);
    const escalated = Number(fact.escalation_count) > 0;
    measure(
      TEAM_MEASURES.escalated,
      fact.opened_at,
      fact.team_id,
      fact.assignee_id,
      sign,
      fact,
      escalated,
    );
    if (fact.first_response_at === null) return;
    const responder = fact.first_response_team_id;
    const responderAgent = fact.first_response_agent_id;
    histogramAdd(
      0,
      fact.first_response_at,
      fact.frt_calendar_bucket,
      fact.frt_calendar_ms,
      responder,
      fact.first_response_agent_id,
      sign,
      fact,
    );
    histogramAdd(
      1,
      fact.first_response_at,
      fact.frt_business_bucket,
      fact.frt_business_ms,
      responder,
      fact.first_response_agent_id,
      sign,
      fact,
    );
    const outcome = fact.frt_sla_outcome;
    measure(TEAM_MEASURES.responses, fact.first_response_at, responder, responderAgent, sign, fact);
    measure(
      TEAM_MEASURES.slaAchieved,
      fact.first_response_at,
      responder,
      responderAgent,
      sign,
      fact,
      outcome === 'achieved',
    );
    measure(
      TEAM_MEASURES.slaMeasured,
      fact.first_response_at,
      responder,
      responderAgent,
      sign,
      fact,
      outcome !== null,
    );
    const day = dayOf(fact.first_response_at);
    const entry = daily.get(day) ?? { day, responses: 0, sla_achieved: 0, sla_measured: 0 };
    entry.responses += sign;
    if (fact.frt_sla_outcome === 'achieved') entry.sla_achieved += sign;
    if (fact.frt_sla_outcome !== null) entry.sla_measured += sign;
    daily.set(day, entry);
  };
  const beforeEscalations = escalationsOf(escalationsBefore);
  const afterEscalations = escalationsOf(escalationsAfter);
  for (const fact of before) add(fact, beforeEscalations.get(fact.ticket_id) ?? [], -1);
  for (const fact of after) add(fact, afterEscalations.get(fact.ticket_id) ?? [], 1);
  // SLA compliance per agent: every cycle row counts as ended, achieved ones also as achieved.
  for (const [cycles, sign] of [
    [cyclesBefore, -1],
    [cyclesAfter, 1],
  ] as const) {
    for (const cycle of cycles) {
      agentCount(cycle.agent_id, cycle.ended_at, 'sla_ended', sign);
      if (cycle.outcome === 'achieved')
        agentCount(cycle.agent_id, cycle.ended_at, 'sla_achieved', sign);
    }
  }
  await groups.apply(manager);
  await cells.apply(manager);
  await hourStats.apply(manager);
  for (const [grain, { agents, teams, agentMeasures }] of COUNTER_GRAINS.entries()) {
    const measureChanges = [...agentMeasureRows[grain].values()].filter((e) => e.n !== 0);
    if (measureChanges.length > 0) {
      await manager.query(agentMeasures, [JSON.stringify(measureChanges)]);
    }
    const agentChanges = [...agentRows[grain].values()].filter((e) =>
      AGENT_COUNTERS.some((c) => e[c] !== 0),
    );
    if (agentChanges.length > 0) await manager.query(agents, [JSON.stringify(agentChanges)]);
    const teamChanges = [...teamRows[grain].values()].filter((e) => e.n !== 0);
    if (teamChanges.length > 0) await manager.query(teams, [JSON.stringify(teamChanges)]);
  }
  const hourChanges = [...hourCounts.values()].filter((e) => e.n !== 0);
  if (hourChanges.length > 0) {
    await manager.query(UPSERT_HOUR_COUNTS, [JSON.stringify(hourChanges)]);
  }
  const csatChanges = [...csatTeamDaily.values()].filter(
    (e) => e.sent !== 0 || e.rated !== 0 || e.satisfied !== 0 || e.score_sum !== 0,
  );
  if (csatChanges.length > 0) {
    await manager.query(UPSERT_CSAT_TEAM_DAILY, [JSON.stringify(csatChanges)]);
  }
  const changed = [...histogram.values()].filter((e) => e.n !== 0 || e.total !== 0n);
  if (changed.length > 0) {
    const payload = changed.map((e) => ({ ...e, total: e.total.toString() }));
    await manager.query(UPSERT_HISTOGRAM, [JSON.stringify(payload)]);
  }
  const days = [...daily.values()].filter(
    (e) => e.responses !== 0 || e.sla_achieved !== 0 || e.sla_measured !== 0,
  );
  if (days.length > 0) await manager.query(UPSERT_DAILY, [JSON.stringify(days)]);
  const countChanges = [...counts.values()].filter((e) => e.n !== 0);
  if (countChanges.length > 0) await manager.query(UPSERT_COUNTS, [JSON.stringify(countChanges)]);
  const backlogChanges = [...backlog.values()].filter((e) => e.n !== 0);
  if (backlogChanges.length > 0) {
    await manager.query(UPSERT_BACKLOG_DAILY, [JSON.stringify(backlogChanges)]);
  }
  const monthChanges = [...monthHistogram.values()].filter((e) => e.n !== 0 || e.total !== 0n);
  if (monthChanges.length > 0) {
    const payload = monthChanges.map((e) => ({ ...e, total: e.total.toString() }));
    await manager.query(UPSERT_MONTH_HISTOGRAM, [JSON.stringify(payload)]);
  }
  const teamChanges = [...teamCounts.values()].filter((e) => e.n !== 0);
  if (teamChanges.length > 0)
    await manager.query(UPSERT_TEAM_COUNTS, [JSON.stringify(teamChanges)]);
  const resolutionChanges = [...resolution.values()].filter((e) =>
    RESOLUTION_COUNTERS.some((c) => e[c] !== 0),
  );
  if (resolutionChanges.length > 0) {
    await manager.query(UPSERT_RESOLUTION_DAILY, [JSON.stringify(resolutionChanges)]);
  }
  const escalationChanges = [...escalationDays.values()].filter(
    (e) => e.escalations !== 0 || e.tickets !== 0,
  );
  if (escalationChanges.length > 0) {
    await manager.query(UPSERT_ESCALATION_DAILY, [JSON.stringify(escalationChanges)]);
  }
}

/**
 * Ticket facts for the reports. Each batch appends the events to the touched tickets' stored
 * streams, refolds those tickets with src/feedback/metrics and rewrites their rows: a handful of
 * statements per batch, and the facts can never disagree with the metric definitions. SLA events
 * arrive on the same ticket streams and may come before or after the ticket events they follow.
 */
@Injectable()
@ProjectionDefinition()
export class ReportTicketFactsProjection implements Projection {
  readonly name = REPORT_TICKET_FACTS_PROJECTION;
  // 2: resolution histograms and per-day resolution and escalation counters (rebuilt from the log).
  // 3: per-team and per-agent histograms over months, quarters and years, per-agent counters and
  // CSAT per solving team (the surveys folded with their ticket).
  // 4: histograms and counters per cell (channel, type, priority; with and without the team);
  // per-team and per-agent histograms and counters per UTC day too.
  // 5: every duration kind's histogram over all tickets per UTC day, block, month, quarter, year;
  // per agent every kind (full resolution too) and nobody (NO_AGENT) as well; the per-team
  // counters per agent (report_agent_measures_*) and over all per UTC hour (report_hour_counts),
  // the histograms over all per UTC hour too.
  // 6: the cells' marginals (one channel, type or priority: CELL_DIMENSIONS.marginal), histograms
  // and counters per UTC day, block, month, quarter and year; each duration kind's exact
  // statistics per UTC hour (report_hour_stats) and CSAT per UTC hour (report_hour_counts).
  readonly version = 6;
  readonly eventTypes = [
    ...TICKET_EVENT_TYPES,
    ...REPORT_SLA_EVENT_TYPES,
    SURVEY_ISSUED_TYPE,
    'SatisfactionRated',
  ];
  readonly tables = [
    'report_ticket_streams',
    'report_tickets',
    'report_escalations',
    'report_sla_cycles',
    'report_frt_histogram',
    'report_frt_daily',
    'report_daily_counts',
    'report_resolution_daily',
    'report_daily_team_counts',
    'report_group_histogram',
    'report_agent_monthly',
    'report_csat_team_daily',
    'report_month_histogram',
    'report_backlog_daily',
    'report_team_monthly',
    'report_escalation_daily',
    'report_cell_counts',
    'report_team_daily',
    'report_agent_daily',
    'report_agent_measures_monthly',
    'report_agent_measures_daily',
    'report_hour_counts',
    'report_hour_stats',
  ];

  async handle(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    const byTicket = new Map<string, StoredTicketEvent[]>();
    for (const event of events) {
      const ticketId = event.data.ticketId;
      if (typeof ticketId !== 'string') continue;
      const list = byTicket.get(ticketId) ?? [];
      list.push({
        id: event.id,
        type: event.type,
        data: storedDataOf(event.type, event.data),
        actor: event.metadata.actor,
        occurredAt: event.metadata.occurredAt,
        revision: event.revision.toString(),
      });
      byTicket.set(ticketId, list);
    }
    if (byTicket.size === 0) return;
    const ids = [...byTicket.keys()];
    const stored = await manager.query<{ ticket_id: string; events: StoredTicketEvent[] }[]>(
      'SELECT ticket_id, events FROM report_ticket_streams WHERE ticket_id = ANY($1::text[])',
      [ids],
    );
    const streams = new Map(stored.map((row) => [row.ticket_id, row.events]));
    const tickets: TicketFactRow[] = [];
    const escalations: EscalationRow[] = [];
    const cycles: SlaCycleRow[] = [];
    const updatedStreams: { ticket_id: string; events: StoredTicketEvent[] }[] = [];
    for (const [ticketId, fresh] of byTicket) {
      const known = streams.get(ticketId) ?? [];
      const seen = new Set(known.map((event) => event.id));
      const all = [...known, ...fresh.filter((event) => !seen.has(event.id))];
      updatedStreams.push({ ticket_id: ticketId, events: all });
      const facts = deriveTicketFacts(all);
      if (facts === null) continue;
      tickets.push(facts.ticket);
      escalations.push(...facts.escalations);
      cycles.push(...facts.cycles);
    }
    await manager.query(UPSERT_STREAMS, [JSON.stringify(updatedStreams)]);
    const derived = tickets.map((row) => row.ticket_id);
    if (derived.length === 0) return;
    const before = await manager.query<RollupFact[]>(SELECT_FIRST_RESPONSES, [derived]);
    const escalationsBefore = await manager.query<EscalationFact[]>(SELECT_ESCALATIONS, [derived]);
    const cyclesBefore = await manager.query<CycleFact[]>(SELECT_CYCLES, [derived]);
    await manager.query(UPSERT_TICKETS, [JSON.stringify(tickets)]);
    await applyRollupDeltas(
      manager,
      before,
      tickets,
      escalationsBefore,
      escalations,
      cyclesBefore,
      cycles,
    );
    await deleteEmptyRollupRows(manager, this.tables);
    await manager.query('DELETE FROM report_escalations WHERE ticket_id = ANY($1::text[])', [
      derived,
    ]);
    await manager.query('DELETE FROM report_sla_cycles WHERE ticket_id = ANY($1::text[])', [
      derived,
    ]);
    if (escalations.length > 0) {
      await manager.query(INSERT_ESCALATIONS, [JSON.stringify(escalations)]);
    }
    if (cycles.length > 0) await manager.query(INSERT_CYCLES, [JSON.stringify(cycles)]);
  }
}
