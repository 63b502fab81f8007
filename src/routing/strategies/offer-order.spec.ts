import { sortForOffer } from './offer-order';
import { minutesAfterT0, ticket } from './testing/strategies.fixtures';
import type { WaitingTicket } from './waiting-ticket';

function given(...tickets: WaitingTicket[]) {
  return {
    thenOffered(...ids: string[]): void {
      expect(sortForOffer(tickets).map((t) => t.id)).toEqual(ids);
      expect(sortForOffer([...tickets].reverse()).map((t) => t.id)).toEqual(ids);
    },
  };
}

describe('offer order', () => {
  it('offers VIP and urgent tickets before higher-priority ordinary ones', () => {
    given(
      ticket('high', { priority: 'high', openedAt: minutesAfterT0(0) }),
      ticket('vip-low', { priority: 'low', customerTier: 'vip', openedAt: minutesAfterT0(5) }),
      ticket('urgent', { priority: 'urgent', openedAt: minutesAfterT0(9) }),
    ).thenOffered('urgent', 'vip-low', 'high');
  });

  it('then by priority, most urgent first', () => {
    given(
      ticket('low', { priority: 'low' }),
      ticket('high', { priority: 'high' }),
      ticket('normal', { priority: 'normal' }),
    ).thenOffered('high', 'normal', 'low');
  });

  it('then by SLA due time, soonest first, tickets without one last', () => {
    given(
      ticket('none', { slaDueAt: null }),
      ticket('later', { slaDueAt: minutesAfterT0(60) }),
      ticket('sooner', { slaDueAt: minutesAfterT0(30) }),
    ).thenOffered('sooner', 'later', 'none');
  });

  it('then by age, oldest first', () => {
    given(
      ticket('new', { openedAt: minutesAfterT0(10) }),
      ticket('old', { openedAt: minutesAfterT0(1) }),
    ).thenOffered('old', 'new');
  });

  it('priority outranks SLA due time, which outranks age', () => {
    given(
      ticket('normal-due-soon-old', { slaDueAt: minutesAfterT0(1), openedAt: minutesAfterT0(0) }),
      ticket('high-due-late', { priority: 'high', slaDueAt: minutesAfterT0(90) }),
      ticket('normal-due-late-older', {
        slaDueAt: minutesAfterT0(90),
        openedAt: minutesAfterT0(-5),
      }),
    ).thenOffered('high-due-late', 'normal-due-soon-old', 'normal-due-late-older');
  });

  it('breaks a full tie by ticket id', () => {
    given(ticket('t2'), ticket('t1'), ticket('t3')).thenOffered('t1', 't2', 't3');
  });

  it('compares instants, not strings, so offsets sort by time', () => {
    given(
      ticket('b', { openedAt: '2026-01-05T10:30:00.000Z' }),
      ticket('a', { openedAt: '2026-01-05T11:00:00+01:00' }),
    ).thenOffered('a', 'b');
  });
});
