import { type ConversionDecision } from '@postback/contracts';
import { type Endpoint } from '../endpoints/endpoint';
import { HeaderValueError, headerValueProblem } from '../templates/header-value';
import { decisionMacroValues } from '../templates/macros';
import { renderUrl } from '../templates/render-url';
import {
  type MissingMacroPolicy,
  type TemplatePart,
  macroValue,
  parseValidTemplate,
  renderTemplate,
} from '../templates/template';
import { type MacroValues } from '../templates/macros';

export interface OutboundRequest {
  method: Endpoint['method'];
  url: string;
  headers: Record<string, string>;
  body: string | null;
}

export const USER_AGENT = 'Postback/0.1 (+conversion postbacks)';

/**
 * The exact request an endpoint gets for a decision: pure, so it can be previewed and tested.
 * Throws MissingMacroError when a macro has no value and the endpoint chose to fail then, and
 * HeaderValueError when a header's value could not be sent: both permanent render failures.
 */
export function renderRequest(
  endpoint: Endpoint,
  decision: ConversionDecision,
  deliveryId: string,
): OutboundRequest {
  const values = decisionMacroValues(decision, deliveryId);
  const missing = endpoint.missing_macro;
  const headers: Record<string, string> = {
    'user-agent': USER_AGENT,
    'webhook-id': deliveryId,
    'idempotency-key': deliveryId,
  };
  if (decision.traceparent) headers.traceparent = decision.traceparent;
  for (const [name, template] of Object.entries(endpoint.headers)) {
    const parts = parseValidTemplate(template);
    const value = renderTemplate(parts, values, () => 'header', missing);
    const problem = headerValueProblem(value);
    if (problem) throw new HeaderValueError(name, problem, culprit(parts, values, missing));
    headers[name.toLowerCase()] = value;
  }
  let body: string | null = null;
  if (endpoint.body_template !== null && endpoint.method !== 'GET') {
    const json = /^\s*[[{]/.test(endpoint.body_template);
    body = renderTemplate(
      parseValidTemplate(endpoint.body_template),
      values,
      () => (json ? 'json' : 'form'),
      missing,
    );
    headers['content-type'] ??= json ? 'application/json' : 'application/x-www-form-urlencoded';
  }
  return { method: endpoint.method, url: renderUrl(endpoint.url_template, values, missing), headers, body };
}

/** The first macro of a header template whose value the header cannot carry. */
function culprit(
  parts: TemplatePart[],
  values: MacroValues,
  missing: MissingMacroPolicy,
): string | undefined {
  for (const part of parts)
    if ('macro' in part && headerValueProblem(macroValue(part.macro, values, missing)) !== null)
      return part.macro.name;
  return undefined;
}
