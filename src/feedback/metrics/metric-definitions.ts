/**
 * The version of /work/shared/metrics.md these computations implement. Every report states it, so
 * a number can be traced to the definition it was computed under; bump it whenever a definition
 * (or an interpretation recorded in a comment here) changes.
 */
export const METRIC_DEFINITIONS_VERSION = '2026-11-1';

/** Milliseconds in the "solved within 24 h" window (calendar time, by definition). */
export const SOLVED_WITHIN_MS = 24 * 60 * 60 * 1000;
