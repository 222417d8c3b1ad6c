/** The URL a dialer is given: ingest's pasted-URL route with the dialer's own placeholders filled in. */
export function postbackUrl(ingestUrl: string, apiKey: string): string {
  return `${ingestUrl}/v1/postback?call_id={CALL_ID}&disposition={DISPOSITION}&value={VALUE}&timestamp={TIMESTAMP}&api_key=${apiKey}`;
}

/** "Sale = Sale - Closed" lines ⇄ the disposition map. */
export function parseMap(text: string): Record<string, string> {
  return Object.fromEntries(
    text
      .split('\n')
      .map((line) => line.split('=').map((part) => part.trim()))
      .filter((parts) => parts.length === 2 && parts[0] && parts[1]),
  );
}

export const mapText = (map: Record<string, string>): string =>
  Object.entries(map)
    .map(([from, to]) => `${from} = ${to}`)
    .join('\n');

export const listOf = (text: string): string[] =>
  text
    .split(/[\s,]+/)
    .map((item) => item.trim())
    .filter(Boolean);

/** "" → null (the service's default rate); a number as a number; anything else as typed, for the API to refuse by name. */
export function rateOf(text: string): number | string | null {
  const trimmed = text.trim();
  if (!trimmed) return null;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : trimmed;
}
