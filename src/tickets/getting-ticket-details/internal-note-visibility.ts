import type { Role } from '../../auth/principal';

/**
 * Internal notes are for staff only and never reach customers. Staff, for reading, are the roles
 * that work on or oversee the desk: admins, supervisors, agents and auditors (auditors read
 * everything, notes included: an audit that cannot see what colleagues wrote to each other is no
 * audit). Integrators are not staff; they cannot read tickets here at all (403), and any future
 * customer-facing reader gets the conversation without notes.
 */
export const INTERNAL_NOTE_READER_ROLES: readonly Role[] = [
  'admin',
  'supervisor',
  'agent',
  'auditor',
];

export function seesInternalNotes(role: Role): boolean {
  return INTERNAL_NOTE_READER_ROLES.includes(role);
}
