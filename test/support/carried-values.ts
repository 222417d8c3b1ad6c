import { type ReceivedRequest } from '@postback/testing';

/** What one accepted disposition carried into the postback's template. */
export interface CarriedValues {
  call_id: string;
  disposition: string;
  note: string;
}

/** The endpoint template: every value in a path segment, the query, a header and a JSON body. */
export const carryingEndpoint = (receiverUrl: string) => ({
  name: 'hostile values',
  method: 'POST',
  url_template: `${receiverUrl}/hv/{call_id}/{custom.note}?call_id={call_id}&d={disposition}&note={custom.note}`,
  headers: { 'X-Note': '{custom.note}', 'X-Disposition': '{disposition}' },
  body_template: '{"call_id":"{call_id}","disposition":"{disposition}","note":"{custom.note}"}',
});

/** A URL path segment cannot be `.` or `..` (URL parsers remove it). */
const pathProblem = (value: string) => value === '.' || value === '..';
/** A header carries tab and printable ASCII as they are (Node sends other text as UTF-8 bytes). */
const headerProblem = (value: string) => /[^\t\u0020-\u007e]/.test(value);

/** The macros whose value cannot be carried where the template puts it: the delivery must fail naming one. */
export function uncarriable(values: CarriedValues): string[] {
  return [
    ...(pathProblem(values.call_id) ? ['call_id'] : []),
    ...(pathProblem(values.note) || headerProblem(values.note) ? ['custom.note'] : []),
    ...(headerProblem(values.disposition) ? ['disposition'] : []),
  ];
}

/**
 * What the receiver got, decoded from each place: path segments, query values, headers and JSON
 * strings, each as a CarriedValues. Header values lose leading and trailing blanks, which HTTP
 * does not count as part of a field value (RFC 9110 §5.5), so they are compared trimmed.
 */
export function receivedValues(request: ReceivedRequest, baseUrl: string): Record<string, CarriedValues> {
  const url = new URL(request.url, baseUrl);
  const [, , callSegment, noteSegment] = url.pathname.split('/');
  const query = url.searchParams;
  const body = JSON.parse(request.body) as CarriedValues;
  const header = (name: string) => String(request.headers[name] ?? '');
  return {
    path: {
      call_id: decodeURIComponent(callSegment),
      disposition: '',
      note: decodeURIComponent(noteSegment),
    },
    query: { call_id: query.get('call_id')!, disposition: query.get('d')!, note: query.get('note')! },
    header: { call_id: '', disposition: header('x-disposition'), note: header('x-note') },
    json: body,
  };
}

const ows = (value: string) => value.replace(/^[ \t]+|[ \t]+$/g, '');

/** The same values as they should arrive in each place. */
export function expectedValues(sent: CarriedValues): Record<string, CarriedValues> {
  return {
    path: { call_id: sent.call_id, disposition: '', note: sent.note },
    query: sent,
    header: { call_id: '', disposition: ows(sent.disposition), note: ows(sent.note) },
    json: sent,
  };
}
