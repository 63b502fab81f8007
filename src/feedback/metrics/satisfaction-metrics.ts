/**
 * CSAT and NPS (metrics.md, version METRIC_DEFINITIONS_VERSION). Inputs are the surveys as they
 * stand (a replaced answer already replaced), so these functions only count; scores out of range
 * are a programming error upstream and throw rather than skew a report.
 */
import { ratio } from './statistics';

/** A CSAT survey that was sent; `score` is null while unanswered. */
export interface CsatSurvey {
  readonly surveyId: string;
  readonly score: number | null;
}

export interface CsatResult {
  readonly surveysSent: number;
  readonly rated: number;
  /** Scores 4 and 5. */
  readonly satisfied: number;
  /** satisfied / rated * 100; unrated surveys are excluded. Null with no ratings. */
  readonly csatPercent: number | null;
  readonly averageScore: number | null;
  /** rated / surveys sent, a fraction in [0, 1]. */
  readonly responseRate: number | null;
}

/** What one sent survey adds to the CSAT counts (the report rollups keep their sums). */
export interface CsatCounts {
  readonly sent: number;
  readonly rated: number;
  readonly satisfied: number;
  readonly scoreSum: number;
}

export function csatCountsOf(score: number | null): CsatCounts {
  return {
    sent: 1,
    rated: score === null ? 0 : 1,
    satisfied: score !== null && score >= 4 ? 1 : 0,
    scoreSum: score ?? 0,
  };
}

export function csat(surveys: Iterable<CsatSurvey>): CsatResult {
  let sent = 0;
  let rated = 0;
  let satisfied = 0;
  let total = 0;
  for (const survey of surveys) {
    if (survey.score !== null) assertScore(survey.score, 1, 5, 'CSAT');
    const counts = csatCountsOf(survey.score);
    sent += counts.sent;
    rated += counts.rated;
    satisfied += counts.satisfied;
    total += counts.scoreSum;
  }
  const share = ratio(satisfied, rated);
  return {
    surveysSent: sent,
    rated,
    satisfied,
    csatPercent: share === null ? null : share * 100,
    averageScore: ratio(total, rated),
    responseRate: ratio(rated, sent),
  };
}

export interface NpsResult {
  readonly responses: number;
  /** 9-10 */
  readonly promoters: number;
  /** 7-8: in the denominator, in neither share. */
  readonly passives: number;
  /** 0-6 */
  readonly detractors: number;
  /** % promoters - % detractors, in [-100, +100]; null with no responses. */
  readonly nps: number | null;
}

export function nps(scores: Iterable<number>): NpsResult {
  let promoters = 0;
  let passives = 0;
  let detractors = 0;
  for (const score of scores) {
    assertScore(score, 0, 10, 'NPS');
    if (score >= 9) promoters += 1;
    else if (score >= 7) passives += 1;
    else detractors += 1;
  }
  const responses = promoters + passives + detractors;
  // One division, so e.g. 1 promoter of 3 gives 33.33.. rather than a difference of two roundings.
  const value = ratio((promoters - detractors) * 100, responses);
  return { responses, promoters, passives, detractors, nps: value };
}

function assertScore(score: number, min: number, max: number, what: string): void {
  if (!Number.isInteger(score) || score < min || score > max) {
    throw new RangeError(`${what} score must be an integer ${min}-${max}, got ${score}`);
  }
}
