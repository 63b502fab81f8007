/**
 * Given ticket events (through the real ticket write path) and SLA clock events (appended to the
 * same ticket streams in the real PostgreSQL event store) → when SlaCyclesProjection handles them
 * in real transactions → then these `sla_cycles` rows.
 */
import { ReadModelHarness } from '../../../tickets/getting-ticket-details/testing/read-model-harness';
import { ticketStreamName } from '../../../tickets/ticket.values';
import type { SlaClockEvent } from '../../clocks/sla-clock.events';
import { foldTicketSla } from '../../clocks/ticket-sla.state';
import {
  appendSla,
  breached,
  cancelled,
  completed,
  paused,
  POLICY,
  resumed,
  started,
} from '../testing/sla-events';
import { SlaCyclesProjection } from './sla-cycles.projection';

const T0 = Date.parse('2026-01-05T09:00:00.000Z');
const at = (minutes: number): string => new Date(T0 + minutes * 60_000).toISOString();

interface CycleRow {
  ticket_id: string;
  cycle_id: string;
  target: string;
  policy_id: string;
  policy_version: number;
  target_seconds: number;
  channel: string | null;
  ticket_type: string | null;
  priority: string | null;
  team_id: string | null;
  assignee_id: string | null;
  started_at: string;
  due_at: string | null;
  paused: boolean;
  status: string;
  ended_at: string | null;
  breached_at: string | null;
  outcome: string | null;
  cancel_reason: string | null;
  business_seconds: number | null;
  calendar_seconds: number | null;
  decided_at: string | null;
}

