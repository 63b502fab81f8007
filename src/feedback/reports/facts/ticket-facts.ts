/**
 * One ticket's report facts, derived by folding its events with src/feedback/metrics (the single
 * implementation of metrics.md), so the SQL reports aggregate exactly the values the definitions
 * give. Pure: the projection stores the events and calls this on every change of the ticket.
 */
import {
  createBusinessCalendar,
  businessMsBetween,
  type BusinessCalendar,
} from '../../../sla/business-time';
import { toBusinessCalendarInput } from '../../../sla/calendars/sla-calendar.definition';
import type { SlaCalendarDefinition } from '../../../sla/calendars/sla-calendar.definition';
import type { Actor } from '../../../event-store/event-store.port';
import { TICKET_EVENT_TYPES, type TicketEvent } from '../../../tickets/ticket.events';
import {
  calendarDuration,
  firstResolutionTime,
  firstResponseTime,
  foldTimeline,
  fullResolutionTime,
  isFirstContactResolution,
  SOLVED_WITHIN_MS,
  type BusinessDuration,
  type TimelineEvent,
} from '../../metrics/metrics';
import { durationBucket } from './duration-buckets';

/** A ticket-stream event as `report_ticket_streams` keeps it (message bodies left out). */
export interface StoredTicketEvent {
  readonly id: string;
  readonly type: string;
  readonly data: Record<string, unknown>;
  readonly actor: Actor;
  readonly occurredAt: string;
  /** Stream revision as a decimal string (JSON has no bigint). */
  readonly revision: string;
}

export interface TicketFactRow {
  readonly ticket_id: string;
  readonly opened_at: string;
  readonly channel: string;
  readonly type: string;
  readonly priority: string;
  readonly customer_id: string;
  readonly status: string;
  readonly team_id: string | null;
  readonly assignee_id: string | null;
  readonly first_response_at: string | null;
  readonly first_response_agent_id: string | null;
  readonly first_response_team_id: string | null;
  readonly frt_calendar_ms: number | null;
  readonly frt_business_ms: number | null;
  readonly frt_sla_outcome: 'achieved' | 'breached' | null;
  readonly frt_calendar_bucket: number | null;
  readonly frt_business_bucket: number | null;
  readonly first_solved_at: string | null;
  readonly first_solve_assignee_id: string | null;
  readonly first_solve_team_id: string | null;
  readonly first_resolution_calendar_ms: number | null;
  readonly first_resolution_business_ms: number | null;
  readonly first_res_calendar_bucket: number | null;
  readonly first_res_business_bucket: number | null;
  readonly solved_at: string | null;
  readonly solve_assignee_id: string | null;
  readonly solve_team_id: string | null;
  readonly full_resolution_calendar_ms: number | null;
  readonly full_resolution_business_ms: number | null;
  readonly full_res_calendar_bucket: number | null;
  readonly full_res_business_bucket: number | null;
  readonly reopen_count: number;
  readonly public_agent_reply_count: number;
  readonly fcr: boolean;
  readonly escalation_count: number;
  readonly solved_within_24h: boolean | null;
  /** The ticket's CSAT surveys as the per-team and per-agent CSAT counters counted them. */
  readonly csat_surveys: readonly CsatSurveyFact[] | null;
}

/**
 * A CSAT survey of the ticket (SurveyIssued, by type string, on its own stream) and its standing
 * answer (the latest SatisfactionRated for it in log order): what report_csat_surveys holds.
 */
export interface CsatSurveyFact {
  readonly surveyId: string;
  readonly issuedAt: string;
  readonly agentId: string | null;
  readonly score: number | null;
}

/** Survey events the ticket facts fold besides the ticket stream's own. */
export const SURVEY_ISSUED_TYPE = 'SurveyIssued';

export interface EscalationRow {
  readonly ticket_id: string;
  readonly seq: number;
  readonly escalated_at: string;
  readonly reason: string;
  readonly from_level: number;
  readonly to_level: number;
}

export interface SlaCycleRow {
  readonly ticket_id: string;
  readonly cycle_id: string;
  readonly target: string;
  readonly outcome: 'achieved' | 'breached';
  /** Completion for achieved cycles, the breach instant for breached ones (metrics.md). */
  readonly ended_at: string;
  readonly agent_id: string | null;
  readonly team_id: string | null;
}

export interface TicketFacts {
  readonly ticket: TicketFactRow;
  readonly escalations: readonly EscalationRow[];
  readonly cycles: readonly SlaCycleRow[];
}

const TICKET_TYPES = new Set<string>(TICKET_EVENT_TYPES);
/** Free text the metrics never read: left out of the stored stream to keep it small. */
const DROPPED_FIELDS = new Set(['body', 'description', 'summary', 'subject', 'comment']);

