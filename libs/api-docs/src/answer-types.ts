import { z } from 'zod';

/**
 * A time the code holds as a Date and the answer carries as its ISO 8601 string (what
 * JSON.stringify writes): the document shows the string, `z.output` types the Date.
 */
export const isoDate = () =>
  z.codec(z.iso.datetime(), z.date(), {
    decode: (text) => new Date(text),
    encode: (date) => date.toISOString(),
  });

/** A decimal amount kept exact as a string, as the answers carry money: "125.50", "-12.5". */
export const decimalText = () => z.string().regex(/^-?\d+(\.\d+)?$/);
