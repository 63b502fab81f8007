/**
 * The pure metric definitions of metrics.md, in one import for report projections. Each report
 * states METRIC_DEFINITIONS_VERSION alongside its numbers.
 */
export { METRIC_DEFINITIONS_VERSION, SOLVED_WITHIN_MS } from './metric-definitions';
export { calendarDuration, type BusinessDuration, type MeasuredDuration } from './business-time';
export * from './statistics';
export * from './ticket-timeline';
export * from './response-metrics';
export * from './resolution-metrics';
export * from './rate-metrics';
export * from './satisfaction-metrics';
