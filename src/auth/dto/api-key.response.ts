import { ApiProperty } from '@nestjs/swagger';
import type { ApiKeyView } from '../api-key.view';
import { ROLES, type Role } from '../principal';
import { MAX_PAGE_SIZE } from './list-api-keys.query';

/** Generated ids (16 hex) and ids derived for a configured ADMIN_API_KEY (`cfg-` + 16 hex). */
export const KEY_ID_PATTERN = /^(?:cfg-)?[0-9a-f]{16}$/;

export class ApiKeyResponse implements ApiKeyView {
  @ApiProperty({
    example: '3f9a0c2b7d1e4a56',
    description: 'The key id (not secret).',
    pattern: KEY_ID_PATTERN.source,
    maxLength: 20,
  })
  id!: string;

  @ApiProperty({ enum: ROLES })
  role!: Role;

  @ApiProperty({ example: '0f8fad5b-d9cb-469f-a165-70867728950e', maxLength: 128 })
  principalId!: string;

  @ApiProperty({ example: 'Dana (support agent)', maxLength: 100 })
  name!: string;

  @ApiProperty({ type: String, nullable: true, maxLength: 500 })
  description!: string | null;

  @ApiProperty({ format: 'date-time', maxLength: 30 })
  createdAt!: string;

  @ApiProperty({
    description: 'Principal id of the admin who created it, or `bootstrap`.',
    maxLength: 128,
  })
  createdBy!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, maxLength: 30 })
  revokedAt!: string | null;

  @ApiProperty({ type: String, nullable: true, maxLength: 128 })
  revokedBy!: string | null;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    maxLength: 30,
    description: 'Approximate: updated at most once a minute.',
  })
  lastUsedAt!: string | null;
}

export class CreatedApiKeyResponse extends ApiKeyResponse {
  @ApiProperty({
    example: 'st_3f9a0c2b7d1e4a56_Jq3x9VdWm1sY0nB8rT2kLp6Hc4Fg7Ee5Aa0Zz1Yy2Xw',
    maxLength: 512,
    description:
      'The API key to send as `Authorization: Bearer <key>`. Shown only in this response: it is stored hashed and cannot be retrieved again.',
  })
  key!: string;
}

export class ApiKeyPageResponse {
  @ApiProperty({ type: [ApiKeyResponse], maxItems: MAX_PAGE_SIZE })
  items!: ApiKeyResponse[];

  @ApiProperty({
    type: String,
    nullable: true,
    maxLength: 512,
    example: '/admin/api-keys?limit=50&cursor=WyIyMDI2LTAxLTA1VDA5OjAwOjAwLjAwMFoiLCJhYmMiXQ',
    description: 'Link to the next page; null on the last page.',
  })
  next!: string | null;
}
