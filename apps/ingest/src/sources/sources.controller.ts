import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  UseGuards,
} from '@nestjs/common';
import { ApiOperation, uuidParams } from '@postback/api-docs';
import { type Config, InjectConfig } from '@postback/config';
import { AdminTokenGuard, parseOrThrow } from '@postback/http';
import { deriveSigningSecret } from '../auth/signing-secret';
import { type ApiKeyInfo, type IntakeSource, type Source } from './source';
import { SourceDirectory } from './source-directory';
import { sourceInputSchema, sourcePatchSchema } from './source-input.schema';
import { type IssuedApiKey, SourcesRepository } from './sources.repository';
import { apiKeyView, issuedKeyView, sourceView } from './source-view.schema';
import { z } from 'zod';

const uuid = new ParseUUIDPipe();
const NOT_FOUND = { 404: 'no such source (or key)' };
const notFound = (id: string) =>
  new NotFoundException({ error: 'not_found', message: `no source with id ${id}` });

/** Sources, their API keys and signing secrets (admin). Keys and secrets are shown once. */
@Controller('v1/sources')
@UseGuards(AdminTokenGuard)
export class SourcesController {
  constructor(
    private readonly sources: SourcesRepository,
    private readonly directory: SourceDirectory,
    @InjectConfig() private readonly config: Config,
  ) {}

  @Post()
  @ApiOperation({
    summary: 'Create a source; answers its first API key, shown this once',
    body: sourceInputSchema,
    returns: { description: 'created', schema: sourceView.extend({ api_key: issuedKeyView }) },
    example: {
      body: {
        name: 'Dialer East',
        disposition_map: { 'SALE - closed': 'Sale', QL: 'Qualified Lead' },
        rate_limit_per_second: 50,
      },
    },
  })
  async create(@Body() body: unknown): Promise<Source & { api_key: IssuedApiKey }> {
    const { source, apiKey } = await this.sources.create(parseOrThrow(sourceInputSchema, body ?? {}));
    this.directory.keysChanged();
    return { ...shown(source), api_key: apiKey };
  }

  @Get()
  @ApiOperation({
    summary: 'Every source',
    returns: { description: 'the sources', schema: z.object({ items: z.array(sourceView) }) },
  })
  async list(): Promise<{ items: Source[] }> {
    return { items: (await this.sources.list()).map(shown) };
  }

  @Get(':id')
  @ApiOperation({
    summary: 'One source (never a key)',
    params: uuidParams('id'),
    returns: { description: 'the source', schema: sourceView },
    errors: NOT_FOUND,
  })
  async get(@Param('id', uuid) id: string): Promise<Source> {
    return shown((await this.sources.get(id)) ?? throwIt(notFound(id)));
  }

  /** Name, enabled (false disables the source), IP allow-list, disposition map, rate limit. */
  @Patch(':id')
  @ApiOperation({
    summary: 'Change a source: any field of its creation, and `enabled` (false: its requests get 403)',
    params: uuidParams('id'),
    body: sourcePatchSchema,
    returns: { description: 'the source', schema: sourceView },
    errors: NOT_FOUND,
    example: { body: { rate_limit_per_second: 100, ip_allowlist: ['127.0.0.0/8', '2001:db8::/32'] } },
  })
  async update(@Param('id', uuid) id: string, @Body() body: unknown): Promise<Source> {
    const source = await this.sources.update(id, parseOrThrow(sourcePatchSchema, body ?? {}));
    this.directory.invalidate();
    return shown(source ?? throwIt(notFound(id)));
  }

  @Post(':id/api-keys')
  @ApiOperation({
    summary:
      'Issue another API key (shown this once); earlier keys stay active, so keys rotate without downtime',
    params: uuidParams('id'),
    returns: { description: 'the key', schema: issuedKeyView },
    errors: NOT_FOUND,
  })
  async issueKey(@Param('id', uuid) id: string): Promise<IssuedApiKey> {
    if (!(await this.sources.get(id))) throw notFound(id);
    const issued = await this.sources.issueKey(id);
    this.directory.keysChanged();
    return issued;
  }

  @Get(':id/api-keys')
  @ApiOperation({
    summary: "The source's keys: ids, prefixes, creation and revocation times",
    params: uuidParams('id'),
    returns: { description: 'the keys', schema: z.object({ items: z.array(apiKeyView) }) },
    errors: NOT_FOUND,
  })
  async listKeys(@Param('id', uuid) id: string): Promise<{ items: ApiKeyInfo[] }> {
    if (!(await this.sources.get(id))) throw notFound(id);
    return { items: await this.sources.listKeys(id) };
  }

  @Delete(':id/api-keys/:keyId')
  @ApiOperation({
    summary: 'Revoke a key',
    params: uuidParams('id', 'keyId'),
    returns: { description: 'revoked' },
    errors: NOT_FOUND,
  })
  @HttpCode(204)
  async revokeKey(@Param('id', uuid) id: string, @Param('keyId', uuid) keyId: string): Promise<void> {
    if (!(await this.sources.revokeKey(id, keyId))) {
      throw new NotFoundException({ error: 'not_found', message: `source ${id} has no active key ${keyId}` });
    }
    this.directory.invalidate();
  }

  /** Requires Standard Webhooks signatures from now on, with a new secret (any earlier one stops working). */
  @Post(':id/signing-secret')
  @ApiOperation({
    summary:
      'Require Standard Webhooks signatures with a new whsec_ secret (shown this once; an earlier one stops working)',
    params: uuidParams('id'),
    returns: {
      description: 'the secret',
      schema: z.object({ signing_secret: z.string().regex(/^whsec_/) }),
    },
    errors: NOT_FOUND,
  })
  async issueSigningSecret(@Param('id', uuid) id: string): Promise<{ signing_secret: string }> {
    const source = (await this.sources.setSigning(id, true)) ?? throwIt(notFound(id));
    this.directory.invalidate();
    return {
      signing_secret: deriveSigningSecret(
        this.config.ingest.signingSecretKey,
        id,
        source.signing_secret_version!,
      ),
    };
  }

  @Delete(':id/signing-secret')
  @ApiOperation({
    summary: 'Stop requiring signatures',
    params: uuidParams('id'),
    returns: { description: 'done' },
    errors: NOT_FOUND,
  })
  @HttpCode(204)
  async dropSigningSecret(@Param('id', uuid) id: string): Promise<void> {
    if (!(await this.sources.setSigning(id, false))) throw notFound(id);
    this.directory.invalidate();
  }
}

function shown({ signing_secret_version: _version, ...source }: IntakeSource): Source {
  return source;
}

function throwIt(error: Error): never {
  throw error;
}
