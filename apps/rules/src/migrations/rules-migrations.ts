import { CreateRulesTables1764460800000 } from './1764460800000-create-rules-tables';
import { SeedDefaultRules1764460800001 } from './1764460800001-seed-default-rules';
import { CampaignsCallsConditions1764547200000 } from './1764547200000-campaigns-calls-conditions';
import { DecisionSequence1764547200001 } from './1764547200001-decision-sequence';
import { WaitingDispositions1764547200002 } from './1764547200002-waiting-dispositions';
import { ProcessedDispositions1764547200003 } from './1764547200003-processed-dispositions';
import { ProcessedDispositionsAgeIndex1764600000000 } from './1764600000000-processed-dispositions-age-index';
import { KeptDispositions1765200000000 } from './1765200000000-kept-dispositions';

/** The rules schema's migrations in order (the service runs them at start-up; the backtest bench too). */
export const RULES_MIGRATIONS = [
  CreateRulesTables1764460800000,
  SeedDefaultRules1764460800001,
  CampaignsCallsConditions1764547200000,
  DecisionSequence1764547200001,
  WaitingDispositions1764547200002,
  ProcessedDispositions1764547200003,
  ProcessedDispositionsAgeIndex1764600000000,
  KeptDispositions1765200000000,
];
