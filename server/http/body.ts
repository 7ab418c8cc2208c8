import type { IncomingMessage } from 'node:http';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code = 'invalid_request_error',
  ) {
    super(message);
  }
}

/** An over-limit body is still read (and thrown away) up to this many bytes, so the client can read the 413. */
const DRAIN_BYTES = 64 * 1024 * 1024;

/**
 * Reads a JSON body up to `limit` bytes; too big → 413, not JSON → 400, both before any work is done. A body over
 * the limit is read to its end (up to 64 MiB, discarded) before the 413 goes out: a server that answers and closes
 * while the client is still sending makes the client see a broken pipe instead of the answer.
 */
export async function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  const type = req.headers['content-type'] ?? '';
  if (!/^application\/json\b/i.test(type)) {
    await drain(req, 0);
    throw new HttpError(415, `expected Content-Type: application/json, got "${type || '(none)'}"`);
  }
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    await drain(req, 0);
    throw new HttpError(413, `request body of ${declared} bytes exceeds the ${limit}-byte limit`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      await drain(req, size);
      throw new HttpError(413, `request body exceeds the ${limit}-byte limit`);
    }
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch (error) {
    throw new HttpError(400, `request body is not valid JSON: ${(error as Error).message}`);
  }
}

/** Reads and discards the rest of a body; past DRAIN_BYTES the connection is closed after the answer instead. */
async function drain(req: IncomingMessage, already: number): Promise<void> {
  let size = already;
  try {
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > DRAIN_BYTES) {
        req.socket.once('finish', () => req.socket.destroy());
        req.pause();
        return;
      }
    }
  } catch {
    // The client gave up: nothing to answer.
  }
}
