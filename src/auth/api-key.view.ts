import type { ApiKeyEntity } from './api-key.entity';
import type { Role } from './principal';

/** An API key as the admin API shows it: everything but the secret (and its hash). */
export interface ApiKeyView {
  readonly id: string;
  readonly role: Role;
  readonly principalId: string;
  readonly name: string;
  readonly description: string | null;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly revokedAt: string | null;
  readonly revokedBy: string | null;
  readonly lastUsedAt: string | null;
}

export function toApiKeyView(row: ApiKeyEntity): ApiKeyView {
  return {
    id: row.id,
    role: row.role,
    principalId: row.principalId,
    name: row.name,
    description: row.description,
    createdAt: row.createdAt.toISOString(),
    createdBy: row.createdBy,
    revokedAt: row.revokedAt?.toISOString() ?? null,
    revokedBy: row.revokedBy,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  };
}
