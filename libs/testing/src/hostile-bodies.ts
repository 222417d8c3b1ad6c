/** The classic 1×1 transparent GIF that tracking pixels answer with: NUL bytes and all. */
export const GIF_PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
