/**
 * report_team_monthly measures, each on the month and team of its own attribution: first
 * responses (and their SLA outcome) on the responder's team, first-solve figures on the team at
 * the first solve, standing solves on the team at that solve, openings on the current team.
 */
export const TEAM_MEASURES = {
  responses: 0,
  slaAchieved: 1,
  slaMeasured: 2,
  firstSolved: 3,
  fcr: 4,
  reopened: 5,
  within24h: 6,
  fullSolved: 7,
  opened: 8,
  escalated: 9,
} as const;
