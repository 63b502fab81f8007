import { randomUUID } from 'node:crypto';
import type { RecordedEvent } from '../../event-store/event-store.port';
import { decide } from '../ticket.decider';
import type { TicketCommand } from '../ticket.commands';
import { foldTicket } from '../ticket.state';
import { ticketStreamName } from '../ticket.values';
import { foldTicketAsOf, parseAsOf } from './ticket-as-of';
import { INTERNAL_NOTE_READER_ROLES, seesInternalNotes } from './internal-note-visibility';

const ID = 'ticket-under-audit';
const SUPERVISOR = { type: 'supervisor', id: 'sup-1' } as const;

/** Records `commands` as the runner would, each decided at the given occurredAt. */
function history(steps: readonly [string, (now: Date) => TicketCommand][]): RecordedEvent[] {
  const events: RecordedEvent[] = [];
  for (const [occurredAt, make] of steps) {
    const now = new Date(occurredAt);
    const state = foldTicket(events as never);
    for (const event of decide(make(now), state)) {
      events.push({
        id: randomUUID(),
        type: event.type,
        data: event.data as never,
        metadata: {
          actor: SUPERVISOR,
          correlationId: 'c',
          causationId: null,
          occurredAt,
          schemaVersion: 1,
        },
        streamName: ticketStreamName(ID),
        revision: BigInt(events.length),
        position: String(events.length),
        recordedAt: now,
      });
    }
  }
  return events;
}

const open = (now: Date): TicketCommand => ({
  type: 'OpenTicket',
  data: {
    ticketId: ID,
    channel: 'web',
    subject: 'Audit me',
    description: '',
    customer: { id: 'c-1', name: 'C', tier: 'standard' },
    type: 'question',
    language: 'en',
  },
  metadata: { actor: SUPERVISOR, now },
});
const reprioritise =
  (priority: 'low' | 'high') =>
  (now: Date): TicketCommand => ({
    type: 'ReprioritiseTicket',
    data: { ticketId: ID, priority, reason: 'because' },
    metadata: { actor: SUPERVISOR, now },
  });

describe('parseAsOf', () => {
  it('reads digits as a revision and a zoned ISO date-time as an instant', () => {
    expect(parseAsOf('0')).toEqual({ kind: 'revision', revision: 0n });
    expect(parseAsOf('9223372036854775807')).toEqual({
      kind: 'revision',
      revision: 9223372036854775807n,
    });
    expect(parseAsOf('2026-01-05T10:00:00Z')).toEqual({
      kind: 'time',
      at: Date.parse('2026-01-05T10:00:00Z'),
    });
    expect(parseAsOf('2026-01-05T10:00:00.123+02:00')).toEqual({
      kind: 'time',
      at: Date.parse('2026-01-05T08:00:00.123Z'),
    });
  });

  it.each([
    '',
    '9223372036854775808',
    '1.5',
    '-3',
    '2026-01-05',
    '2026-01-05T10:00:00',
    '2026-13-05T10:00:00Z',
    '2026-02-29T10:00:00Z',
    'now',
  ])('refuses %p', (value) => {
    expect(parseAsOf(value)).toBeUndefined();
  });
});

describe('foldTicketAsOf', () => {
  const events = history([
    ['2026-01-05T09:00:00.000Z', open],
    ['2026-01-05T10:00:00.000Z', reprioritise('high')],
    ['2026-01-05T11:00:00.000Z', reprioritise('low')],
  ]);

  it('keeps the events up to a revision', () => {
    const asOf = foldTicketAsOf(events, { kind: 'revision', revision: 2n });
    expect(asOf?.revision).toBe(2n);
    expect(asOf?.ticket.priority).toBe('high');
  });

  it('keeps the events that occurred up to an instant', () => {
    const asOf = foldTicketAsOf(events, { kind: 'time', at: Date.parse('2026-01-05T10:59:59Z') });
    expect(asOf?.revision).toBe(2n);
    expect(asOf?.ticket.priority).toBe('high');
  });

  it('stops at the first later event: a skewed clock never applies an event out of order', () => {
    const skewed = events.map((event, index) =>
      index === 3
        ? { ...event, metadata: { ...event.metadata, occurredAt: '2026-01-05T09:30:00.000Z' } }
        : event,
    );
    // Revision 3 claims 09:30 but comes after revision 2 (10:00): at 09:45 only 0..1 count.
    const asOf = foldTicketAsOf(skewed, { kind: 'time', at: Date.parse('2026-01-05T09:45:00Z') });
    expect(asOf?.revision).toBe(1n);
    expect(asOf?.ticket.priority).toBe('normal');
  });

  it('is undefined before the ticket was opened', () => {
    expect(
      foldTicketAsOf(events, { kind: 'time', at: Date.parse('2026-01-05T08:00:00Z') }),
    ).toBeUndefined();
    expect(foldTicketAsOf([], { kind: 'revision', revision: 5n })).toBeUndefined();
  });

  it('without asOf folds everything, like the decider', () => {
    const all = foldTicketAsOf(events);
    expect(all?.revision).toBe(3n);
    expect(all?.ticket).toEqual(foldTicket(events as never));
  });
});

describe('internal note visibility', () => {
  it('shows notes to admins, supervisors, agents and auditors, and to nobody else', () => {
    expect(INTERNAL_NOTE_READER_ROLES).toEqual(['admin', 'supervisor', 'agent', 'auditor']);
    expect(seesInternalNotes('auditor')).toBe(true);
    expect(seesInternalNotes('integrator')).toBe(false);
  });
});
