import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { z } from 'zod';
import { AdminTokenGuard, parseOrThrow } from '@postback/http';
import { type TemplateLint, lintTemplate } from './template-lint';

const lintInputSchema = z.object({ template: z.string({ error: 'is required' }).max(8192) });

/** `POST /v1/templates/lint`: what saving an endpoint with this template would refuse, and where. */
@Controller('v1/templates')
@UseGuards(AdminTokenGuard)
export class TemplatesController {
  @Post('lint')
  @HttpCode(200)
  lint(@Body() body: unknown): TemplateLint {
    return lintTemplate(parseOrThrow(lintInputSchema, body ?? {}).template);
  }
}
