/**
 * What the router knows about an agent at the moment it decides: the directory's view (folded
 * from `agent-<id>`) plus the agent's current open assigned tickets and when they were last given
 * one. All of it is input; nothing here reads a clock or a database.
 */
import type { Availability, Capacity, Channel, Skill } from '../directory.values';

export interface AgentLoad {
  /** Open tickets assigned to the agent, over all channels. */
  readonly total: number;
  /** The same, per channel; a channel not listed counts 0. */
  readonly byChannel: Readonly<Partial<Record<Channel, number>>>;
}

export interface AgentSnapshot {
  readonly id: string;
  readonly active: boolean;
  readonly availability: Availability;
  readonly teamIds: readonly string[];
  readonly skills: readonly Skill[];
  /** Empty: the agent did not say, so language does not restrict them. */
  readonly languages: readonly string[];
  readonly capacity: Capacity;
  readonly load: AgentLoad;
  /** ISO-8601 instant of the agent's last assignment; null: never assigned (idle the longest). */
  readonly lastAssignedAt: string | null;
  /** 1–3; absent: unknown, no restriction (eligibility). */
  readonly supportLevel?: number;
}

export function loadOnChannel(load: AgentLoad, channel: Channel): number {
  return load.byChannel[channel] ?? 0;
}

/** The load after one more ticket on `channel`. */
export function withOneMore(load: AgentLoad, channel: Channel): AgentLoad {
  return {
    total: load.total + 1,
    byChannel: { ...load.byChannel, [channel]: loadOnChannel(load, channel) + 1 },
  };
}

/**
 * Milliseconds since the epoch for an ISO instant. An unparseable value sorts last rather than
 * throwing: the router must keep deciding even if one record is odd.
 */
export function instantMillis(iso: string): number {
  const millis = Date.parse(iso);
  return Number.isNaN(millis) ? Number.POSITIVE_INFINITY : millis;
}

/** Ordinal string comparison (locale-independent, so every instance sorts alike). */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
