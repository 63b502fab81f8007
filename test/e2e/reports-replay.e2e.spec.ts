/**
 * Replays a seeded, randomised month of events into the whole app and checks every number of
 * every report against a straightforward recomputation from the raw events with
 * src/feedback/metrics (the pure metric definitions), taking exactly the events up to the
 * positions each report says it reflects. Only the clock is fake.
 */
import request from 'supertest';
import {
  EVENT_STORE,
  type EventStore,
  type RecordedEvent,
} from '../../src/event-store/event-store.port';
import {
  awaitingFirstResponse,
  calendarDuration,
  csat,
  escalationRate,
  firstContactResolutionRate,
  firstResolutionTime,
  firstResponseTime,
  foldTimeline,
  fullResolutionTime,
  nps,
  reopenRate,
  solvedWithin24h,
  summarise,
  type BusinessDuration,
  type TicketTimeline,
  type TimelineEvent,
} from '../../src/feedback/metrics/metrics';
import { randomMonth } from '../../src/feedback/reports/testing/random-month';
import {
  appendEvents,
  waitForReports,
} from '../../src/feedback/reports/testing/report-test-events';
import { FixedClock } from '../../src/platform/time/clock';
import { businessMsBetween, createBusinessCalendar } from '../../src/sla/business-time';
import {
  toBusinessCalendarInput,
  type SlaCalendarDefinition,
} from '../../src/sla/calendars/sla-calendar.definition';
import { TICKET_EVENT_TYPES } from '../../src/tickets/ticket.events';
import { bearer } from '../support/directory-fixtures';
import { createTestApp, type TestApp } from '../support/test-app';

const SEED = Number(process.env.REPORTS_REPLAY_SEED ?? 20260301);
const TICKETS = 160;
const MONTH_START = Date.parse('2026-03-01T00:00:00.000Z');
const NOW = Date.parse('2026-04-02T12:00:00.000Z');
const DAY = 24 * 3_600_000;
const TICKET_TYPES = new Set<string>(TICKET_EVENT_TYPES);

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- walks arbitrary JSON report bodies
type Json = Record<string, any>;
type GroupBy =
  'agent' | 'team' | 'channel' | 'priority' | 'type' | 'hour' | 'day' | 'week' | 'month';

interface Query {
  readonly from: number;
  readonly to: number;
  readonly timeZone: string;
  readonly groupBy: GroupBy | null;
  readonly channels?: readonly string[];
  readonly teams?: readonly string[];
  readonly agents?: readonly string[];
}

/** An item a metric produced, with where it is attributed. */
interface Attributed {
  readonly at: number;
  readonly agent: string | null;
  readonly team: string | null;
  readonly ticket: TicketTimeline;
}

// ---------------------------------------------------------------- recomputation from raw events

interface TicketModel {
  readonly timeline: TicketTimeline;
  readonly business: BusinessDuration;
  readonly assignee: string | null;
  readonly team: string | null;
  readonly frOutcome: 'achieved' | 'breached' | null;
  readonly cycles: { at: number; agent: string | null; team: string | null; achieved: boolean }[];
}

interface Model {
  readonly tickets: Map<string, TicketModel>;
  readonly surveys: Map<
    string,
    {
      ticketId: string;
      agentId: string | null;
      issuedAt: number;
      score: number | null;
      comment: string | null;
      ratedAt: number | null;
    }
  >;
  readonly nps: Map<string, { score: number; comment: string | null; ratedAt: number }>;
  readonly openFollowUps: Set<string>;
}

