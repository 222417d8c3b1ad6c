/**
 * Collects a response body up to a limit of bytes: past it, the caller stops reading (and
 * destroys the response) and what was kept is marked truncated. The limit counts bytes after
 * decompression, so a small gzip answer that inflates without end costs no more than it.
 */
export class ByteCap {
  private readonly chunks: Buffer[] = [];
  private kept = 0;
  private over = false;

  constructor(private readonly maxBytes: number) {}

  /** Adds a chunk; true once more than the limit arrived (keep nothing more, stop reading). */
  add(chunk: Buffer): boolean {
    if (this.over) return true;
    const room = this.maxBytes - this.kept;
    if (chunk.length > room) {
      if (room > 0) this.chunks.push(chunk.subarray(0, room));
      this.kept += Math.max(room, 0);
      this.over = true;
      return true;
    }
    this.chunks.push(chunk);
    this.kept += chunk.length;
    return false;
  }

  get truncated(): boolean {
    return this.over;
  }

  bytes(): Buffer {
    return Buffer.concat(this.chunks, this.kept);
  }
}
