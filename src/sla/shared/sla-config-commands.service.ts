import { Injectable } from '@nestjs/common';
import type { CommandContext } from '../../platform/http/command-context';
import {
  StreamCommandRunner,
  type StreamCommandOutcome,
} from '../../routing/shared/stream-command-runner';
import {
  SLA_CALENDAR_DECIDER,
  type SlaCalendar,
  type SlaCalendarState,
} from '../calendars/sla-calendar.decider';
import type { SlaCalendarInput } from '../calendars/sla-calendar.definition';
import type { SlaCalendarEvent } from '../calendars/sla-calendar.events';
import {
  SLA_POLICY_DECIDER,
  type SlaPolicy,
  type SlaPolicyState,
} from '../policies/sla-policy.decider';
import type { SlaPolicyInput } from '../policies/sla-policy.definition';
import type { SlaPolicyEvent } from '../policies/sla-policy.events';
import { SlaCalendarNotFound, SlaPolicyNotFound } from './sla.errors';

export type CalendarOutcome = StreamCommandOutcome<SlaCalendarState, SlaCalendarEvent>;
export type PolicyOutcome = StreamCommandOutcome<SlaPolicyState, SlaPolicyEvent>;

/** Runs calendar and policy commands through the stream command runner (read → decide → append). */
@Injectable()
export class SlaConfigCommands {
  constructor(private readonly runner: StreamCommandRunner) {}

  defineCalendar(request: {
    calendarId: string;
    definition: SlaCalendarInput;
    context: CommandContext;
    ifMatch?: bigint;
  }): Promise<CalendarOutcome> {
    return this.runner.run({
      decider: SLA_CALENDAR_DECIDER,
      id: request.calendarId,
      context: request.context,
      ifMatch: request.ifMatch,
      build: (_state, now) => [
        {
          type: 'DefineSlaCalendar' as const,
          calendarId: request.calendarId,
          definition: request.definition,
          at: now.toISOString(),
        },
      ],
    });
  }

  definePolicy(request: {
    policyId: string;
    definition: SlaPolicyInput;
    context: CommandContext;
    ifMatch?: bigint;
  }): Promise<PolicyOutcome> {
    return this.runner.run({
      decider: SLA_POLICY_DECIDER,
      id: request.policyId,
      context: request.context,
      ifMatch: request.ifMatch,
      build: async (_state, now) => [
        {
          type: 'DefineSlaPolicy' as const,
          policyId: request.policyId,
          definition: request.definition,
          calendarExists: await this.calendarExists(request.definition.calendarId),
          at: now.toISOString(),
        },
      ],
    });
  }

  async calendarExists(calendarId: string): Promise<boolean> {
    return (await this.runner.load(SLA_CALENDAR_DECIDER, calendarId)).state.exists;
  }

  async loadCalendar(calendarId: string): Promise<{ calendar: SlaCalendar; revision: bigint }> {
    const loaded = await this.runner.load(SLA_CALENDAR_DECIDER, calendarId);
    if (!loaded.state.exists) throw new SlaCalendarNotFound(calendarId);
    return { calendar: loaded.state, revision: loaded.revision };
  }

  async loadPolicy(policyId: string): Promise<{ policy: SlaPolicy; revision: bigint }> {
    const loaded = await this.runner.load(SLA_POLICY_DECIDER, policyId);
    if (!loaded.state.exists) throw new SlaPolicyNotFound(policyId);
    return { policy: loaded.state, revision: loaded.revision };
  }
}