function buildModel(
  log: readonly RecordedEvent[],
  ticketPosition: string | null,
  feedbackPosition: string | null,
): Model {
  const cut = (position: string | null): number =>
    position === null ? -1 : log.findIndex((event) => event.position === position);
  const ticketCut = cut(ticketPosition);
  const feedbackCut = cut(feedbackPosition);
  if (
    (ticketPosition !== null && ticketCut < 0) ||
    (feedbackPosition !== null && feedbackCut < 0)
  ) {
    throw new Error('a report position is not in the log read');
  }
  const streams = new Map<string, RecordedEvent[]>();
  log.forEach((event, index) => {
    if (index > ticketCut || typeof event.data.ticketId !== 'string') return;
    if (!TICKET_TYPES.has(event.type) && !event.type.startsWith('Sla')) return;
    const list = streams.get(event.data.ticketId) ?? [];
    list.push(event);
    streams.set(event.data.ticketId, list);
  });
  const tickets = new Map<string, TicketModel>();
  for (const [ticketId, events] of streams) {
    events.sort((a, b) => (a.revision < b.revision ? -1 : 1));
    const timeline = foldTimeline(
      events.filter((e) => TICKET_TYPES.has(e.type)) as unknown as TimelineEvent[],
    );
    if (timeline === null) continue;
    let calendar: SlaCalendarDefinition | null = null;
    let assignee: string | null = null;
    let team: string | null = null;
    const breaches = new Map<string, { at: number; agent: string | null; team: string | null }>();
    const cycles: TicketModel['cycles'] = [];
    let frOutcome: TicketModel['frOutcome'] = null;
    for (const event of events) {
      const d = event.data as Json;
      if (event.type === 'SlaPolicyApplied') calendar = d.calendar as SlaCalendarDefinition;
      if (event.type === 'SlaPolicyRemoved') calendar = null;
      if (event.type === 'TicketAssigned' || event.type === 'TicketUnassigned') {
        assignee = d.agentId;
        team = d.teamId;
      }
      if (event.type === 'TicketEscalated') {
        if (d.unassignedAgentId !== null && d.unassignedAgentId === assignee) assignee = null;
        team = d.toTeamId;
      }
      // metrics.md SLA compliance: cycles achieved or breached, counted where they ended or
      // breached; a breach belongs to whoever held the ticket then.
      if (event.type === 'SlaBreached' && !breaches.has(d.cycleId)) {
        const breach = { at: Date.parse(d.breachedAt), agent: d.assigneeId, team: d.teamId };
        breaches.set(d.cycleId, breach);
        cycles.push({ ...breach, achieved: false });
        if (d.cycleId === 'firstResponse-1') frOutcome = 'breached';
      }
      if (event.type === 'SlaCycleCompleted' && !breaches.has(d.cycleId)) {
        const achieved = d.outcome === 'achieved';
        breaches.set(d.cycleId, { at: 0, agent: null, team: null });
        cycles.push({
          at: Date.parse(achieved ? d.completedAt : d.dueAt),
          agent: assignee,
          team,
          achieved,
        });
        if (d.cycleId === 'firstResponse-1') frOutcome = achieved ? 'achieved' : 'breached';
      }
    }
    const business: BusinessDuration =
      calendar === null
        ? calendarDuration
        : (
            (cal) => (from: number, to: number) =>
              businessMsBetween(cal, from, to)
          )(createBusinessCalendar(toBusinessCalendarInput(calendar)));
    tickets.set(ticketId, { timeline, business, assignee, team, frOutcome, cycles });
  }

  const surveys: Model['surveys'] = new Map();
  const npsRatings: Model['nps'] = new Map();
  const openFollowUps = new Set<string>();
  log.forEach((event, index) => {
    if (index > feedbackCut) return;
    const d = event.data as Json;
    if (event.type === 'SurveyIssued' && d.kind === 'csat') {
      const known = surveys.get(d.surveyId);
      surveys.set(d.surveyId, {
        score: null,
        comment: null,
        ratedAt: null,
        ...known,
        ticketId: d.ticketId,
        agentId: d.agentId,
        issuedAt: Date.parse(d.issuedAt),
      });
    } else if (event.type === 'SatisfactionRated') {
      // The latest answer stands; the one it replaces no longer counts.
      const known = surveys.get(d.surveyId);
      surveys.set(d.surveyId, {
        ticketId: d.ticketId,
        agentId: known?.agentId ?? d.agentId,
        issuedAt: known?.issuedAt ?? Number.NaN,
        score: d.score,
        comment: d.comment,
        ratedAt: Date.parse(d.ratedAt),
      });
    } else if (event.type === 'NpsRated') {
      npsRatings.set(d.surveyId, {
        score: d.score,
        comment: d.comment,
        ratedAt: Date.parse(d.ratedAt),
      });
    } else if (event.type === 'FollowUpRaised') {
      openFollowUps.add(d.followUpId);
    } else if (event.type === 'FollowUpResolved') {
      openFollowUps.delete(d.followUpId);
    }
  });
  return { tickets, surveys, nps: npsRatings, openFollowUps };
}

// ---------------------------------------------------------------- grouping as the reports define it

function localParts(ms: number, timeZone: string): Record<string, string> {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(ms));
  return Object.fromEntries(parts.map((part) => [part.type, part.value]));
}

function bucketOf(groupBy: GroupBy, ms: number, timeZone: string): string {
  const p = localParts(ms, timeZone);
  if (groupBy === 'hour') return `${p.year}-${p.month}-${p.day}T${p.hour}:00`;
  if (groupBy === 'day') return `${p.year}-${p.month}-${p.day}`;
  if (groupBy === 'month') return `${p.year}-${p.month}`;
  const date = new Date(Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day)));
  date.setUTCDate(date.getUTCDate() - ((date.getUTCDay() + 6) % 7)); // back to Monday
  return date.toISOString().slice(0, 10);
}

function keyOf(item: Attributed, query: Query): string | null {
  switch (query.groupBy) {
    case null:
      return null;
    case 'agent':
      return item.agent;
    case 'team':
      return item.team;
    case 'channel':
      return item.ticket.channel;
    case 'priority':
      return item.ticket.priority;
    case 'type':
      return item.ticket.type;
    default:
      return bucketOf(query.groupBy, item.at, query.timeZone);
  }
}

