/** What the attempt log keeps of a response body, whatever the receiver sent. */
export interface ResponseBody {
  /** A rendering PostgreSQL always accepts (no NUL, valid UTF-8): what body patterns see. */
  text: string;
  /** The bytes as received when `text` is not exact (binary or invalid UTF-8); otherwise null. */
  raw: Buffer | null;
  binary: boolean;
  /** The body was longer than what was read and kept. */
  truncated: boolean;
  /** Bytes kept (after decompression). */
  size: number;
  contentType: string | null;
}

const EMPTY: ResponseBody = {
  text: '',
  raw: null,
  binary: false,
  truncated: false,
  size: 0,
  contentType: null,
};

// C0 controls other than tab, LF and CR, and DEL: what text never holds but a GIF pixel does.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/**
 * Renders received bytes for the attempt log. Valid UTF-8 without control characters is kept
 * as it is; anything else is binary: its text is a lossy rendering (U+FFFD for each invalid
 * sequence or control character) and the exact bytes are kept beside it.
 */
export function renderResponseBody(
  bytes: Buffer,
  contentType: string | null,
  truncated: boolean,
): ResponseBody {
  if (bytes.length === 0) return { ...EMPTY, contentType, truncated };
  let text: string;
  let binary = false;
  try {
    // A cut body may end inside a character: `stream` leaves that tail out instead of failing.
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: truncated });
  } catch {
    text = new TextDecoder('utf-8').decode(bytes, { stream: truncated });
    binary = true;
  }
  CONTROL.lastIndex = 0;
  if (CONTROL.test(text)) {
    binary = true;
    text = text.replace(CONTROL, '\ufffd');
  }
  return { text, raw: binary ? bytes : null, binary, truncated, size: bytes.length, contentType };
}

export const emptyResponseBody = (): ResponseBody => ({ ...EMPTY });
