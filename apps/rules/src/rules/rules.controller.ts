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
import { AdminTokenGuard, ValidationFailedException, parseOrThrow } from '@postback/http';
import { mergeRuleFields } from './merge-rule';
import { type RulePreview, PreviewRuleUseCase } from './preview-rule.usecase';
import { previewSchema, ruleInputSchema } from './rule-input.schema';
import { type RuleView, RulesRepository } from './rules.repository';

const uuid = new ParseUUIDPipe({
  exceptionFactory: () => new ValidationFailedException([{ field: 'id', problem: 'must be a UUID' }]),
});

/** Rules as data: every edit (including deactivation) is a new immutable version. */
@Controller('v1/rules')
@UseGuards(AdminTokenGuard)
export class RulesController {
  constructor(
    private readonly rules: RulesRepository,
    private readonly previewRule: PreviewRuleUseCase,
  ) {}

  @Post()
  create(@Body() body: unknown): Promise<RuleView> {
    return this.rules.create(parseOrThrow(ruleInputSchema, body ?? {}));
  }

  @Get()
  async list(): Promise<{ items: RuleView[] }> {
    return { items: await this.rules.list() };
  }

  /** Evaluates a disposition against the current rules; stores and emits nothing. */
  @Post('preview')
  @HttpCode(200)
  preview(@Body() body: unknown): Promise<RulePreview> {
    return this.previewRule.execute(parseOrThrow(previewSchema, body ?? {}));
  }

  @Get(':id')
  read(@Param('id', uuid) id: string): Promise<RuleView> {
    return this.rules.get(id);
  }

  @Get(':id/versions')
  async versions(@Param('id', uuid) id: string): Promise<{ items: RuleView[] }> {
    return { items: await this.rules.versions(id) };
  }

  /** Merges the given fields onto the latest version and saves the result as the next version. */
  @Patch(':id')
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
