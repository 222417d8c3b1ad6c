import { Body, Controller, Get, Param, Patch, Post, UseGuards } from '@nestjs/common';
import { AdminTokenGuard, parseOrThrow } from '@postback/http';
import { campaignCreateSchema, campaignUpdateSchema } from './campaign-input.schema';
import { type Campaign, CampaignsRepository } from './campaigns.repository';

@Controller('v1/campaigns')
@UseGuards(AdminTokenGuard)
export class CampaignsController {
  constructor(private readonly campaigns: CampaignsRepository) {}

  @Post()
  create(@Body() body: unknown): Promise<Campaign> {
    return this.campaigns.create(parseOrThrow(campaignCreateSchema, body ?? {}));
  }

  @Get()
  async list(): Promise<{ items: Campaign[] }> {
    return { items: await this.campaigns.list() };
  }

  @Get(':id')
  read(@Param('id') id: string): Promise<Campaign> {
    return this.campaigns.get(id);
  }

  @Patch(':id')
  update(@Param('id') id: string, @Body() body: unknown): Promise<Campaign> {
    return this.campaigns.update(id, parseOrThrow(campaignUpdateSchema, body ?? {}));
  }
}
