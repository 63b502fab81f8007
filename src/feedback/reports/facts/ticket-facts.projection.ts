import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '../../../event-store/event-store.port';
import { ProjectionDefinition } from '../../../projections/projection-definition.decorator';
import type { Projection } from '../../../projections/projection';
import { TICKET_EVENT_TYPES } from '../../../tickets/ticket.events';
import {
  deriveTicketFacts,
  storedDataOf,
  type StoredTicketEvent,
  type TicketFactRow,
} from './ticket-facts';

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
  SELECT first_response_at, frt_calendar_ms, frt_business_ms, frt_sla_outcome,
         frt_calendar_bucket, frt_business_bucket, opened_at, first_solved_at, channel, type, priority
  FROM report_tickets WHERE ticket_id = ANY($1::text[])`;

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

interface FirstResponseFact {
  readonly opened_at: Date | string;
  readonly first_solved_at: Date | string | null;
  readonly channel: string;
  readonly type: string;
  readonly priority: string;
  readonly first_response_at: Date | string | null;
  readonly frt_calendar_ms: string | number | null;
  readonly frt_business_ms: string | number | null;
  readonly frt_sla_outcome: string | null;
  readonly frt_calendar_bucket: number | null;
  readonly frt_business_bucket: number | null;
}

/**
 * Keeps the first-response histogram and the daily counts equal to the fact rows: the rows'
 * previous facts are taken out and their new ones put in (a ticket's first response can change
 * when, say, an SLA policy arrives and its business time is remeasured; its type when it is
 * reclassified).
 */
async function applyHistogramDeltas(
  manager: EntityManager,
  before: readonly FirstResponseFact[],
  after: readonly FirstResponseFact[],
): Promise<void> {
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
  const add = (fact: FirstResponseFact, sign: 1 | -1): void => {
    const instants: [number, Date | string | null][] = [
      [0, fact.opened_at],
      [1, fact.first_solved_at],
    ];
    for (const [measure, at] of instants) {
      if (at === null) continue;
      const day = new Date(at).toISOString().slice(0, 10);
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
    }
    if (fact.first_response_at === null) return;
    const day = new Date(fact.first_response_at).toISOString().slice(0, 10);
    const kinds: [number, number | null, string | number | null][] = [
      [0, fact.frt_calendar_bucket, fact.frt_calendar_ms],
      [1, fact.frt_business_bucket, fact.frt_business_ms],
    ];
    for (const [kind, bucket, value] of kinds) {
      if (bucket === null || value === null) continue;
      const key = `${kind}|${day}|${bucket}`;
      const entry = histogram.get(key) ?? { kind, day, bucket, n: 0, total: 0n };
      entry.n += sign;
      entry.total += BigInt(sign) * BigInt(value);
      histogram.set(key, entry);
    }
    const entry = daily.get(day) ?? { day, responses: 0, sla_achieved: 0, sla_measured: 0 };
    entry.responses += sign;
    if (fact.frt_sla_outcome === 'achieved') entry.sla_achieved += sign;
    if (fact.frt_sla_outcome !== null) entry.sla_measured += sign;
    daily.set(day, entry);
  };
  for (const fact of before) add(fact, -1);
  for (const fact of after) add(fact, 1);
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
  readonly version = 1;
  readonly eventTypes = [...TICKET_EVENT_TYPES, ...REPORT_SLA_EVENT_TYPES];
  readonly tables = [
    'report_ticket_streams',
    'report_tickets',
    'report_escalations',
    'report_sla_cycles',
    'report_frt_histogram',
    'report_frt_daily',
    'report_daily_counts',
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
    const escalations: unknown[] = [];
    const cycles: unknown[] = [];
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
    const before = await manager.query<FirstResponseFact[]>(SELECT_FIRST_RESPONSES, [derived]);
    await manager.query(UPSERT_TICKETS, [JSON.stringify(tickets)]);
    await applyHistogramDeltas(manager, before, tickets);
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
