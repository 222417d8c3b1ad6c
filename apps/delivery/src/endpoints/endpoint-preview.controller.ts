import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { z } from 'zod';
import { ApiOperation } from '@postback/api-docs';
import { AdminTokenGuard, parseOrThrow } from '@postback/http';
import { type Endpoint } from './endpoint';
import { type EndpointInput, endpointInputSchema } from './endpoint-input.schema';
import { endpointTestView } from './endpoint-test-view.schema';
import { TestEndpoint } from './test-endpoint.usecase';

/** An endpoint being typed need not have a name yet. */
const previewInputSchema = endpointInputSchema.extend({
  name: z.string().trim().max(200).default('preview'),
});

/** The id a draft is rendered under (it shows only in the delivery id and `Idempotency-Key`). */
const DRAFT_ID = '00000000-0000-4000-8000-0000000000ff';

export function draftEndpoint(input: EndpointInput): Endpoint {
  return {
    ...input,
    id: DRAFT_ID,
    active: true,
    disabled_reason: null,
    backup_after_failures: input.backup_url_template === null ? null : input.backup_after_failures,
  };
}

/**
 * `POST /v1/endpoints/preview`: the request an endpoint not yet saved would send for the sample
 * decision, validated as saving it would be (each problem by field), rendered and never sent or
 * stored; credentials redacted, as on a dry run.
 */
@Controller('v1/endpoints/preview')
@UseGuards(AdminTokenGuard)
export class EndpointPreviewController {
  constructor(private readonly tester: TestEndpoint) {}

  @Post()
  @ApiOperation({
    summary:
      'Render the request an unsaved endpoint would send for the sample decision (nothing sent or stored)',
    description:
      'The body is what `POST /v1/endpoints` takes (`name` optional); refused by field the same way.',
    body: previewInputSchema,
    returns: {
      description: 'the rendered request (credentials redacted), as a dry run answers it',
      schema: endpointTestView,
    },
    example: {
      body: {
        url_template: 'https://client.example/postback?call_id={call_id}&value={conversion_value}',
        method: 'POST',
        headers: { 'X-Campaign': '{campaign_id}' },
        body_template: '{"call":"{call_id}","value":"{conversion_value|cents}"}',
        auth: { type: 'basic', username: 'crm', password: 'not-shown-back' },
      },
    },
  })
  @HttpCode(200)
  preview(@Body() body: unknown): Promise<z.output<typeof endpointTestView>> {
    return this.tester.execute(draftEndpoint(parseOrThrow(previewInputSchema, body ?? {})), true);
  }
}
