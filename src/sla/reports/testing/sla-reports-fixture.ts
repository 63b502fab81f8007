/**
 * API-test helper: tickets through the real ticket write path on the app's event store, SLA
 * events appended straight to their streams, and a wait until `sla_cycles` shows them.
 */
import { DataSource } from 'typeorm';
import type { TestApp } from '../../../../test/support/test-app';
import { EVENT_STORE, type EventStore } from '../../../event-store/event-store.port';
import { TicketDriver } from '../../../tickets/getting-ticket-details/testing/ticket-driver';
import type { Channel, Priority } from '../../../tickets/ticket.values';
import type { SlaClockEvent } from '../../clocks/sla-clock.events';
import { appendSla } from './sla-events';

export interface TicketSetup {
  readonly at: string;
  readonly channel?: Channel;
  readonly priority?: Priority;
  readonly teamId?: string;
  readonly agentId?: string;
}

export class SlaReportsFixture {
  readonly store: EventStore;
  readonly driver: TicketDriver;
  /** What each ticket's cycles must show in `sla_cycles`: `${ticketId}/${cycleId}` → status. */
  private readonly expected = new Map<string, string>();

  constructor(readonly testApp: TestApp) {
    this.store = testApp.app.get<EventStore>(EVENT_STORE);
    this.driver = new TicketDriver(this.store, testApp.clock);
  }

  async ticket(setup: TicketSetup): Promise<string> {
    this.testApp.clock.set(setup.at);
    const id = await this.driver.open({
      channel: setup.channel ?? 'email',
      priority: setup.priority ?? 'normal',
    });
    if (setup.teamId !== undefined || setup.agentId !== undefined) {
      await this.driver.assign(id, { teamId: setup.teamId, agentId: setup.agentId });
    }
    return id;
  }

  /** Appends SLA events at `at` (the clock moves there) and expects `status` for their cycle. */
  async sla(
    ticketId: string,
    at: string,
    events: readonly SlaClockEvent[],
    status: 'active' | 'paused' | 'achieved' | 'breached' | 'cancelled',
  ): Promise<void> {
    this.testApp.clock.set(at);
    await appendSla(this.store, ticketId, events, at);
    for (const event of events) {
      if ('cycleId' in event.data) this.expected.set(`${ticketId}/${event.data.cycleId}`, status);
    }
  }

  /** Polls the read model until every expected cycle has its expected status. */
  async waitForCycles(timeoutMs = 10_000): Promise<void> {
    const dataSource = this.testApp.app.get(DataSource);
    // A monotonic test timeout, not domain time.
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const rows: { key: string; status: string }[] = await dataSource.query(
        `SELECT ticket_id || '/' || cycle_id AS key, status FROM sla_cycles`,
      );
      const actual = new Map(rows.map((row) => [row.key, row.status]));
      const missing = [...this.expected].filter(([key, status]) => actual.get(key) !== status);
      if (missing.length === 0) return;
      if (performance.now() > deadline) {
        throw new Error(`sla_cycles did not reach ${JSON.stringify(missing)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}
