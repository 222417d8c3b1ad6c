import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  UseGuards,
} from '@nestjs/common';
import { ApiOperation, uuidParams } from '@postback/api-docs';
import { AdminTokenGuard, ValidationFailedException, parseOrThrow } from '@postback/http';
import { mergeRuleFields } from './merge-rule';
import { z } from 'zod';
import { PreviewRuleUseCase } from './preview-rule.usecase';
import { rulePreviewView } from './rule-preview-view.schema';
import { ruleView } from './rule-view.schema';
import { previewSchema, ruleInputSchema } from './rule-input.schema';
import { type RuleView, RulesRepository } from './rules.repository';

const uuid = new ParseUUIDPipe({
  exceptionFactory: () => new ValidationFailedException([{ field: 'id', problem: 'must be a UUID' }]),
});

const ruleId = uuidParams('id');
const NOT_FOUND = { 404: 'no rule with this id' };

/** Rules as data: every edit (including deactivation) is a new immutable version. */
@Controller('v1/rules')
@UseGuards(AdminTokenGuard)
export class RulesController {
  constructor(
    private readonly rules: RulesRepository,
    private readonly previewRule: PreviewRuleUseCase,
  ) {}

  @Post()
  @ApiOperation({
    summary: 'A new rule, version 1',
    body: ruleInputSchema,
    returns: { description: 'the rule', schema: ruleView },
    example: {
      body: {
        name: 'Long sales on spring',
        scope: { type: 'campaign', id: 'spring-26' },
        dispositions: ['Sale'],
        conditions: { min_duration_seconds: 60, custom_fields: [{ field: 'agent', matches: '^a\\d+$' }] },
        outcome: { type: 'partial', percent: '50' },
        priority: 0,
      },
    },
  })
  create(@Body() body: unknown): Promise<RuleView> {
    return this.rules.create(parseOrThrow(ruleInputSchema, body ?? {}));
  }

  @Get()
  @ApiOperation({
    summary: 'The latest version of every rule',
    returns: { description: 'the rules', schema: z.object({ items: z.array(ruleView) }) },
  })
  async list(): Promise<{ items: RuleView[] }> {
    return { items: await this.rules.list() };
  }

  /** Evaluates a disposition against the current rules; stores and emits nothing. */
  @Post('preview')
  @ApiOperation({
    summary: 'Evaluate a disposition against the current rules; stores and emits nothing, says why',
    body: previewSchema,
    returns: {
      description: 'the matched rule and version, the outcome, and every rule tried with why',
      schema: rulePreviewView,
    },
    example: {
      body: { disposition: 'Sale', value: '80.00', campaign_id: 'spring-26', duration_seconds: 30 },
    },
  })
  @HttpCode(200)
  preview(@Body() body: unknown): Promise<z.output<typeof rulePreviewView>> {
    return this.previewRule.execute(parseOrThrow(previewSchema, body ?? {}));
  }

  @Get(':id')
  @ApiOperation({
    summary: 'The latest version of one rule',
    params: ruleId,
    returns: { description: 'the rule', schema: ruleView },
    errors: NOT_FOUND,
  })
  read(@Param('id', uuid) id: string): Promise<RuleView> {
    return this.rules.get(id);
  }

  @Get(':id/versions')
  @ApiOperation({
    summary: 'Every version of one rule',
    params: ruleId,
    returns: { description: 'the versions', schema: z.object({ items: z.array(ruleView) }) },
    errors: NOT_FOUND,
  })
  async versions(@Param('id', uuid) id: string): Promise<{ items: RuleView[] }> {
    return { items: await this.rules.versions(id) };
  }

  /** Merges the given fields onto the latest version and saves the result as the next version. */
  @Patch(':id')
  @ApiOperation({
    summary: 'Merge the given fields onto the latest version and save the result as the next version',
    params: ruleId,
    body: ruleInputSchema.partial(),
    returns: { description: 'the new version', schema: ruleView },
    errors: NOT_FOUND,
    example: { body: { priority: 5 } },
  })
  async update(@Param('id', uuid) id: string, @Body() body: unknown): Promise<RuleView> {
    if (typeof body !== 'object' || body === null || Array.isArray(body) || Object.keys(body).length === 0) {
      throw new ValidationFailedException([
        { field: '(body)', problem: 'must be an object with the fields to change' },
      ]);
    }
    const current = await this.rules.get(id);
    return this.rules.addVersion(id, current, parseOrThrow(ruleInputSchema, mergeRuleFields(current, body)));
  }

  /** Deactivates: a new version with active=false, so earlier decisions still name a real version. */
  @Delete(':id')
  @ApiOperation({
    summary: 'Deactivate: a new version with `active: false` (versions are never changed or removed)',
    params: ruleId,
    returns: { description: 'the new version', schema: ruleView },
    errors: NOT_FOUND,
  })
  async deactivate(@Param('id', uuid) id: string): Promise<RuleView> {
    const current = await this.rules.get(id);
    const { name, scope, dispositions, conditions, outcome, priority } = current;
    return this.rules.addVersion(id, current, {
      ...parseOrThrow(ruleInputSchema, {
        name,
        scope,
        dispositions,
        conditions: conditions ?? {},
        outcome,
        priority,
      }),
      active: false,
    });
  }
}
