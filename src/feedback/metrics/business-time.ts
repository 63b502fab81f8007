import type { TicketTimeline } from './ticket-timeline';

/**
 * Business milliseconds between two instants (epoch ms). The SLA module supplies one built from
 * the ticket's policy calendar; the ticket is passed so it can pick that policy. With no policy,
 * business time equals calendar time (metrics.md), which is the default below.
 */
export type BusinessDuration = (fromMs: number, toMs: number, ticket: TicketTimeline) => number;

export const calendarDuration: BusinessDuration = (fromMs, toMs) => toMs - fromMs;

/** A duration measured both ways, as every report shows it. */
export interface MeasuredDuration {
  readonly calendarMs: number;
  readonly businessMs: number;
}

export function measure(
  fromMs: number,
  toMs: number,
  ticket: TicketTimeline,
  business: BusinessDuration,
): MeasuredDuration {
  return { calendarMs: toMs - fromMs, businessMs: business(fromMs, toMs, ticket) };
}
