/** A ticket waiting in a team's queue, as the router sees it. */
import type { Channel } from '../directory.values';
import type { CustomerTier, Priority } from '../../tickets/ticket.values';
import type { RequiredSkill } from './required-skills';

export interface WaitingTicket {
  readonly id: string;
  readonly channel: Channel;
  readonly priority: Priority;
  /** Null: no known customer tier (treated as standard). */
  readonly customerTier: CustomerTier | null;
  readonly language: string | null;
  /** ISO instant the ticket was opened; older tickets are served first. */
  readonly openedAt: string;
  /** ISO instant the SLA next falls due; null until the SLA feature supplies it. */
  readonly slaDueAt: string | null;
  /** The routing rule that sent the ticket to this team (`default` for the catch-all). */
  readonly ruleId: string;
  /** Skills from the rule; empty: the team's default skills apply. */
  readonly requiredSkills: readonly RequiredSkill[];
  /** The ticket's support level (1–3, raised by escalation); absent: 1, anyone may take it. */
  readonly supportLevel?: number;
}
