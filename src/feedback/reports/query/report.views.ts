import { ApiProperty } from '@nestjs/swagger';
import { METRIC_DEFINITIONS_VERSION } from '../../metrics/metrics';
import { GROUP_BYS, type GroupBy } from './report.query.dto';
import type { ReportCriteria } from './report-criteria';
import { ProjectionPositionView, type Freshness } from './report-freshness';
import { MAX_PERIOD_MS } from './report-criteria';

/** ISO instants as `toISOString()` writes them (24 characters; 27 with an extended year). */
export const REPORT_DATE_TIME = { type: 'string', format: 'date-time', maxLength: 30 } as const;
/** Agent, team and customer ids: the directory's and the CRM's bound. */
export const REPORT_ID_MAX_LENGTH = 128;
/**
 * A group key: an agent or team id (at most 128), a channel, priority or type, or a time bucket
 * (`2026-03-02T09:00`, 16 characters).
 */
export const REPORT_GROUP_KEY_MAX_LENGTH = REPORT_ID_MAX_LENGTH;
/**
 * Hourly buckets of the longest period (400 days): 24 a day plus one for a period not starting on
 * the hour and one per UTC-offset change, which no time zone makes 399 times in 400 days.
 */
export const MAX_TIME_BUCKETS = (MAX_PERIOD_MS / 3_600_000 / 24) * 25;
/**
 * The longest string V8 builds (2^29 − 24 characters on 64-bit). A report body is serialised
 * into one string, so a list whose length nothing else caps (one entry per agent, team or
 * escalation reason: the directory and the reasons are open-ended) can never hold more entries
 * than fit there.
 */
const MAX_SERIALISED_CHARS = 2 ** 29 - 24;

/** The true ceiling of an uncapped list: the body's character limit over its smallest entry. */
export function maxSerialisableEntries(smallestEntry: object): number {
  // Each entry costs at least its own JSON and the comma after it.
  return Math.floor(MAX_SERIALISED_CHARS / (JSON.stringify(smallestEntry).length + 1));
}

/** Read models a report states (ticket facts, feedback facts). */
export const MAX_REPORT_PROJECTIONS = 2;

export class ReportDistributionView {
  @ApiProperty({ description: 'Values in the distribution.', minimum: 0 })
  count!: number;

  @ApiProperty({
    description: 'Exact median (linear interpolation); null when empty.',
    type: Number,
    nullable: true,
  })
  median!: number | null;

  @ApiProperty({
    description: 'Exact 90th percentile (linear interpolation).',
    type: Number,
    nullable: true,
  })
  p90!: number | null;

  @ApiProperty({ description: 'Arithmetic mean.', type: Number, nullable: true })
  mean!: number | null;
}

/** A duration distribution in milliseconds, in calendar and in business time (metrics.md). */
export class DurationFiguresView {
  @ApiProperty({ type: ReportDistributionView, description: 'Calendar milliseconds.' })
  calendar!: ReportDistributionView;

  @ApiProperty({
    type: ReportDistributionView,
    description:
      "Business milliseconds in the calendar of the ticket's SLA policy (no policy: calendar time).",
  })
  business!: ReportDistributionView;
}

export class ReportRateView {
  @ApiProperty({ minimum: 0 })
  numerator!: number;

  @ApiProperty({ minimum: 0 })
  denominator!: number;

  @ApiProperty({
    description: 'numerator / denominator in [0, 1]; null when nothing to divide by.',
    type: Number,
    nullable: true,
  })
  rate!: number | null;
}

export class ReportLagView {
  @ApiProperty({ minimum: 0 })
  events!: number;

  @ApiProperty({ minimum: 0 })
  ms!: number;
}

/** What every report states besides its numbers. */
export class ReportMetaView {
  @ApiProperty({
    description: 'Version of the metric definitions (metrics.md) the numbers follow.',
    example: METRIC_DEFINITIONS_VERSION,
    maxLength: 32,
  })
  definitionVersion!: string;

  @ApiProperty({
    description: 'Event position the main read model reflects (opaque); null: no event yet.',
    type: String,
    nullable: true,
    maxLength: 40,
  })
  position!: string | null;

  @ApiProperty({
    type: ReportLagView,
    description: 'How far the read models trail the event log (also X-Projection-Lag).',
  })
  lag!: ReportLagView;

  @ApiProperty({
    type: [ProjectionPositionView],
    maxItems: MAX_REPORT_PROJECTIONS,
    description: 'Every read model the report reads, with its position.',
  })
  projections!: ProjectionPositionView[];

  @ApiProperty({ ...REPORT_DATE_TIME, description: 'Start of the period (inclusive).' })
  from!: string;

  @ApiProperty({ ...REPORT_DATE_TIME, description: 'End of the period (exclusive).' })
  to!: string;

  @ApiProperty({ example: 'UTC', maxLength: 64 })
  timeZone!: string;

  @ApiProperty({ enum: GROUP_BYS, nullable: true, type: String })
  groupBy!: GroupBy | null;

  @ApiProperty({
    ...REPORT_DATE_TIME,
    description: 'The instant ages and backlog bands are measured at.',
  })
  asOf!: string;
}

/** The smallest serialised distribution and rate (nothing counted), for list ceilings. */
export const EMPTY_DISTRIBUTION = { count: 0, median: null, p90: null, mean: null } as const;
export const EMPTY_DURATIONS = { calendar: EMPTY_DISTRIBUTION, business: EMPTY_DISTRIBUTION };
export const EMPTY_RATE = { numerator: 0, denominator: 0, rate: null } as const;

export function metaOf(criteria: ReportCriteria, freshness: Freshness): ReportMetaView {
  return {
    definitionVersion: METRIC_DEFINITIONS_VERSION,
    position: freshness.position,
    lag: { ...freshness.lag },
    projections: [...freshness.projections],
    from: new Date(criteria.fromMs).toISOString(),
    to: new Date(criteria.toMs).toISOString(),
    timeZone: criteria.timeZone,
    groupBy: criteria.groupBy,
    asOf: new Date(criteria.nowMs).toISOString(),
  };
}

export const REPORT_ROLES = ['admin', 'supervisor', 'auditor', 'agent'] as const;