function matches(item: Attributed, query: Query, period = true): boolean {
  if (period && !(item.at >= query.from && item.at < query.to)) return false;
  if (query.channels && !query.channels.includes(item.ticket.channel)) return false;
  if (query.teams && (item.team === null || !query.teams.includes(item.team))) return false;
  if (query.agents && (item.agent === null || !query.agents.includes(item.agent))) return false;
  return true;
}

function grouped<T extends Attributed>(items: readonly T[], query: Query): Map<string | null, T[]> {
  const groups = new Map<string | null, T[]>();
  for (const item of items) {
    if (!matches(item, query)) continue;
    const key = keyOf(item, query);
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  return groups;
}

/** The distribution as the reports give it: count, median, p90, mean. */
function distribution(values: number[]): Json {
  const { count, median, p90, mean } = summarise(values);
  return { count, median, p90, mean };
}

const durations = (values: readonly { calendarMs: number; businessMs: number }[]) => ({
  calendar: distribution(values.map((v) => v.calendarMs)),
  business: distribution(values.map((v) => v.businessMs)),
});

const rateOf = (numerator: number, denominator: number) => ({
  numerator,
  denominator,
  rate: denominator === 0 ? null : numerator / denominator,
});

// ---------------------------------------------------------------- expected report bodies

function expectedFirstResponse(model: Model, query: Query): Json {
  const items = [...model.tickets.values()].flatMap((t) => {
    const m = firstResponseTime(t.timeline, t.business);
    return m === null
      ? []
      : [{ at: m.completedAt, agent: m.agentId, team: m.teamId, ticket: t.timeline, m, t }];
  });
  const figures = (list: typeof items) => {
    const measured = list.filter((i) => i.t.frOutcome !== null);
    return {
      count: list.length,
      ...durations(list.map((i) => i.m)),
      withinSlaTarget: rateOf(
        measured.filter((i) => i.t.frOutcome === 'achieved').length,
        measured.length,
      ),
    };
  };
  const all = items.filter((i) => matches(i, query));
  const current = [...model.tickets.values()].filter((t) =>
    matches({ at: 0, agent: t.assignee, team: t.team, ticket: t.timeline }, query, false),
  );
  const awaiting = awaitingFirstResponse(
    current.map((t) => t.timeline),
    NOW,
  );
  return {
    total: figures(all),
    groups: groupsOf(grouped(items, query), query, figures),
    awaitingFirstResponse: {
      count: awaiting.length,
      oldest: awaiting.slice(0, 100).map((a) => ({
        ticketId: a.ticketId,
        openedAt: new Date(a.openedAt).toISOString(),
        ageMs: a.ageMs,
      })),
    },
  };
}

function expectedResolution(model: Model, query: Query): Json {
  const tickets = [...model.tickets.values()];
  const first = tickets.flatMap((t) => {
    const m = firstResolutionTime(t.timeline, t.business);
    return m === null
      ? []
      : [{ at: m.completedAt, agent: m.assigneeId, team: m.teamId, ticket: t.timeline, m }];
  });
  const full = tickets.flatMap((t) => {
    const m = fullResolutionTime(t.timeline, t.business);
    return m === null
      ? []
      : [{ at: m.completedAt, agent: m.assigneeId, team: m.teamId, ticket: t.timeline, m }];
  });
  const opened = tickets.map((t) => ({
    at: t.timeline.openedAt,
    agent: t.assignee,
    team: t.team,
    ticket: t.timeline,
  }));
  const figures = (f: typeof first, u: typeof full, o: typeof opened) => {
    const solved = f.map((i) => i.ticket);
    const escalation = escalationRate(o.map((i) => i.ticket));
    return {
      firstResolution: { count: f.length, ...durations(f.map((i) => i.m)) },
      fullResolution: { count: u.length, ...durations(u.map((i) => i.m)) },
      firstContactResolution: pickRate(firstContactResolutionRate(solved)),
      reopen: pickRate(reopenRate(solved)),
      solvedWithin24h: pickRate(solvedWithin24h(solved)),
      escalation: pickRate(escalation),
    };
  };
  const gf = grouped(first, query);
  const gu = grouped(full, query);
  const go = grouped(opened, query);
  const keys = new Set([...gf.keys(), ...gu.keys(), ...go.keys()]);
  const groups = new Map<string | null, Json>();
  if (query.groupBy !== null) {
    for (const key of keys)
      groups.set(key, figures(gf.get(key) ?? [], gu.get(key) ?? [], go.get(key) ?? []));
  }
  const inPeriod = opened.filter((i) => matches(i, query));
  const escalation = escalationRate(inPeriod.map((i) => i.ticket));
  const backlog = [0, 0, 0, 0, 0];
  for (const t of tickets) {
    if (
      t.timeline.status === 'solved' ||
      t.timeline.status === 'closed' ||
      t.timeline.openedAt > NOW
    )
      continue;
    if (!matches({ at: 0, agent: t.assignee, team: t.team, ticket: t.timeline }, query, false))
      continue;
    const age = NOW - t.timeline.openedAt;
    backlog[age < DAY ? 0 : age < 3 * DAY ? 1 : age < 7 * DAY ? 2 : age < 30 * DAY ? 3 : 4] += 1;
  }
  return {
    total: figures(
      first.filter((i) => matches(i, query)),
      full.filter((i) => matches(i, query)),
      inPeriod,
    ),
    groups,
    escalations: {
      rate: pickRate(escalation),
      byReason: escalation.byReason,
      byLevel: escalation.byLevel.map((b) => ({ ...b, key: String(b.key) })),
    },
    backlog: ['under_1d', '1d_to_3d', '3d_to_7d', '7d_to_30d', 'over_30d'].map((band, i) => ({
      band,
      count: backlog[i],
    })),
  };
}

function pickRate(rate: { numerator: number; denominator: number; rate: number | null }): Json {
  return { numerator: rate.numerator, denominator: rate.denominator, rate: rate.rate };
}

function expectedVolume(model: Model, query: Query): Json {
  const tickets = [...model.tickets.values()];
  const opened = tickets.map((t) => ({
    at: t.timeline.openedAt,
    agent: t.assignee,
    team: t.team,
    ticket: t.timeline,
  }));
  const solved = tickets.flatMap((t) =>
    t.timeline.firstSolve === null
      ? []
      : [
          {
            at: t.timeline.firstSolve.at,
            agent: t.timeline.firstSolve.assigneeId,
            team: t.timeline.firstSolve.teamId,
            ticket: t.timeline,
          },
        ],
  );
  const o = opened.filter((i) => matches(i, query));
  const s = solved.filter((i) => matches(i, query));
  const count = (list: Attributed[], f: (t: TicketTimeline) => string) => {
    const map = new Map<string, number>();
    for (const i of list) map.set(f(i.ticket), (map.get(f(i.ticket)) ?? 0) + 1);
    return map;
  };
  const go = grouped(opened, query);
  const gs = grouped(solved, query);
  const groups = new Map<string | null, Json>();
  if (query.groupBy !== null) {
    for (const key of new Set([...go.keys(), ...gs.keys()])) {
      groups.set(key, { opened: go.get(key)?.length ?? 0, solved: gs.get(key)?.length ?? 0 });
    }
  }
  const oc = count(o, (t) => t.channel);
  const sc = count(s, (t) => t.channel);
  const ot = count(o, (t) => t.type);
  const st = count(s, (t) => t.type);
  const byChannel = new Map(
    [...new Set([...oc.keys(), ...sc.keys()])].map((k) => [
      k,
      { opened: oc.get(k) ?? 0, solved: sc.get(k) ?? 0 },
    ]),
  );
  // Pareto: most opened first (ties: most solved, then name), running share, vital few to 80 %.
  const types = [...new Set([...ot.keys(), ...st.keys()])]
    .map((type) => ({ type, opened: ot.get(type) ?? 0, solved: st.get(type) ?? 0 }))
    .sort((a, b) => b.opened - a.opened || b.solved - a.solved || (a.type < b.type ? -1 : 1));
  let running = 0;
  let reached = false;
  const byType = types.map((entry) => {
    running += entry.opened;
    const vitalFew = !reached && entry.opened > 0;
    const cumulativeShare = o.length === 0 ? null : running / o.length;
    if (cumulativeShare !== null && cumulativeShare >= 0.8) reached = true;
    return {
      ...entry,
      share: o.length === 0 ? null : entry.opened / o.length,
      cumulativeShare,
      vitalFew,
    };
  });
  return { total: { opened: o.length, solved: s.length }, groups, byChannel, byType };
}

function csatItems(model: Model) {
  return [...model.surveys.entries()].flatMap(([surveyId, s]) => {
    const t = model.tickets.get(s.ticketId);
    if (t === undefined || Number.isNaN(s.issuedAt)) return [];
    const team = t.timeline.standingSolve?.teamId ?? t.timeline.firstSolve?.teamId ?? null;
    return [{ at: s.issuedAt, agent: s.agentId, team, ticket: t.timeline, surveyId, s }];
  });
}

function expectedSatisfaction(model: Model, query: Query): Json {
  const items = csatItems(model);
  const figures = (list: typeof items) =>
    csat(list.map((i) => ({ surveyId: i.surveyId, score: i.s.score })));
  const inPeriod = items.filter((i) => matches(i, query));
  const ratings = [...model.nps.entries()].filter(
    ([, r]) => r.ratedAt >= query.from && r.ratedAt < query.to,
  );
  const span = query.to - query.from;
  const trendBy: GroupBy =
    query.groupBy === 'hour' ||
    query.groupBy === 'day' ||
    query.groupBy === 'week' ||
    query.groupBy === 'month'
      ? query.groupBy
      : span <= 31 * DAY
        ? 'day'
        : span <= 190 * DAY
          ? 'week'
          : 'month';
  const trend = new Map<string, Json>();
  const buckets = new Set([
    ...inPeriod.map((i) => bucketOf(trendBy, i.at, query.timeZone)),
    ...ratings.map(([, r]) => bucketOf(trendBy, r.ratedAt, query.timeZone)),
  ]);
  for (const bucket of buckets) {
    trend.set(bucket, {
      csat: figures(inPeriod.filter((i) => bucketOf(trendBy, i.at, query.timeZone) === bucket)),
      nps: nps(
        ratings
          .filter(([, r]) => bucketOf(trendBy, r.ratedAt, query.timeZone) === bucket)
          .map(([, r]) => r.score),
      ),
    });
  }
  const lowCsat = inPeriod.filter(
    (i) => i.s.score !== null && i.s.score <= 2 && i.s.comment !== null,
  );
  const lowNps = ratings.filter(([, r]) => r.score <= 6 && r.comment !== null);
  return {
    csat: figures(inPeriod),
    groups: groupsOf(grouped(items, query), query, figures),
    nps: nps(ratings.map(([, r]) => r.score)),
    trendBy,
    trend,
    lowScoreComments: {
      csat: lowCsat.length > 50 ? null : new Set(lowCsat.map((i) => i.surveyId)),
      nps: lowNps.length > 50 ? null : new Set(lowNps.map(([id]) => id)),
    },
    unresolvedFollowUps: model.openFollowUps,
  };
}

function expectedAgents(model: Model, query: Query): Map<string, Json> {
  const tickets = [...model.tickets.values()];
  const agents = new Map<string, { fr: Json[]; solved: Json[]; surveys: Json[]; cycles: Json[] }>();
  const entry = (id: string) => {
    const e = agents.get(id) ?? { fr: [], solved: [], surveys: [], cycles: [] };
    agents.set(id, e);
    return e;
  };
  for (const t of tickets) {
    const fr = firstResponseTime(t.timeline, t.business);
    if (
      fr &&
      matches({ at: fr.completedAt, agent: fr.agentId, team: fr.teamId, ticket: t.timeline }, query)
    ) {
      entry(fr.agentId).fr.push(fr);
    }
    const first = firstResolutionTime(t.timeline, t.business);
    if (
      first &&
      first.assigneeId !== null &&
      matches(
        { at: first.completedAt, agent: first.assigneeId, team: first.teamId, ticket: t.timeline },
        query,
      )
    ) {
      entry(first.assigneeId).solved.push({ m: first, t: t.timeline });
    }
    for (const c of t.cycles) {
      if (
        c.agent !== null &&
        matches({ at: c.at, agent: c.agent, team: c.team, ticket: t.timeline }, query)
      ) {
        entry(c.agent).cycles.push(c);
      }
    }
  }
  for (const i of csatItems(model)) {
    if (i.agent !== null && matches(i, query)) entry(i.agent).surveys.push(i);
  }
  const median = (values: number[]) => summarise(values).median;
  return new Map(
    [...agents.entries()].map(([agentId, e]) => [
      agentId,
      {
        agentId,
        ticketsHandled: e.solved.length,
        firstResponses: e.fr.length,
        firstResponseMedian: {
          calendar: median(e.fr.map((m) => m.calendarMs)),
          business: median(e.fr.map((m) => m.businessMs)),
        },
        resolutionMedian: {
          calendar: median(e.solved.map((s) => s.m.calendarMs)),
          business: median(e.solved.map((s) => s.m.businessMs)),
        },
        firstContactResolution: pickRate(firstContactResolutionRate(e.solved.map((s) => s.t))),
        reopen: pickRate(reopenRate(e.solved.map((s) => s.t))),
        csat: csat(e.surveys.map((i) => ({ surveyId: i.surveyId, score: i.s.score }))),
        slaCompliance: rateOf(e.cycles.filter((c) => c.achieved).length, e.cycles.length),
      },
    ]),
  );
}

function groupsOf<T>(
  groups: Map<string | null, T[]>,
  query: Query,
  figures: (list: T[]) => Json,
): Map<string | null, Json> {
  const result = new Map<string | null, Json>();
  if (query.groupBy === null) return result;
  for (const [key, list] of groups) result.set(key, figures(list));
  return result;
}

// ---------------------------------------------------------------- comparison

/** Records every difference (numbers within 1e-9 relative: PostgreSQL float8 vs JS). */
function compare(actual: unknown, expected: unknown, path: string, diffs: string[]): void {
  if (expected instanceof Map) {
    const list = (actual ?? []) as Json[];
    const byKey = new Map(
      list.map((item) => [item.key ?? item.bucket ?? item.agentId ?? null, item]),
    );
    const keys = new Set([...expected.keys(), ...byKey.keys()]);
    for (const key of keys)
      compare(byKey.get(key), expected.get(key), `${path}[${String(key)}]`, diffs);
    return;
  }
  if (typeof expected === 'number' && typeof actual === 'number') {
    const tolerance = Math.max(1e-9 * Math.abs(expected), 1e-9);
    if (Math.abs(actual - expected) > tolerance) diffs.push(`${path}: ${actual} != ${expected}`);
    return;
  }
  if (expected === null || typeof expected !== 'object') {
    if (actual !== expected)
      diffs.push(`${path}: ${JSON.stringify(actual)} != ${JSON.stringify(expected)}`);
    return;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) {
      diffs.push(
        `${path}: length ${Array.isArray(actual) ? actual.length : 'n/a'} != ${expected.length}`,
      );
      return;
    }
    expected.forEach((item, i) => compare(actual[i], item, `${path}[${i}]`, diffs));
    return;
  }
  if (actual === null || typeof actual !== 'object') {
    diffs.push(`${path}: missing`);
    return;
  }
  for (const [key, value] of Object.entries(expected as Json)) {
    compare((actual as Json)[key], value, `${path}.${key}`, diffs);
  }
}

