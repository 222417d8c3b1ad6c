import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { z } from 'zod';
import { ApiOperation } from '@postback/api-docs';
import { AdminTokenGuard, parseOrThrow } from '@postback/http';
import { lintTemplate } from './template-lint';
import { lintView } from './template-lint-view.schema';

const lintInputSchema = z.object({ template: z.string({ error: 'is required' }).max(8192) });

/** `POST /v1/templates/lint`: what saving an endpoint with this template would refuse, and where. */
@Controller('v1/templates')
@UseGuards(AdminTokenGuard)
export class TemplatesController {
  @ApiOperation({
    summary:
      'Lint a URL or body template: unknown macros and formatters with their positions and suggestions',
    body: lintInputSchema,
    returns: { description: 'the problems found, each with its position', schema: lintView },
    example: { body: { template: 'https://client.example/pb?call={call_id}&v={conversion_value}' } },
  })
  @Post('lint')
  @HttpCode(200)
  lint(@Body() body: unknown): z.output<typeof lintView> {
    return lintTemplate(parseOrThrow(lintInputSchema, body ?? {}).template);
  }
}
