/**
 * The follow-up decider, over `follow-up-<id>`: pure, the time comes in the command.
 *
 * Statuses: open → acknowledged → contacted → resolved.
 *
 * - Raise: only on a new stream (the reactor appends it with `no_stream`; the decider refuses a
 *   second raise records nothing).
 * - Acknowledge: from `open` only (twice → 409).
 * - Contact: from any unresolved status, repeatable (each attempt is recorded); contacting an
 *   open follow-up is allowed (someone took it on: the status moves straight to `contacted`).
 * - Resolve: from any unresolved status; resolving twice → 409. Nothing follows a resolve.
 */
import type { Actor } from '../../event-store/event-store.port';
import type { StreamDecider } from '../../routing/shared/stream-decider';
import { FollowUpNotFound, IllegalFollowUpTransition } from './follow-up.errors';
import {
  FOLLOW_UP_ACKNOWLEDGED,
  FOLLOW_UP_CONTACTED,
  FOLLOW_UP_EVENT_SCHEMA_VERSIONS,
  FOLLOW_UP_RAISED,
  FOLLOW_UP_RESOLVED,
  followUpStreamName,
  isFollowUpEventType,
  type FollowUpChannel,
  type FollowUpEvent,
  type FollowUpRaisedData,
  type FollowUpStatus,
} from './follow-up.events';

export interface NoFollowUp {
  readonly exists: false;
}

export interface FollowUp extends FollowUpRaisedData {
  readonly exists: true;
  readonly status: FollowUpStatus;
  readonly acknowledgedAt: string | null;
  readonly acknowledgedBy: Actor | null;
  readonly contacts: ReadonlyArray<{
    readonly by: Actor;
    readonly channel: FollowUpChannel;
    readonly note: string | null;
    readonly at: string;
  }>;
  readonly resolvedAt: string | null;
  readonly resolvedBy: Actor | null;
  readonly resolution: string | null;
}

export type FollowUpState = NoFollowUp | FollowUp;

export interface AcknowledgeFollowUp {
  readonly type: 'AcknowledgeFollowUp';
  readonly followUpId: string;
  readonly by: Actor;
  readonly at: string;
}

export interface ContactFollowUp {
  readonly type: 'ContactFollowUp';
  readonly followUpId: string;
  readonly by: Actor;
  readonly channel: FollowUpChannel;
  readonly note: string | null;
  readonly at: string;
}

export interface ResolveFollowUp {
  readonly type: 'ResolveFollowUp';
  readonly followUpId: string;
  readonly by: Actor;
  readonly resolution: string;
  readonly at: string;
}

export interface RaiseFollowUp {
  readonly type: 'RaiseFollowUp';
  readonly data: FollowUpRaisedData;
}

export type FollowUpCommand =
  RaiseFollowUp | AcknowledgeFollowUp | ContactFollowUp | ResolveFollowUp;

const NO_FOLLOW_UP: NoFollowUp = Object.freeze({ exists: false });

export function initialFollowUpState(): FollowUpState {
  return NO_FOLLOW_UP;
}

export function evolveFollowUp(state: FollowUpState, event: FollowUpEvent): FollowUpState {
  if (event.type === FOLLOW_UP_RAISED) {
    if (state.exists) return state;
    return {
      ...event.data,
      exists: true,
      status: 'open',
      acknowledgedAt: null,
      acknowledgedBy: null,
      contacts: [],
      resolvedAt: null,
      resolvedBy: null,
      resolution: null,
    };
  }
  if (!state.exists) return state;
  switch (event.type) {
    case FOLLOW_UP_ACKNOWLEDGED:
      return {
        ...state,
        status: 'acknowledged',
        acknowledgedAt: event.data.at,
        acknowledgedBy: event.data.by,
      };
    case FOLLOW_UP_CONTACTED: {
      const { by, channel, note, at } = event.data;
      return {
        ...state,
        status: 'contacted',
        contacts: [...state.contacts, { by, channel, note, at }],
      };
    }
    case FOLLOW_UP_RESOLVED:
      return {
        ...state,
        status: 'resolved',
        resolvedAt: event.data.at,
        resolvedBy: event.data.by,
        resolution: event.data.resolution,
      };
  }
}

export function decideFollowUp(command: FollowUpCommand, state: FollowUpState): FollowUpEvent[] {
  if (command.type === 'RaiseFollowUp') {
    if (state.exists) return [];
    return [{ type: FOLLOW_UP_RAISED, data: command.data }];
  }
  if (!state.exists) throw new FollowUpNotFound(command.followUpId);
  const { followUpId, by, at } = command;
  switch (command.type) {
    case 'AcknowledgeFollowUp':
      if (state.status !== 'open') {
        throw new IllegalFollowUpTransition(followUpId, 'acknowledged', state.status);
      }
      return [{ type: FOLLOW_UP_ACKNOWLEDGED, data: { followUpId, by, at } }];
    case 'ContactFollowUp':
      if (state.status === 'resolved') {
        throw new IllegalFollowUpTransition(followUpId, 'contacted', state.status);
      }
      return [
        {
          type: FOLLOW_UP_CONTACTED,
          data: { followUpId, by, channel: command.channel, note: command.note, at },
        },
      ];
    case 'ResolveFollowUp':
      if (state.status === 'resolved') {
        throw new IllegalFollowUpTransition(followUpId, 'resolved', state.status);
      }
      return [
        { type: FOLLOW_UP_RESOLVED, data: { followUpId, by, resolution: command.resolution, at } },
      ];
  }
}

/** The follow-up decider as the stream command runner uses it. */
export const FOLLOW_UP_DECIDER: StreamDecider<FollowUpState, FollowUpCommand, FollowUpEvent> = {
  streamName: followUpStreamName,
  initialState: initialFollowUpState,
  evolve: evolveFollowUp,
  decide: (commands, state) => {
    const events: FollowUpEvent[] = [];
    let current = state;
    for (const command of commands) {
      const decided = decideFollowUp(command, current);
      for (const event of decided) current = evolveFollowUp(current, event);
      events.push(...decided);
    }
    return events;
  },
  isEventType: isFollowUpEventType,
  schemaVersionOf: (type) => FOLLOW_UP_EVENT_SCHEMA_VERSIONS[type],
};
