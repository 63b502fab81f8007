/**
 * From validated query parameters (and who asks) to the criteria a report query runs with.
 * Checks needing more than one field, or the time zone database, are 400s naming the field.
 */
import type { Principal } from '../../../auth/principal';
import type { FieldError } from '../../../platform/http/problem-details';
import { validationProblem } from '../../../platform/http/validation';
import { firstInstantAtOrAfterLocal } from '../../../sla/business-time/zoned-time';
import type { GroupBy, ReportQuery } from './report.query.dto';

export const DEFAULT_PERIOD_MS = 30 * 24 * 3_600_000;
/** A little over a year: the longest period a report answers (the bench measures one year). */
export const MAX_PERIOD_MS = 400 * 24 * 3_600_000;

export interface ReportCriteria {
  readonly fromMs: number;
  readonly toMs: number;
  readonly timeZone: string;
  readonly groupBy: GroupBy | null;
  readonly agents: readonly string[];
  readonly teams: readonly string[];
  readonly channels: readonly string[];
  readonly priorities: readonly string[];
  readonly types: readonly string[];
  /** The moment the report is computed for (ages of waiting tickets, backlog bands). */
  readonly nowMs: number;
}

function listOf(csv: string | undefined): string[] {
  return csv === undefined ? [] : [...new Set(csv.split(','))];
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** A bare date is local midnight in the zone; a date-time names its own offset. */
function instantOf(value: string, timeZone: string): number {
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (date === null) return Date.parse(value);
  const naive = Date.UTC(Number(date[1]), Number(date[2]) - 1, Number(date[3]));
  return firstInstantAtOrAfterLocal(timeZone, naive);
}

export function reportCriteriaOf(
  query: ReportQuery,
  principal: Principal,
  nowMs: number,
  allowedGroupBys?: readonly GroupBy[],
): ReportCriteria {
  const errors: FieldError[] = [];
  const timeZone = query.timeZone ?? 'UTC';
  if (!isTimeZone(timeZone)) {
    errors.push({
      field: 'timeZone',
      message: 'timeZone is not a known IANA zone',
      code: 'timeZone',
    });
  }
  const zone = errors.length === 0 ? timeZone : 'UTC';
  const toMs = query.to === undefined ? nowMs : instantOf(query.to, zone);
  const fromMs = query.from === undefined ? toMs - DEFAULT_PERIOD_MS : instantOf(query.from, zone);
  if (fromMs >= toMs) {
    errors.push({
      field: 'to',
      message: 'to must be later than from (the period is [from, to))',
      code: 'range',
    });
  } else if (toMs - fromMs > MAX_PERIOD_MS) {
    errors.push({ field: 'from', message: 'the period may span at most 400 days', code: 'range' });
  }
  const groupBy = query.groupBy ?? null;
  if (groupBy !== null && allowedGroupBys !== undefined && !allowedGroupBys.includes(groupBy)) {
    errors.push({
      field: 'groupBy',
      message: `groupBy must be one of ${allowedGroupBys.join(', ')} for this report`,
      code: 'isIn',
    });
  }
  if (errors.length > 0) throw validationProblem(errors);
  // Agents see their own figures only, whatever they ask for.
  const agents = principal.role === 'agent' ? [principal.principalId] : listOf(query.agent);
  return {
    fromMs,
    toMs,
    timeZone,
    groupBy,
    agents,
    teams: listOf(query.team),
    channels: listOf(query.channel),
    priorities: listOf(query.priority),
    types: listOf(query.type),
    nowMs,
  };
}