/** What the facts need of an SLA event; the policy snapshot keeps only its calendar. */
export function storedDataOf(
  type: string,
  data: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  if (type === 'SlaPolicyApplied') {
    return { ticketId: data.ticketId, calendar: data.calendar, appliedAt: data.appliedAt };
  }
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) {
    if (!DROPPED_FIELDS.has(key)) kept[key] = value;
  }
  if (type === 'TicketOpened') {
    const customer = data.customer as { id?: unknown } | undefined;
    kept.customer = { id: customer?.id ?? null };
  }
  return kept;
}

const iso = (ms: number): string => new Date(ms).toISOString();

/** Null until the ticket's TicketOpened is among the events. */
export function deriveTicketFacts(events: readonly StoredTicketEvent[]): TicketFacts | null {
  // SurveyIssued lives on its survey's stream: its revision says nothing about the ticket's order.
  const ordered = events
    .filter((event) => event.type !== SURVEY_ISSUED_TYPE)
    .sort((a, b) => compareRevision(a.revision, b.revision));
  const timelineEvents = ordered
    .filter((event) => TICKET_TYPES.has(event.type))
    .map(toTimelineEvent);
  const timeline = foldTimeline(timelineEvents);
  if (timeline === null) return null;
  const opening = ordered.find((event) => event.type === 'TicketOpened');
  const customer = opening?.data.customer as { id?: string | null } | undefined;
  const business = businessDurationOf(ordered);
  const frt = firstResponseTime(timeline, business);
  const first = firstResolutionTime(timeline, business);
  const full = fullResolutionTime(timeline, business);
  const assignment = assignmentsOf(ordered);
  const cycles = cyclesOf(timeline.ticketId, ordered, assignment.atRevision);
  const frCycle = cycles.find((cycle) => cycle.cycle_id === 'firstResponse-1');
  return {
    ticket: {
      ticket_id: timeline.ticketId,
      opened_at: iso(timeline.openedAt),
      channel: timeline.channel,
      type: timeline.type,
      priority: timeline.priority,
      customer_id: customer?.id ?? '',
      status: timeline.status,
      team_id: assignment.current.teamId,
      assignee_id: assignment.current.agentId,
      first_response_at: frt === null ? null : iso(frt.completedAt),
      first_response_agent_id: frt?.agentId ?? null,
      first_response_team_id: frt?.teamId ?? null,
      frt_calendar_ms: frt?.calendarMs ?? null,
      frt_business_ms: frt?.businessMs ?? null,
      frt_sla_outcome: frCycle?.outcome ?? null,
      frt_calendar_bucket: frt === null ? null : durationBucket(frt.calendarMs),
      frt_business_bucket: frt === null ? null : durationBucket(frt.businessMs),
      first_solved_at: first === null ? null : iso(first.completedAt),
      first_solve_assignee_id: first?.assigneeId ?? null,
      first_solve_team_id: first?.teamId ?? null,
      first_resolution_calendar_ms: first?.calendarMs ?? null,
      first_resolution_business_ms: first?.businessMs ?? null,
      first_res_calendar_bucket: first === null ? null : durationBucket(first.calendarMs),
      first_res_business_bucket: first === null ? null : durationBucket(first.businessMs),
      solved_at: full === null ? null : iso(full.completedAt),
      solve_assignee_id: full?.assigneeId ?? null,
      solve_team_id: full?.teamId ?? null,
      full_resolution_calendar_ms: full?.calendarMs ?? null,
      full_resolution_business_ms: full?.businessMs ?? null,
      full_res_calendar_bucket: full === null ? null : durationBucket(full.calendarMs),
      full_res_business_bucket: full === null ? null : durationBucket(full.businessMs),
      reopen_count: timeline.reopenCount,
      public_agent_reply_count: timeline.publicAgentReplyCount,
      fcr: isFirstContactResolution(timeline),
      escalation_count: timeline.escalations.length,
      solved_within_24h: first === null ? null : first.calendarMs <= SOLVED_WITHIN_MS,
      csat_surveys: csatSurveysOf(events, ordered),
    },
    escalations: timeline.escalations.map((escalation, index) => ({
      ticket_id: timeline.ticketId,
      seq: index + 1,
      escalated_at: iso(escalation.at),
      reason: escalation.reason,
      from_level: escalation.fromLevel,
      to_level: escalation.toLevel,
    })),
    cycles,
  };
}

/** Surveys in the order they were issued, each with its standing answer; null when none. */
function csatSurveysOf(
  events: readonly StoredTicketEvent[],
  ordered: readonly StoredTicketEvent[],
): CsatSurveyFact[] | null {
  const surveys = new Map<string, CsatSurveyFact>();
  for (const event of events) {
    const data = event.data;
    const surveyId = stringOrNull(data.surveyId);
    if (event.type !== SURVEY_ISSUED_TYPE || surveyId === null) continue;
    if (data.kind !== undefined && data.kind !== 'csat') continue;
    surveys.set(surveyId, {
      surveyId,
      issuedAt: new Date(stringOrNull(data.issuedAt) ?? event.occurredAt).toISOString(),
      agentId: stringOrNull(data.agentId),
      score: surveys.get(surveyId)?.score ?? null,
    });
  }
  for (const event of ordered) {
    const surveyId = stringOrNull(event.data.surveyId);
    if (event.type !== 'SatisfactionRated' || surveyId === null) continue;
    const survey = surveys.get(surveyId);
    const score = event.data.score;
    if (survey === undefined || typeof score !== 'number' || !Number.isInteger(score)) continue;
    surveys.set(surveyId, { ...survey, score });
  }
  return surveys.size === 0 ? null : [...surveys.values()];
}

