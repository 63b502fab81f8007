import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../platform/config/config';

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

export interface SurveySettingsValues {
  /** How long after a solve the CSAT survey goes out (0: at the next poll). */
  readonly issueDelayMs: number;
  /** How long a survey link can be answered. */
  readonly validityMs: number;
  /** After the first answer, how long a new answer replaces it (then 409). */
  readonly replaceWindowMs: number;
  /** Requests a minute per client address on the public survey routes. */
  readonly publicRateLimitPerMinute: number;
}

export const DEFAULT_SURVEY_SETTINGS: SurveySettingsValues = {
  issueDelayMs: 0,
  validityMs: 14 * DAY_MS,
  replaceWindowMs: DAY_MS,
  publicRateLimitPerMinute: 30,
};

/**
 * The survey feature's tunables. Defaults per issue 6; the issue delay comes from
 * `AppConfig.surveyIssueDelayMinutes` once the lead adds SURVEY_ISSUE_DELAY_MINUTES to
 * config.ts (until then the default, "immediately", applies). Tests change values with
 * `configure`; the schedule projection reads the delay when it projects a solve, so a change
 * applies to later solves.
 */
@Injectable()
export class SurveySettings {
  private values: SurveySettingsValues;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    const delayMinutes = config.surveyIssueDelayMinutes;
    this.values = {
      ...DEFAULT_SURVEY_SETTINGS,
      ...(typeof delayMinutes === 'number' ? { issueDelayMs: delayMinutes * MINUTE_MS } : {}),
    };
  }

  get current(): SurveySettingsValues {
    return this.values;
  }

  configure(changes: Partial<SurveySettingsValues>): void {
    this.values = { ...this.values, ...changes };
  }
}
