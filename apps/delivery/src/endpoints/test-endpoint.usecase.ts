import { Injectable } from '@nestjs/common';
import { type Endpoint } from './endpoint';
import { sampleDecision } from './sample-decision';
import { deliveryIdFor } from '../deliveries/delivery-id';
import { type OutboundRequest, renderRequest } from '../deliveries/render-request';
import { applyAuth, redactHeaders } from '../signing/apply-auth';
import { PostbackSender, failureText, isSuccess } from '../sending/postback-sender';

export interface EndpointTestResult {
  dry_run: boolean;
  /** The request exactly as rendered and sent; credentials redacted, the signature shown. */
  request: OutboundRequest;
  response: { status: number | null; body: string; duration_ms: number; error: string | null } | null;
  /** Whether the endpoint's success rule accepts the response; null on a dry run. */
  success: boolean | null;
}

/** Renders a sample decision for an endpoint and, unless a dry run, sends it. Nothing is recorded. */
@Injectable()
export class TestEndpoint {
  constructor(private readonly sender: PostbackSender) {}

  async execute(endpoint: Endpoint, dryRun: boolean): Promise<EndpointTestResult> {
    const decision = sampleDecision(new Date());
    const rendered = renderRequest(endpoint, decision, deliveryIdFor(decision.decision_id, endpoint.id));
    const request = applyAuth(rendered, endpoint.auth, Math.floor(Date.now() / 1000));
    const shown = {
      ...request,
      headers: { ...redactHeaders(request.headers, endpoint.auth), ...signatureOf(request) },
    };
    if (dryRun) return { dry_run: true, request: shown, response: null, success: null };
    const result = await this.sender.send(request);
    return {
      dry_run: false,
      request: shown,
      response: {
        status: result.status,
        body: result.body,
        duration_ms: result.durationMs,
        error: failureText(result.failure),
      },
      success: isSuccess(result, endpoint.success),
    };
  }
}

function signatureOf(request: OutboundRequest): Record<string, string> {
  const signature = request.headers['webhook-signature'];
  return signature ? { 'webhook-signature': signature } : {};
}
