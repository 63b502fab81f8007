import { EVENT_TYPE, STREAM_NAME } from '@eventstore/db-client';
import { claimStreamOf, isEventIdClaimStream } from './esdb-event-id-claims';
import { isInternalEvent, isSystemEvent, matchesFilter, toServerFilter } from './esdb-filter';

describe('system events', () => {
  it.each([
    ['$stats-127.0.0.1:2113', '$statsCollected'],
    ['$$ticket-1', '$metadata'],
    ['$ce-ticket', '$>'],
    ['ticket-1', '$metadata'],
    ['$projections-$all', 'ProjectionUpdated'],
  ])('skips %s / %s', (stream, type) => {
    expect(isSystemEvent(stream, type)).toBe(true);
    expect(matchesFilter(undefined, stream, type)).toBe(false);
  });

  it('keeps product events', () => {
    expect(isSystemEvent('ticket-1', 'TicketOpened')).toBe(false);
    expect(matchesFilter(undefined, 'ticket-1', 'TicketOpened')).toBe(true);
  });
});

describe("the adapter's event id claims", () => {
  it('live in their own streams, named by the lower-case id', () => {
    const stream = claimStreamOf('0B6F4A52-3F0E-4D7C-9A51-2F1D6F0E8A01');
    expect(stream).toBe('_event-id-0b6f4a52-3f0e-4d7c-9a51-2f1d6f0e8a01');
    expect(isEventIdClaimStream(stream)).toBe(true);
    expect(isEventIdClaimStream('ticket-1')).toBe(false);
  });

  it('are internal: never read, counted or delivered, whatever the filter', () => {
    const stream = claimStreamOf('0b6f4a52-3f0e-4d7c-9a51-2f1d6f0e8a01');
    expect(isInternalEvent(stream, 'EventIdClaimed')).toBe(true);
    expect(matchesFilter(undefined, stream, 'EventIdClaimed')).toBe(false);
    expect(matchesFilter({ streamPrefixes: ['_event'] }, stream, 'EventIdClaimed')).toBe(false);
  });
});

describe('client-side filter', () => {
  const filter = {
    streamPrefixes: ['ticket-', 'sla-'],
    eventTypes: ['TicketOpened', 'SlaBreached'],
  };

  it('requires a matching stream prefix and an exact event type', () => {
    expect(matchesFilter(filter, 'ticket-1', 'TicketOpened')).toBe(true);
    expect(matchesFilter(filter, 'sla-9', 'SlaBreached')).toBe(true);
    expect(matchesFilter(filter, 'feedback-1', 'TicketOpened')).toBe(false);
    expect(matchesFilter(filter, 'ticket-1', 'TicketOpenedV2')).toBe(false);
    expect(matchesFilter(filter, 'ticket-1', 'TicketClosed')).toBe(false);
  });

  it('treats empty lists as no constraint', () => {
    expect(matchesFilter({ streamPrefixes: [], eventTypes: [] }, 'anything-1', 'Anything')).toBe(
      true,
    );
  });
});

describe('server-side filter', () => {
  it('filters on stream name prefixes when given', () => {
    expect(
      toServerFilter({ streamPrefixes: ['ticket-'], eventTypes: ['TicketOpened'] }),
    ).toMatchObject({
      filterOn: STREAM_NAME,
      prefixes: ['ticket-'],
    });
  });

  it('filters on event types otherwise (as prefixes; exactness is restored client-side)', () => {
    expect(toServerFilter({ eventTypes: ['TicketOpened'] })).toMatchObject({
      filterOn: EVENT_TYPE,
      prefixes: ['TicketOpened'],
    });
  });

  it('excludes system event types when there is nothing else to filter on', () => {
    const filter = toServerFilter(undefined);
    expect(filter).toMatchObject({ filterOn: EVENT_TYPE });
    expect('regex' in filter && new RegExp(filter.regex).test('$statsCollected')).toBe(false);
    expect('regex' in filter && new RegExp(filter.regex).test('TicketOpened')).toBe(true);
  });
});