function compareRevision(a: string, b: string): number {
  const left = BigInt(a);
  const right = BigInt(b);
  return left < right ? -1 : left > right ? 1 : 0;
}

function toTimelineEvent(event: StoredTicketEvent): TimelineEvent {
  return {
    id: event.id,
    type: event.type,
    data: event.data,
    metadata: { actor: event.actor, occurredAt: event.occurredAt },
    revision: BigInt(event.revision),
  } as unknown as TimelineEvent & TicketEvent;
}

const calendars = new Map<string, BusinessCalendar>();
const MAX_CACHED_CALENDARS = 256;

/**
 * Business time uses the calendar of the SLA policy the ticket is measured by (the latest
 * SlaPolicyApplied snapshot); no policy, or the policy removed: calendar time (metrics.md).
 */
function businessDurationOf(ordered: readonly StoredTicketEvent[]): BusinessDuration {
  let definition: SlaCalendarDefinition | null = null;
  for (const event of ordered) {
    if (event.type === 'SlaPolicyApplied') {
      definition = (event.data.calendar as SlaCalendarDefinition | undefined) ?? null;
    } else if (event.type === 'SlaPolicyRemoved') {
      definition = null;
    }
  }
  if (definition === null) return calendarDuration;
  const key = JSON.stringify(definition);
  let calendar = calendars.get(key);
  if (calendar === undefined) {
    calendar = createBusinessCalendar(toBusinessCalendarInput(definition));
    if (calendars.size >= MAX_CACHED_CALENDARS) calendars.clear();
    calendars.set(key, calendar);
  }
  const resolved = calendar;
  return (fromMs, toMs) => businessMsBetween(resolved, fromMs, toMs);
}

interface Assignment {
  readonly agentId: string | null;
  readonly teamId: string | null;
}

/** The ticket's assignment after each event (by revision) and now. */
function assignmentsOf(ordered: readonly StoredTicketEvent[]): {
  current: Assignment;
  atRevision: ReadonlyMap<string, Assignment>;
} {
  let current: Assignment = { agentId: null, teamId: null };
  const atRevision = new Map<string, Assignment>();
  for (const event of ordered) {
    const data = event.data;
    if (event.type === 'TicketAssigned' || event.type === 'TicketUnassigned') {
      current = { agentId: stringOrNull(data.agentId), teamId: stringOrNull(data.teamId) };
    } else if (event.type === 'TicketEscalated') {
      const dropped = stringOrNull(data.unassignedAgentId);
      current = {
        agentId: dropped !== null && dropped === current.agentId ? null : current.agentId,
        teamId: stringOrNull(data.toTeamId),
      };
    }
    atRevision.set(event.revision, current);
  }
  return { current, atRevision };
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/**
 * SLA cycles that ended achieved or breached, or breached while still running: the rows SLA
 * compliance counts. A breach belongs to the breach instant and to whoever held the ticket then
 * (SlaBreached names them); an achieved cycle to its completion and the assignee at that moment.
 */
function cyclesOf(
  ticketId: string,
  ordered: readonly StoredTicketEvent[],
  atRevision: ReadonlyMap<string, Assignment>,
): SlaCycleRow[] {
  const cycles = new Map<string, SlaCycleRow>();
  for (const event of ordered) {
    const data = event.data;
    const cycleId = stringOrNull(data.cycleId);
    if (cycleId === null) continue;
    if (event.type === 'SlaBreached') {
      cycles.set(cycleId, {
        ticket_id: ticketId,
        cycle_id: cycleId,
        target: String(data.target),
        outcome: 'breached',
        ended_at: String(data.breachedAt),
        agent_id: stringOrNull(data.assigneeId),
        team_id: stringOrNull(data.teamId),
      });
    } else if (event.type === 'SlaCycleCompleted') {
      const breach = cycles.get(cycleId);
      if (breach !== undefined) continue;
      const holder = atRevision.get(event.revision) ?? { agentId: null, teamId: null };
      const achieved = data.outcome === 'achieved';
      cycles.set(cycleId, {
        ticket_id: ticketId,
        cycle_id: cycleId,
        target: String(data.target),
        outcome: achieved ? 'achieved' : 'breached',
        ended_at: new Date(String(achieved ? data.completedAt : data.dueAt)).toISOString(),
        agent_id: holder.agentId,
        team_id: holder.teamId,
      });
    }
  }
  return [...cycles.values()].map((cycle) => ({
    ...cycle,
    ended_at: new Date(cycle.ended_at).toISOString(),
  }));
}
