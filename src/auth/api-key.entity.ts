import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Role } from './principal';

/** One API key. The plaintext is never stored: only the SHA-256 of its secret part. */
@Entity({ name: 'api_keys' })
export class ApiKeyEntity {
  /** The key id: the `<keyId>` of `st_<keyId>_<secret>` (or `cfg-…` for a configured key). */
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ name: 'secret_hash', type: 'text' })
  secretHash!: string;

  @Column({ type: 'text' })
  role!: Role;

  /** An agent key's agent id; otherwise a free principal name (e.g. `crm-sync`). */
  @Column({ name: 'principal_id', type: 'text' })
  principalId!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  /** The principal id of the admin who created it, or `bootstrap` for the start-up admin key. */
  @Column({ name: 'created_by', type: 'text' })
  createdBy!: string;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  @Column({ name: 'revoked_by', type: 'text', nullable: true })
  revokedBy!: string | null;

  /** Coarse: written at most once a minute per key and instance (see ApiKeysService). */
  @Column({ name: 'last_used_at', type: 'timestamptz', nullable: true })
  lastUsedAt!: Date | null;
}