// ---------------------------------------------------------------- the test

describe('reports replay a randomised month exactly', () => {
  let testApp: TestApp;
  let log: RecordedEvent[] = [];

  beforeAll(async () => {
    testApp = await createTestApp({}, { clock: new FixedClock(new Date(NOW)) });
    const month = randomMonth(SEED, TICKETS, MONTH_START);
    for (const [stream, events] of month.streams) await appendEvents(testApp.app, stream, events);
    // The app's own reactors (survey timers, follow-ups, SLA timers) append events after the
    // month's: wait until the log stays still for longer than their polling intervals and both
    // report projections have consumed it, so both stated positions are the log's end. (CSAT by
    // team and per agent come from report_ticket_facts, the CSAT totals from
    // report_feedback_facts: at different positions, they may describe different surveys.)
    let length = -1;
    for (let settled = 0; settled < 2;) {
      await waitForReports(testApp.app);
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      const now = (await readLog()).length;
      settled = now === length ? settled + 1 : 0;
      length = now;
    }
    await waitForReports(testApp.app);
  }, 300_000);

  afterAll(async () => {
    await testApp?.close();
  });

  async function readLog(): Promise<RecordedEvent[]> {
    const store = testApp.app.get<EventStore>(EVENT_STORE);
    const events: RecordedEvent[] = [];
    let from: 'start' | string = 'start';
    for (;;) {
      const page = await store.readAll({ from, maxCount: 1000 });
      events.push(...page);
      if (page.length < 1000) return events;
      from = page[page.length - 1].position;
    }
  }

  async function report(path: string, query: Query): Promise<{ body: Json; model: Model }> {
    const params = new URLSearchParams({
      from: new Date(query.from).toISOString(),
      to: new Date(query.to).toISOString(),
      timeZone: query.timeZone,
    });
    if (query.groupBy !== null) params.set('groupBy', query.groupBy);
    if (query.channels) params.set('channel', query.channels.join(','));
    if (query.teams) params.set('team', query.teams.join(','));
    if (query.agents) params.set('agent', query.agents.join(','));
    const response = await request(testApp.app.getHttpServer())
      .get(`/reports/${path}?${params.toString()}`)
      .set(bearer(testApp.adminKey))
      .expect(200);
    const body = response.body as Json;
    const positions = new Map(
      (body.projections as Json[]).map((p) => [p.projection, p.position as string | null]),
    );
    // The log is read after the report, so it holds at least every event the report reflects.
    log = await readLog();
    const model = buildModel(
      log,
      positions.get('report_ticket_facts') ?? null,
      positions.get('report_feedback_facts') ?? null,
    );
    return { body, model };
  }

  const PERIOD = { from: MONTH_START, to: Date.parse('2026-04-01T00:00:00.000Z') };
  const QUERIES: Query[] = [
    ...(
      [
        null,
        'agent',
        'team',
        'channel',
        'priority',
        'type',
        'hour',
        'day',
        'week',
        'month',
      ] as const
    ).map((groupBy) => ({ ...PERIOD, timeZone: 'UTC', groupBy })),
    { ...PERIOD, timeZone: 'Europe/Berlin', groupBy: 'day' },
    { ...PERIOD, timeZone: 'America/New_York', groupBy: 'week' },
    {
      ...PERIOD,
      timeZone: 'UTC',
      groupBy: 'agent',
      channels: ['email', 'chat', 'web'],
      teams: ['team-1', 'team-2'],
    },
    { ...PERIOD, timeZone: 'UTC', groupBy: 'type', channels: ['email', 'chat', 'phone'] },
    // Whole UTC days around a whole month: the month from the monthly rollups, the days before
    // and after it (the solves and answers that spill into April) from the daily ones; by team,
    // CSAT's total and trend from the daily counts and only its team groups from the surveys.
    ...([null, 'month', 'team'] as const).map((groupBy) => ({
      from: Date.parse('2026-02-20T00:00:00Z'),
      to: Date.parse('2026-04-03T00:00:00Z'),
      timeZone: 'UTC',
      groupBy,
    })),
    // Other zones and periods between any instants: the rollups' nearest UTC days or months and
    // the signed slivers of fact rows at each group's ends (query/period-plan.ts) — Berlin across
    // its change to summer time, New York's months starting five hours into the UTC day, India's
    // half-hour offset, and a mid-month period by team (its core overshoots at both ends).
    ...([null, 'month', 'team'] as const).map((groupBy) => ({
      from: Date.parse('2026-02-19T23:00:00Z'),
      to: Date.parse('2026-04-02T22:00:00Z'),
      timeZone: 'Europe/Berlin',
      groupBy,
    })),
    {
      from: Date.parse('2026-03-01T05:00:00Z'),
      to: Date.parse('2026-04-02T04:00:00Z'),
      timeZone: 'America/New_York',
      groupBy: 'month',
    },
    ...([null, 'day', 'team'] as const).map((groupBy) => ({
      from: Date.parse('2026-03-04T18:30:00Z'),
      to: Date.parse('2026-03-24T18:30:00Z'),
      timeZone: 'Asia/Kolkata',
      groupBy,
    })),
    ...([null, 'team'] as const).map((groupBy) => ({
      from: Date.parse('2026-03-09T12:00:00Z'),
      to: Date.parse('2026-03-20T00:00:00Z'),
      timeZone: 'UTC',
      groupBy,
    })),
    // Filtered, or by channel, type, priority, or team with filters: the cells (query/
    // cell-rollups.ts) — every team's cells, or one team's through the team part of the key —
    // with the same cores and slivers.
    {
      from: Date.parse('2026-02-19T23:00:00Z'),
      to: Date.parse('2026-04-02T22:00:00Z'),
      timeZone: 'Europe/Berlin',
      groupBy: null,
      teams: ['team-1', 'team-3'],
    },
    {
      from: Date.parse('2026-02-19T23:00:00Z'),
      to: Date.parse('2026-04-02T22:00:00Z'),
      timeZone: 'Europe/Berlin',
      groupBy: 'month',
      channels: ['email', 'web'],
    },
    {
      from: Date.parse('2026-03-01T05:00:00Z'),
      to: Date.parse('2026-04-02T04:00:00Z'),
      timeZone: 'America/New_York',
      groupBy: 'priority',
      teams: ['team-2'],
    },
    {
      from: Date.parse('2026-03-09T12:00:00Z'),
      to: Date.parse('2026-03-20T00:00:00Z'),
      timeZone: 'UTC',
      groupBy: 'team',
      channels: ['email', 'chat', 'phone'],
    },
    {
      from: Date.parse('2026-02-20T00:00:00Z'),
      to: Date.parse('2026-04-03T00:00:00Z'),
      timeZone: 'UTC',
      groupBy: 'channel',
      teams: ['team-1', 'team-2', 'team-3'],
    },
    // Filtered on one dimension by day or week, or grouped by it: that dimension's marginals per
    // UTC day (facts/cell-rollups.ts marginalKeys) — across Berlin's change to summer time, New
    // York's weeks, and between mid-month instants (a daily CSAT trend from them too).
    {
      from: Date.parse('2026-02-19T23:00:00Z'),
      to: Date.parse('2026-04-02T22:00:00Z'),
      timeZone: 'Europe/Berlin',
      groupBy: 'day',
      channels: ['email', 'web'],
    },
    {
      from: Date.parse('2026-03-01T05:00:00Z'),
      to: Date.parse('2026-04-02T04:00:00Z'),
      timeZone: 'America/New_York',
      groupBy: 'week',
      channels: ['chat'],
    },
    {
      from: Date.parse('2026-03-09T12:00:00Z'),
      to: Date.parse('2026-03-20T00:00:00Z'),
      timeZone: 'UTC',
      groupBy: 'channel',
      channels: ['email', 'chat'],
    },
    // By hour: whole UTC hours from the hour statistics and counters, the rest from the fact
    // rows — Berlin's skipped hour, and New York with the period cut inside hours.
    {
      from: Date.parse('2026-02-19T23:00:00Z'),
      to: Date.parse('2026-04-02T22:00:00Z'),
      timeZone: 'Europe/Berlin',
      groupBy: 'hour',
    },
    {
      from: Date.parse('2026-03-04T18:30:00Z'),
      to: Date.parse('2026-03-24T18:45:00Z'),
      timeZone: 'America/New_York',
      groupBy: 'hour',
    },
    // Over 190 days the CSAT trend is monthly: filtered CSAT by a dimension from the cells too.
    {
      from: Date.parse('2025-10-01T00:00:00Z'),
      to: Date.parse('2026-04-20T00:00:00Z'),
      timeZone: 'UTC',
      groupBy: 'channel',
      teams: ['team-1', 'team-2'],
    },
    // By agent (the agents' histograms and counters, nobody as its own group), across Berlin's
    // change to summer time, and between instants for two agents only.
    {
      from: Date.parse('2026-02-19T23:00:00Z'),
      to: Date.parse('2026-04-02T22:00:00Z'),
      timeZone: 'Europe/Berlin',
      groupBy: 'agent',
    },
    {
      from: Date.parse('2026-03-04T18:30:00Z'),
      to: Date.parse('2026-03-24T18:30:00Z'),
      timeZone: 'Asia/Kolkata',
      groupBy: 'agent',
      agents: ['a-1', 'a-4'],
    },
    // A sub-period, so the period boundaries cut through the data.
    {
      from: Date.parse('2026-03-09T12:00:00Z'),
      to: Date.parse('2026-03-20T00:00:00Z'),
      timeZone: 'UTC',
      groupBy: 'type',
    },
  ];

  const label = (q: Query) =>
    `${q.groupBy ?? 'total'} ${q.timeZone}${q.channels ? ' filtered' : ''}${q.teams ? ' by teams' : ''}${q.agents ? ' of agents' : ''} ${new Date(q.from).toISOString().slice(0, 16)}`;

  it('replayed a month with enough of everything to be meaningful', async () => {
    const { model } = await report('satisfaction', QUERIES[0]);
    const timelines = [...model.tickets.values()].map((t) => t.timeline);
    expect(timelines.length).toBe(TICKETS);
    expect(timelines.filter((t) => t.firstResponse !== null).length).toBeGreaterThan(40);
    expect(timelines.filter((t) => t.reopenCount > 0).length).toBeGreaterThan(5);
    expect(timelines.filter((t) => t.escalations.length > 0).length).toBeGreaterThan(5);
    expect([...model.surveys.values()].filter((s) => s.score !== null).length).toBeGreaterThan(10);
    expect(model.nps.size).toBeGreaterThan(10);
  });

  it.each(QUERIES.map((q) => [label(q), q] as const))('first-response: %s', async (_, query) => {
    const { body, model } = await report('first-response', query);
    const diffs: string[] = [];
    compare(body, expectedFirstResponse(model, query), 'first-response', diffs);
    expect(diffs).toEqual([]);
  });

  it.each(QUERIES.map((q) => [label(q), q] as const))('resolution: %s', async (_, query) => {
    const { body, model } = await report('resolution', query);
    const diffs: string[] = [];
    compare(body, expectedResolution(model, query), 'resolution', diffs);
    expect(diffs).toEqual([]);
  });

  it.each(QUERIES.map((q) => [label(q), q] as const))('volume: %s', async (_, query) => {
    const { body, model } = await report('volume', query);
    const expected = expectedVolume(model, query);
    const diffs: string[] = [];
    compare(body.total, expected.total, 'volume.total', diffs);
    compare(body.groups, expected.groups, 'volume.groups', diffs);
    const channels = new Map((body.byChannel as Json[]).map((c) => [c.channel, c]));
    compare(
      Object.fromEntries(channels),
      Object.fromEntries(expected.byChannel),
      'volume.byChannel',
      diffs,
    );
    compare(body.byType, expected.byType, 'volume.byType', diffs);
    expect(diffs).toEqual([]);
  });

  it.each(QUERIES.map((q) => [label(q), q] as const))('satisfaction: %s', async (_, query) => {
    const { body, model } = await report('satisfaction', query);
    const expected = expectedSatisfaction(model, query);
    const diffs: string[] = [];
    compare(body.csat, expected.csat, 'csat', diffs);
    compare(body.groups, expected.groups, 'groups', diffs);
    compare(body.nps, expected.nps, 'nps', diffs);
    compare(body.trendBy, expected.trendBy, 'trendBy', diffs);
    compare(body.trend, expected.trend, 'trend', diffs);
    const comments = body.lowScoreComments as Json[];
    if (expected.lowScoreComments.csat) {
      expect(new Set(comments.filter((c) => c.kind === 'csat').map((c) => c.surveyId))).toEqual(
        expected.lowScoreComments.csat,
      );
    }
    if (expected.lowScoreComments.nps) {
      expect(new Set(comments.filter((c) => c.kind === 'nps').map((c) => c.surveyId))).toEqual(
        expected.lowScoreComments.nps,
      );
    }
    const open = expected.unresolvedFollowUps as Set<string>;
    expect(body.unresolvedFollowUps.count).toBe(open.size);
    if (open.size <= 50) {
      expect(new Set((body.unresolvedFollowUps.oldest as Json[]).map((f) => f.followUpId))).toEqual(
        open,
      );
    }
    expect(diffs).toEqual([]);
  });

  it.each(
    QUERIES.filter((q) => q.groupBy === null || q.groupBy === 'agent').map(
      (q) => [label(q), q] as const,
    ),
  )('agents: %s', async (_, query) => {
    const { body, model } = await report('agents', { ...query, groupBy: null });
    const diffs: string[] = [];
    compare(body.agents, expectedAgents(model, query), 'agents', diffs);
    expect(diffs).toEqual([]);
  });
});
