import { Body, Controller, Get, Param, Patch, Post, UseGuards } from '@nestjs/common';
import { ApiOperation } from '@postback/api-docs';
import { AdminTokenGuard, parseOrThrow } from '@postback/http';
import { z } from 'zod';
import { campaignCreateSchema, campaignUpdateSchema } from './campaign-input.schema';
import { type Campaign, campaignView } from './campaign-view.schema';
import { CampaignsRepository } from './campaigns.repository';

const campaignId = z.object({ id: campaignCreateSchema.shape.id });
const NOT_FOUND = { 404: 'no campaign with this id' };

@Controller('v1/campaigns')
@UseGuards(AdminTokenGuard)
export class CampaignsController {
  constructor(private readonly campaigns: CampaignsRepository) {}

  @Post()
  @ApiOperation({
    summary: 'Create a campaign: its full conversion value and, optionally, an attribution window',
    body: campaignCreateSchema,
    returns: { description: 'the campaign', schema: campaignView },
    errors: { 409: 'a campaign with this id exists' },
    example: {
      body: {
        id: 'spring-26',
        name: 'Spring 2026',
        value: '100.00',
        currency: 'USD',
        attribution_window: '24h',
      },
    },
  })
  create(@Body() body: unknown): Promise<Campaign> {
    return this.campaigns.create(parseOrThrow(campaignCreateSchema, body ?? {}));
  }

  @Get()
  @ApiOperation({
    summary: 'Every campaign',
    returns: { description: 'the campaigns', schema: z.object({ items: z.array(campaignView) }) },
  })
  async list(): Promise<{ items: Campaign[] }> {
    return { items: await this.campaigns.list() };
  }

  @Get(':id')
  @ApiOperation({
    summary: 'One campaign',
    params: campaignId,
    returns: { description: 'the campaign', schema: campaignView },
    errors: NOT_FOUND,
  })
  read(@Param('id') id: string): Promise<Campaign> {
    return this.campaigns.get(id);
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Change some fields (`"attribution_window": null` removes the window)',
    params: campaignId,
    body: campaignUpdateSchema,
    returns: { description: 'the campaign', schema: campaignView },
    errors: NOT_FOUND,
    example: { body: { value: '120.00' } },
  })
  update(@Param('id') id: string, @Body() body: unknown): Promise<Campaign> {
    return this.campaigns.update(id, parseOrThrow(campaignUpdateSchema, body ?? {}));
  }
}
