import { Injectable } from '@nestjs/common';
import { PeerApis } from '../peers/peer-apis';
import { type Explanation, explainFromDecisions, explainFromDeliveries } from './explanation';
import { type Differences } from './reconcile';

type Missing = Differences['they_have_we_never_sent'][number];
export type ExplainedMissing = Omit<Missing, 'ours'> & { explanation: Explanation };

/** Rows asked of rules per report; past it they are listed without asking (a report is not a load test of rules). */
export const RULES_LOOKUPS = 500;
const CONCURRENCY = 8;

/** Explains each row the partner has that we never delivered: our deliveries, then rules' decisions. */
@Injectable()
export class ExplainMissing {
  constructor(private readonly peers: PeerApis) {}

  async execute(missing: Missing[], key: 'call_id' | 'click_id'): Promise<ExplainedMissing[]> {
    const names = new Map<string, Promise<string | null>>();
    const ruleName = (id: string, version: number) => {
      const cacheKey = `${id}@${version}`;
      if (!names.has(cacheKey))
        names.set(
          cacheKey,
          this.peers.ruleName(id, version).catch(() => null),
        );
      return names.get(cacheKey)!;
    };
    let asked = 0;
    const explain = async ({ ours, ...row }: Missing): Promise<ExplainedMissing> => {
      const own = explainFromDeliveries(ours);
      if (own) return { ...row, explanation: own };
      const callId = key === 'call_id' ? row.key : ours[0]?.call_id;
      if (!callId)
        return {
          ...row,
          explanation: {
            reason: 'no_decision',
            detail:
              'no delivery with this click id to this endpoint in the range (rules is asked by call id only)',
          },
        };
      if (asked++ >= RULES_LOOKUPS)
        return {
          ...row,
          explanation: {
            reason: 'not_looked_up',
            detail: `only the first ${RULES_LOOKUPS} are asked of rules`,
          },
        };
      try {
        const decisions = await this.peers.decisionsOf(callId);
        const last = decisions.at(-1);
        const name = last ? await ruleName(last.rule_id, last.rule_version) : null;
        return { ...row, explanation: explainFromDecisions(decisions, name) };
      } catch (error) {
        return {
          ...row,
          explanation: { reason: 'unknown', detail: error instanceof Error ? error.message : String(error) },
        };
      }
    };
    const results: ExplainedMissing[] = new Array(missing.length);
    let next = 0;
    const worker = async () => {
      while (next < missing.length) {
        const i = next++;
        results[i] = await explain(missing[i]);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    return results;
  }
}
