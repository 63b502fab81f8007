/** Shared OpenAPI wording of the report endpoints. */
export const REPORT_DESCRIPTION = [
  'Every report accepts `from`/`to` (the period [from, to); bare dates are midnight in `timeZone`; default the last 30 days), `timeZone`, `groupBy` and filters on agent, team, channel, priority and type. Admins, supervisors and auditors see everyone; an agent sees only their own figures (the agent filter is forced to themselves).',
  'Durations are milliseconds. Percentiles are exact (linear interpolation over the raw values). The body states `definitionVersion`, the event `position` the read models reflect and their lag (also in `X-Projection-Lag`).',
].join('\n\n');

export const REPORT_BAD_REQUEST =
  'A parameter out of its set or bounds, given twice or unknown, an unknown time zone, or a period ending before it starts or longer than 400 days; `errors` names each field.';
