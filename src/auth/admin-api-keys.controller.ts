import {
  BadRequestException,
  Body,
  ConflictException,
  Controller,
  Delete,
  Get,
  Header,
  HttpCode,
  NotFoundException,
  Param,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { SkipIdempotency } from '../platform/idempotency/idempotency.decorators';
import { ApiKeysService } from './api-keys.service';
import { ApiKeyNotFoundError, InvalidCursorError, LastAdminKeyError } from './api-keys.errors';
import type { ApiKeyView } from './api-key.view';
import { CurrentPrincipal, Roles } from './auth.decorators';
import {
  ApiKeyPageResponse,
  ApiKeyResponse,
  CreatedApiKeyResponse,
  KEY_ID_PATTERN,
} from './dto/api-key.response';
import { CreateApiKeyDto } from './dto/create-api-key.dto';
import { DEFAULT_PAGE_SIZE, ListApiKeysQuery } from './dto/list-api-keys.query';
import type { Principal } from './principal';

const BASE_PATH = '/admin/api-keys';
const KEY_ID_PARAM = {
  name: 'id',
  description: 'The key id',
  example: '3f9a0c2b7d1e4a56',
  schema: { type: 'string' as const, pattern: KEY_ID_PATTERN.source, maxLength: 20 },
};

@ApiTags('admin')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'Missing, malformed, unknown or revoked API key.' })
@ApiForbiddenResponse({ description: 'The API key is not an admin key.' })
@Roles('admin')
@Controller('admin/api-keys')
export class AdminApiKeysController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  @Post()
  @HttpCode(201)
  @Header('Cache-Control', 'no-store')
  // A replayable response would have to be stored, and it holds the plaintext key, which must
  // never be at rest. A retried create makes a second key; the unused one can be revoked.
  @SkipIdempotency()
  @ApiOperation({
    summary: 'Create an API key',
    description:
      'The response carries the key in plaintext; it is shown this once only. `Idempotency-Key` is not honoured here: replaying the response would mean storing the key.',
  })
  @ApiCreatedResponse({ type: CreatedApiKeyResponse })
  @ApiBadRequestResponse({ description: 'Invalid body (field-level errors).' })
  async create(
    @Body() body: CreateApiKeyDto,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CreatedApiKeyResponse> {
    const created = await this.apiKeys.create(
      {
        role: body.role,
        principalId: body.principalId,
        name: body.name,
        description: body.description,
      },
      principal,
    );
    reply.header('Location', `${BASE_PATH}/${created.apiKey.id}`);
    return { ...created.apiKey, key: created.key };
  }

  @Get()
  @ApiOperation({ summary: 'List API keys (never their secrets), oldest first' })
  @ApiOkResponse({ type: ApiKeyPageResponse })
  @ApiBadRequestResponse({ description: 'Invalid limit or cursor.' })
  async list(@Query() query: ListApiKeysQuery): Promise<ApiKeyPageResponse> {
    // Number(): the global pipe may or may not hand back the transformed DTO.
    const limit = query.limit === undefined ? DEFAULT_PAGE_SIZE : Number(query.limit);
    try {
      const page = await this.apiKeys.list({ limit, cursor: query.cursor });
      const next =
        page.nextCursor === null
          ? null
          : `${BASE_PATH}?limit=${limit}&cursor=${encodeURIComponent(page.nextCursor)}`;
      return { items: page.items.map(response), next };
    } catch (error) {
      if (error instanceof InvalidCursorError) throw new BadRequestException(error.message);
      throw error;
    }
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get one API key (never its secret)' })
  @ApiParam(KEY_ID_PARAM)
  @ApiOkResponse({ type: ApiKeyResponse })
  @ApiNotFoundResponse({ description: 'No such key.' })
  async get(@Param('id') id: string): Promise<ApiKeyResponse> {
    const key = KEY_ID_PATTERN.test(id) ? await this.apiKeys.get(id) : undefined;
    if (!key) throw new NotFoundException(`No API key with id "${id}"`);
    return response(key);
  }

  @Delete(':id')
  @ApiOperation({
    summary: 'Revoke an API key',
    description:
      'Idempotent: revoking a revoked key returns it unchanged. Takes effect at once on the instance that serves the request and within 30 s on every other instance.',
  })
  @ApiParam(KEY_ID_PARAM)
  @ApiOkResponse({ type: ApiKeyResponse, description: 'The revoked key.' })
  @ApiNotFoundResponse({ description: 'No such key.' })
  @ApiConflictResponse({ description: 'It is the last active admin key.' })
  async revoke(
    @Param('id') id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ApiKeyResponse> {
    if (!KEY_ID_PATTERN.test(id)) throw new NotFoundException(`No API key with id "${id}"`);
    try {
      return response(await this.apiKeys.revoke(id, principal));
    } catch (error) {
      if (error instanceof ApiKeyNotFoundError) throw new NotFoundException(error.message);
      if (error instanceof LastAdminKeyError) throw new ConflictException(error.message);
      throw error;
    }
  }
}

function response(view: ApiKeyView): ApiKeyResponse {
  return { ...view };
}
