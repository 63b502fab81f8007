import type { Actor } from '../event-store/event-store.port';

/** The five roles an API key can carry (see README "Authentication"). */
export const ROLES = ['admin', 'supervisor', 'agent', 'integrator', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling: resolved from `Authorization: Bearer <api key>` by the auth guard. */
export interface Principal {
  readonly keyId: string;
  readonly role: Role;
  /** The principal the key names: an agent's key acts as that agent id. */
  readonly principalId: string;
}

export function actorOf(principal: Principal): Actor {
  return { type: principal.role, id: principal.principalId };
}