const iso = (column: string): string =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS ${column}`;

describe('SlaCyclesProjection', () => {
  let harness: ReadModelHarness;
  const projection = new SlaCyclesProjection();

  beforeEach(async () => {
    harness = await ReadModelHarness.create([]);
  });

  afterEach(async () => {
    await harness.close();
  });

  const driver = () => harness.driver;
  const atMinute = (minutes: number): void => harness.clock.set(at(minutes));

  async function open(): Promise<string> {
    atMinute(0);
    return driver().open({ channel: 'chat', type: 'incident', priority: 'high' });
  }

  async function sla(ticketId: string, ...events: SlaClockEvent[]): Promise<void> {
    await appendSla(harness.store, ticketId, events, harness.clock.now().toISOString());
  }

  const projected = new Set<string>();

  /** Hands the events of these streams not projected yet to the projection, like the runner. */
  async function project(ids: readonly string[], batchSize = 500): Promise<void> {
    const events = await harness.eventsOf(ids.map((id) => ticketStreamName(id)));
    const fresh = events.filter((event) => !projected.has(event.id));
    await harness.project(projection, fresh, batchSize);
    for (const event of fresh) projected.add(event.id);
  }

  async function rows(): Promise<CycleRow[]> {
    return harness.rows<CycleRow>(
      `SELECT ticket_id, cycle_id, target, policy_id, policy_version, target_seconds, channel,
              ticket_type, priority, team_id, assignee_id, ${iso('started_at')}, ${iso('due_at')},
              paused, status, ${iso('ended_at')}, ${iso('breached_at')}, outcome, cancel_reason,
              business_seconds, calendar_seconds, ${iso('decided_at')}
       FROM sla_cycles ORDER BY ticket_id, cycle_id`,
    );
  }

  it('records a cycle answered in time as achieved, attributed to the holder at completion', async () => {
    const id = await open();
    await sla(id, started(id, 'firstResponse-1', at(0), at(60)));
    atMinute(5);
    await driver().assign(id, { teamId: 'team-a', agentId: 'agent-1' });
    atMinute(10);
    await driver().reprioritise(id, 'urgent');
    atMinute(30);
    await sla(id, completed(id, 'firstResponse-1', at(0), at(60), at(30)));

    await project([id]);

    expect(await rows()).toEqual([
      {
        ticket_id: id,
        cycle_id: 'firstResponse-1',
        target: 'firstResponse',
        policy_id: POLICY.policyId,
        policy_version: POLICY.policyVersion,
        target_seconds: 3_600,
        channel: 'chat',
        ticket_type: 'incident',
        priority: 'urgent',
        team_id: 'team-a',
        assignee_id: 'agent-1',
        started_at: at(0),
        due_at: at(60),
        paused: false,
        status: 'achieved',
        ended_at: at(30),
        breached_at: null,
        outcome: 'achieved',
        cancel_reason: null,
        business_seconds: 1_800,
        calendar_seconds: 1_800,
        decided_at: at(30),
      },
    ]);
  });

  it('keeps the holder SlaBreached recorded, and the breach, when the answer comes later', async () => {
    const id = await open();
    await driver().assign(id, { teamId: 'team-a', agentId: 'agent-1' });
    await sla(id, started(id, 'firstResponse-1', at(0), at(60)));
    atMinute(60);
    await sla(
      id,
      breached(id, 'firstResponse-1', at(60), {
        teamId: 'team-a',
        assigneeId: 'agent-1',
        priority: 'high',
      }),
    );
    atMinute(70);
    await driver().assign(id, { teamId: 'team-b', agentId: 'agent-2' });
    atMinute(90);
    await sla(id, completed(id, 'firstResponse-1', at(0), at(60), at(90)));

    await project([id]);

    expect(await rows()).toEqual([
      expect.objectContaining({
        status: 'breached',
        outcome: 'breached',
        team_id: 'team-a',
        assignee_id: 'agent-1',
        priority: 'high',
        due_at: at(60),
        breached_at: at(60),
        decided_at: at(60),
        ended_at: at(90),
        calendar_seconds: 5_400,
      }),
    ]);
  });

  it('counts an answer after the due time with no SlaBreached yet as breached at the due time', async () => {
    const id = await open();
    await sla(id, started(id, 'firstResponse-1', at(0), at(60)));
    atMinute(61);
    await driver().assign(id, { teamId: 'team-c' });
    await sla(id, completed(id, 'firstResponse-1', at(0), at(60), at(61)));

    await project([id]);

    expect(await rows()).toEqual([
      expect.objectContaining({
        status: 'breached',
        outcome: 'breached',
        team_id: 'team-c',
        assignee_id: null,
        breached_at: at(60),
        decided_at: at(60),
        ended_at: at(61),
      }),
    ]);
  });

  it('clears the due time while paused, takes the moved one on resume, and follows the ticket while running', async () => {
    const id = await open();
    await sla(id, started(id, 'resolution-1', at(0), at(240), 14_400));
    atMinute(20);
    await sla(id, paused(id, 'resolution-1', at(20)));
    await project([id]);
    expect(await rows()).toEqual([
      expect.objectContaining({ status: 'paused', paused: true, due_at: null, team_id: null }),
    ]);

    atMinute(50);
    await driver().assign(id, { teamId: 'team-b', agentId: 'agent-9' });
    await sla(id, resumed(id, 'resolution-1', at(20), at(50), at(270)));
    await project([id]);
    expect(await rows()).toEqual([
      expect.objectContaining({
        status: 'active',
        paused: false,
        due_at: at(270),
        team_id: 'team-b',
        assignee_id: 'agent-9',
        decided_at: null,
      }),
    ]);
  });

  it('gives running cycles the due time and policy of a re-applied policy, pauses kept', async () => {
    const id = await open();
    await sla(
      id,
      started(id, 'firstResponse-1', at(0), at(60)),
      started(id, 'resolution-1', at(0), at(240), 14_400),
    );
    atMinute(10);
    await sla(id, paused(id, 'resolution-1', at(10)));
    atMinute(15);
    await sla(id, {
      type: 'SlaPolicyApplied',
      data: {
        ticketId: id,
        priority: 'urgent',
        reason: 'ticket_changed',
        previousPolicyId: POLICY.policyId,
        previousPolicyVersion: POLICY.policyVersion,
        policyId: 'vip',
        policyVersion: 3,
        policyName: 'VIP',
        calendarId: 'always',
        calendarVersion: 1,
        calendar: { name: 'Always', timeZone: 'UTC', alwaysOpen: true, weekdays: {}, holidays: [] },
        targets: { firstResponse: 1_800, resolution: 7_200 },
        pauses: { pending: ['resolution'], on_hold: ['resolution'] },
        warningThresholds: [0.75, 0.9],
        escalation: [],
        cycles: [
          {
            cycleId: 'firstResponse-1',
            target: 'firstResponse',
            startedAt: at(0),
            dueAt: at(30),
            pausedAt: null,
            warningsAt: [],
          },
          {
            cycleId: 'resolution-1',
            target: 'resolution',
            startedAt: at(0),
            dueAt: null,
            pausedAt: at(10),
            warningsAt: [],
          },
        ],
        nextDueAt: at(30),
        appliedAt: at(15),
      },
    });

    await project([id]);

    expect(await rows()).toEqual([
      expect.objectContaining({
        cycle_id: 'firstResponse-1',
        policy_id: 'vip',
        policy_version: 3,
        target_seconds: 1_800,
        due_at: at(30),
        status: 'active',
      }),
      expect.objectContaining({
        cycle_id: 'resolution-1',
        policy_id: 'vip',
        target_seconds: 7_200,
        due_at: null,
        paused: true,
        status: 'paused',
      }),
    ]);
  });

  it('ends with the same rows whatever the batch size', async () => {
    const id = await open();
    await sla(id, started(id, 'firstResponse-1', at(0), at(60)));
    atMinute(30);
    await driver().assign(id, { teamId: 'team-a', agentId: 'agent-1' });
    await sla(id, completed(id, 'firstResponse-1', at(0), at(60), at(30)));
    await project([id], 500);
    const inOneBatch = await rows();
    await harness.rows('DELETE FROM sla_cycles');
    await harness.rows('DELETE FROM sla_cycle_tickets');
    projected.clear();

    await project([id], 1);

    expect(await rows()).toEqual(inOneBatch);
    expect(inOneBatch).toHaveLength(1);
  });

  it('marks a cycle no longer applicable as cancelled, counting for nothing', async () => {
    const id = await open();
    await sla(
      id,
      started(id, 'firstResponse-1', at(0), at(60)),
      started(id, 'nextResponse-1', at(0), at(30)),
    );
    atMinute(10);
    await sla(id, cancelled(id, 'nextResponse-1', at(10)));
    atMinute(40);
    await sla(
      id,
      breached(id, 'firstResponse-1', at(60), { teamId: null, assigneeId: null, priority: 'high' }),
    );
    atMinute(70);
    await sla(id, cancelled(id, 'firstResponse-1', at(70)));

    await project([id]);

    expect(await rows()).toEqual([
      expect.objectContaining({
        cycle_id: 'firstResponse-1',
        status: 'breached',
        outcome: 'breached',
        cancel_reason: 'solved',
        ended_at: at(70),
        decided_at: at(60),
      }),
      expect.objectContaining({
        cycle_id: 'nextResponse-1',
        status: 'cancelled',
        outcome: 'cancelled',
        cancel_reason: 'solved',
        ended_at: at(10),
        decided_at: null,
        due_at: at(30),
      }),
    ]);
  });

  it("agrees with the clocks' own fold of the stream on every cycle of a whole life", async () => {
    const id = await open();
    await sla(
      id,
      started(id, 'firstResponse-1', at(0), at(60)),
      started(id, 'resolution-1', at(0), at(480), 28_800),
    );
    atMinute(30);
    await sla(id, completed(id, 'firstResponse-1', at(0), at(60), at(30)));
    atMinute(40);
    await sla(id, started(id, 'nextResponse-1', at(40), at(100)));
    atMinute(100);
    await sla(
      id,
      breached(id, 'nextResponse-1', at(100), { teamId: null, assigneeId: null, priority: 'high' }),
    );
    atMinute(110);
    await sla(id, completed(id, 'nextResponse-1', at(40), at(100), at(110)));
    atMinute(120);
    await sla(id, paused(id, 'resolution-1', at(120)));
    atMinute(180);
    await sla(id, resumed(id, 'resolution-1', at(120), at(180), at(540)));
    atMinute(200);
    await sla(id, started(id, 'nextResponse-2', at(200), at(260)));
    atMinute(300);
    await sla(
      id,
      completed(id, 'resolution-1', at(0), at(540), at(300)),
      cancelled(id, 'nextResponse-2', at(300)),
    );

    await project([id]);

    const fold = foldTicketSla(await harness.eventsOf([ticketStreamName(id)]));
    const fromFold = fold.cycles
      .map((cycle) => ({
        cycle_id: cycle.cycleId,
        target: cycle.target,
        policy_id: cycle.policyId,
        target_seconds: cycle.targetSeconds,
        started_at: cycle.startedAt,
        due_at: cycle.dueAt,
        ended_at: cycle.endedAt,
        breached_at: cycle.breachedAt,
        outcome: cycle.outcome,
        business_seconds: cycle.businessSeconds,
      }))
      .sort((a, b) => a.cycle_id.localeCompare(b.cycle_id));
    expect(
      (await rows()).map((row) => ({
        cycle_id: row.cycle_id,
        target: row.target,
        policy_id: row.policy_id,
        target_seconds: row.target_seconds,
        started_at: row.started_at,
        due_at: row.due_at,
        ended_at: row.ended_at,
        breached_at: row.breached_at,
        outcome: row.outcome,
        business_seconds: row.business_seconds,
      })),
    ).toEqual(fromFold);
    expect(fromFold.map((cycle) => cycle.outcome)).toEqual([
      'achieved',
      'breached',
      'cancelled',
      'achieved',
    ]);
  });
});
