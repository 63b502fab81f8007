import { marginalPartOf } from './cell-rollups';
import { reportCriteriaOf } from './report-criteria';
import type { ReportQuery } from './report.query.dto';

const ADMIN = { keyId: 'k', role: 'admin', principalId: 'admin' } as const;
const YEAR = { from: '2025-01-01', to: '2026-01-01' };
const criteria = (query: ReportQuery) =>
  reportCriteriaOf({ ...YEAR, ...query }, ADMIN, Date.parse('2026-06-01T00:00:00Z'));

describe('which requests the marginals answer', () => {
  it.each([
    ['one channel by day in UTC', { channel: 'email', groupBy: 'day' }, 'channel'],
    [
      'two priorities by week in Berlin',
      { priority: 'high,urgent', timeZone: 'Europe/Berlin', groupBy: 'week' },
      'priority',
    ],
    ['one type by month', { type: 'question', groupBy: 'month' }, 'type'],
    ['one channel ungrouped', { channel: 'email' }, 'channel'],
    ['channels grouped by channel', { channel: 'email,web', groupBy: 'channel' }, 'channel'],
  ] as const)('%s: its dimension', (_, query, part) => {
    expect(marginalPartOf(criteria(query))).toBe(part);
  });

  it.each([
    // 730 one-hour slivers of fact rows: the fact path is no slower.
    ['by day in Berlin', { priority: 'high', timeZone: 'Europe/Berlin', groupBy: 'day' }],
    ['two dimensions', { channel: 'email', priority: 'high', groupBy: 'day' }],
    ['a team too', { channel: 'email', team: 'team-1', groupBy: 'day' }],
    ['by another dimension', { channel: 'email', groupBy: 'type' }],
    ['by team', { channel: 'email', groupBy: 'team' }],
    ['no filter', { groupBy: 'day' }],
  ] as const)('%s: none', (_, query) => {
    expect(marginalPartOf(criteria(query))).toBeNull();
  });
});
