import { foldTicketAsOf } from './ticket-as-of';
import { ticketDetailsView } from './ticket-details.view';
import type { RecordedEvent } from '../../event-store/event-store.port';

const meta = {
  actor: { type: 'agent', id: 'agent-1' },
  correlationId: 'c',
  causationId: null,
  occurredAt: '2026-01-05T09:00:00.000Z',
  schemaVersion: 1,
} as const;

function recorded(revision: number, type: string, data: object): RecordedEvent {
  return {
    id: `00000000-0000-4000-8000-00000000000${revision}`,
    type,
    data: data as Readonly<Record<string, unknown>>,
    metadata: meta,
    streamName: 'ticket-t1',
    revision: BigInt(revision),
    position: String(revision),
    recordedAt: new Date(meta.occurredAt),
  };
}

const events = [
  recorded(0, 'TicketOpened', {
    ticketId: 't1',
    channel: 'chat',
    subject: 'Hi',
    description: '',
    customer: { id: 'c1', name: 'C', email: null, phone: null, tier: 'standard' },
    type: 'question',
    priority: 'normal',
    tags: [],
    language: 'en',
    receivedAt: meta.occurredAt,
    openedAt: meta.occurredAt,
    followUpOf: null,
  }),
  recorded(1, 'TicketReplied', {
    ticketId: 't1',
    author: { kind: 'agent', id: 'agent-1' },
    body: 'Hello',
    repliedAt: meta.occurredAt,
  }),
  recorded(2, 'InternalNoteAdded', {
    ticketId: 't1',
    authorId: 'agent-1',
    authorRole: 'agent',
    body: 'Secret',
    addedAt: meta.occurredAt,
  }),
];

describe('ticketDetailsView', () => {
  const details = foldTicketAsOf(events);
  if (!details) throw new Error('not folded');

  it('staff see notes and their count', () => {
    const view = ticketDetailsView(details, { includeInternalNotes: true });
    expect(view.conversation.map((entry) => [entry.kind, entry.public])).toEqual([
      ['reply', true],
      ['internal_note', false],
    ]);
    expect(view.counts.internalNotes).toBe(1);
  });

  it('others get the public conversation only, without a note count', () => {
    const view = ticketDetailsView(details, { includeInternalNotes: false });
    expect(view.conversation.map((entry) => entry.body)).toEqual(['Hello']);
    expect(view.counts).not.toHaveProperty('internalNotes');
    expect(JSON.stringify(view)).not.toContain('Secret');
  });
});
