import { Injectable } from '@nestjs/common';
import { type z } from 'zod';
import { type DecisionType } from '@postback/contracts';
import { explainRules, evaluateDisposition } from './evaluate-disposition';
import { type previewSchema } from './rule-input.schema';
import { RulesRepository } from './rules.repository';
import { CampaignsRepository } from '../campaigns/campaigns.repository';

export interface RulePreview {
  matched: boolean;
  rule: { id: string; version: number; name: string } | null;
  outcome: { type: DecisionType; value: string; follow_up: boolean; event_name: string | null } | null;
  reason: string;
  /** Every current rule in the order tried, with why it did or did not apply. */
  considered: { id: string; version: number; name: string; applies: boolean; why: string }[];
}

/** A dry run of the evaluator against the current rules: reads only, writes and produces nothing. */
@Injectable()
export class PreviewRuleUseCase {
  constructor(
    private readonly rules: RulesRepository,
    private readonly campaigns: CampaignsRepository,
  ) {}

  async execute(input: z.output<typeof previewSchema>): Promise<RulePreview> {
    const campaign = input.campaign_id ? await this.campaigns.find(input.campaign_id) : null;
    const facts = {
      disposition: input.disposition,
      value: input.value ?? null,
      campaign_id: input.campaign_id ?? null,
      publisher_id: input.publisher_id ?? null,
      buyer_id: input.buyer_id ?? null,
      campaign_value: campaign?.value ?? null,
      duration_seconds: input.duration_seconds ?? null,
      custom_fields: input.custom_fields ?? {},
    };
    const rules = await this.rules.activeRules();
    const evaluation = evaluateDisposition(facts, rules);
    const considered = explainRules(facts, rules).map(({ rule, applies, why }) => ({
      id: rule.id,
      version: rule.version,
      name: rule.name,
      applies,
      why,
    }));
    if (!evaluation) {
      return { matched: false, rule: null, outcome: null, reason: 'no current rule applies', considered };
    }
    const { rule, type, value, follow_up, event_name, reason } = evaluation;
    return {
      matched: true,
      rule: { id: rule.id, version: rule.version, name: rule.name },
      outcome: { type, value, follow_up, event_name },
      reason:
        campaign && input.value == null ? `${reason}; full value from campaign "${campaign.id}"` : reason,
      considered,
    };
  }
}
