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
import { type Config, InjectConfig } from '@postback/config';
import { AdminTokenGuard, parseOrThrow } from '@postback/http';
import { deriveSigningSecret } from '../auth/signing-secret';
import { type ApiKeyInfo, type IntakeSource, type Source } from './source';
import { SourceDirectory } from './source-directory';
import { sourceInputSchema, sourcePatchSchema } from './source-input.schema';
import { type IssuedApiKey, SourcesRepository } from './sources.repository';

const uuid = new ParseUUIDPipe();
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
  async create(@Body() body: unknown): Promise<Source & { api_key: IssuedApiKey }> {
    const { source, apiKey } = await this.sources.create(parseOrThrow(sourceInputSchema, body ?? {}));
    this.directory.keysChanged();
    return { ...shown(source), api_key: apiKey };
  }

  @Get()
  async list(): Promise<{ items: Source[] }> {
    return { items: (await this.sources.list()).map(shown) };
  }

  @Get(':id')
  async get(@Param('id', uuid) id: string): Promise<Source> {
    return shown((await this.sources.get(id)) ?? throwIt(notFound(id)));
  }

  /** Name, enabled (false disables the source), IP allow-list, disposition map, rate limit. */
  @Patch(':id')
  async update(@Param('id', uuid) id: string, @Body() body: unknown): Promise<Source> {
    const source = await this.sources.update(id, parseOrThrow(sourcePatchSchema, body ?? {}));
    this.directory.invalidate();
    return shown(source ?? throwIt(notFound(id)));
  }

  @Post(':id/api-keys')
  async issueKey(@Param('id', uuid) id: string): Promise<IssuedApiKey> {
    if (!(await this.sources.get(id))) throw notFound(id);
    const issued = await this.sources.issueKey(id);
    this.directory.keysChanged();
    return issued;
  }

  @Get(':id/api-keys')
  async listKeys(@Param('id', uuid) id: string): Promise<{ items: ApiKeyInfo[] }> {
    if (!(await this.sources.get(id))) throw notFound(id);
    return { items: await this.sources.listKeys(id) };
  }

  @Delete(':id/api-keys/:keyId')
  @HttpCode(204)
  async revokeKey(@Param('id', uuid) id: string, @Param('keyId', uuid) keyId: string): Promise<void> {
    if (!(await this.sources.revokeKey(id, keyId))) {
      throw new NotFoundException({ error: 'not_found', message: `source ${id} has no active key ${keyId}` });
    }
    this.directory.invalidate();
  }

  /** Requires Standard Webhooks signatures from now on, with a new secret (any earlier one stops working). */
  @Post(':id/signing-secret')
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
