/** What the console told the page at sign-in that is not secret: where ingest takes postbacks. */
export const session = { ingestUrl: '' };
