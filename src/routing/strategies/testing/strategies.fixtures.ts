/** Builders and fast-check arbitraries for the strategy tests (excluded from the build). */
import fc from 'fast-check';
import type { Channel } from '../../directory.values';
import { CUSTOMER_TIERS, PRIORITIES } from '../../../tickets/ticket.values';
import type { AgentSnapshot } from '../agent-snapshot';
import type { AssignmentRequest } from '../eligibility';
import type { WaitingTicket } from '../waiting-ticket';

export const TEAM = 'team-a';
export const T0 = '2026-01-05T09:00:00.000Z';

/** An agent who can take anything for TEAM until overridden. */
export function agent(id: string, overrides: Partial<AgentSnapshot> = {}): AgentSnapshot {
  return {
    id,
    active: true,
    availability: 'online',
    teamIds: [TEAM],
    skills: [],
    languages: [],
    capacity: { max: 3, perChannel: {} },
    load: { total: 0, byChannel: {} },
    lastAssignedAt: null,
    ...overrides,
  };
}

export function request(overrides: Partial<AssignmentRequest> = {}): AssignmentRequest {
  return { teamId: TEAM, channel: 'email', language: null, requiredSkills: [], ...overrides };
}

export function ticket(id: string, overrides: Partial<WaitingTicket> = {}): WaitingTicket {
  return {
    id,
    channel: 'email',
    priority: 'normal',
    customerTier: 'standard',
    language: null,
    openedAt: T0,
    slaDueAt: null,
    ruleId: 'rule-1',
    requiredSkills: [],
    ...overrides,
  };
}

const CHANNEL_SAMPLE: readonly Channel[] = ['email', 'chat', 'phone'];
const SKILLS = ['billing', 'mandarin', 'hardware'] as const;
const LANGUAGES = ['en', 'zh', 'zh-CN', 'de'] as const;

/** Minutes after T0 as an ISO instant. */
export function minutesAfterT0(minutes: number): string {
  return new Date(Date.parse(T0) + minutes * 60_000).toISOString();
}

export const agentArb: fc.Arbitrary<AgentSnapshot> = fc
  .record({
    id: fc.constantFrom('a1', 'a2', 'a3', 'a4', 'a5', 'a6'),
    active: fc.boolean(),
    availability: fc.constantFrom('online', 'online', 'away', 'offline'),
    inTeam: fc.boolean(),
    skills: fc.uniqueArray(
      fc.record({ skill: fc.constantFrom(...SKILLS), level: fc.integer({ min: 1, max: 5 }) }),
      { selector: (skill) => skill.skill, maxLength: 3 },
    ),
    languages: fc.subarray([...LANGUAGES]),
    max: fc.integer({ min: 0, max: 4 }),
    chatCap: fc.option(fc.integer({ min: 0, max: 4 }), { nil: undefined }),
    total: fc.integer({ min: 0, max: 5 }),
    chat: fc.integer({ min: 0, max: 5 }),
    lastAssigned: fc.option(fc.integer({ min: 0, max: 5 }), { nil: null }),
  })
  .map((a): AgentSnapshot => ({
    id: a.id,
    active: a.active,
    availability: a.availability,
    teamIds: a.inTeam ? [TEAM] : ['team-b'],
    skills: a.skills,
    languages: a.languages,
    capacity: {
      max: a.max,
      perChannel: a.chatCap === undefined ? {} : { chat: Math.min(a.chatCap, a.max) },
    },
    load: { total: a.total, byChannel: { chat: Math.min(a.chat, a.total) } },
    lastAssignedAt: a.lastAssigned === null ? null : minutesAfterT0(a.lastAssigned),
  }));

/** Agents with distinct ids. */
export const agentsArb: fc.Arbitrary<AgentSnapshot[]> = fc.uniqueArray(agentArb, {
  selector: (a) => a.id,
  maxLength: 6,
});

export const requestArb: fc.Arbitrary<AssignmentRequest> = fc.record({
  teamId: fc.constant(TEAM),
  channel: fc.constantFrom(...CHANNEL_SAMPLE),
  language: fc.option(fc.constantFrom(...LANGUAGES), { nil: null }),
  requiredSkills: fc.uniqueArray(
    fc.record({ skill: fc.constantFrom(...SKILLS), minLevel: fc.integer({ min: 1, max: 5 }) }),
    { selector: (skill) => skill.skill, maxLength: 2 },
  ),
});

export const ticketArb: fc.Arbitrary<WaitingTicket> = fc
  .record({
    id: fc.constantFrom('t1', 't2', 't3', 't4', 't5', 't6', 't7', 't8', 't9', 't10'),
    channel: fc.constantFrom(...CHANNEL_SAMPLE),
    priority: fc.constantFrom(...PRIORITIES),
    customerTier: fc.option(fc.constantFrom(...CUSTOMER_TIERS), { nil: null }),
    language: fc.option(fc.constantFrom(...LANGUAGES), { nil: null }),
    opened: fc.integer({ min: 0, max: 3 }),
    due: fc.option(fc.integer({ min: 0, max: 3 }), { nil: null }),
    requiredSkills: requestArb.map((r) => r.requiredSkills),
  })
  .map((t): WaitingTicket => ({
    id: t.id,
    channel: t.channel,
    priority: t.priority,
    customerTier: t.customerTier,
    language: t.language,
    openedAt: minutesAfterT0(t.opened),
    slaDueAt: t.due === null ? null : minutesAfterT0(t.due),
    ruleId: 'rule-1',
    requiredSkills: t.requiredSkills,
  }));

/** Tickets, possibly with repeated ids (the router must still assign each at most once). */
export const ticketsArb: fc.Arbitrary<WaitingTicket[]> = fc.array(ticketArb, { maxLength: 12 });
