import process from 'node:process';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { checkFrame, errorReply, INVALID_REQUEST, type JsonRpcErrorReply } from './jsonrpc-guard.js';

/** The largest frame (one line of JSON) the stdio server reads; a longer one is skipped and answered with -32600. */
export const MAX_FRAME_BYTES = 8 * 1024 * 1024;
/** Of a frame that is too long, this much is kept to find its id for the error reply. */
const HEAD_BYTES = 4096;

/**
 * MCP over stdio (newline-delimited JSON-RPC), hardened: a frame of any size gets an answer (frames over
 * MAX_FRAME_BYTES are skipped up to their newline and answered with an error, never ending the server), and every
 * malformed request gets a JSON-RPC error (see jsonrpc-guard.ts) instead of being dropped.
 */
export class HardenedStdioTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  private chunks: Buffer[] = [];
  private size = 0;
  /** Set while skipping the rest of a frame that is too long: its first bytes and its length so far. */
  private oversized: { head: Buffer; bytes: number } | undefined;
  private started = false;

  constructor(
    private readonly stdin: NodeJS.ReadableStream = process.stdin,
    private readonly stdout: NodeJS.WritableStream = process.stdout,
    readonly maxFrameBytes: number = MAX_FRAME_BYTES,
  ) {}

  async start(): Promise<void> {
    if (this.started) throw new Error('HardenedStdioTransport already started');
    this.started = true;
    this.stdin.on('data', this.onData);
    this.stdin.on('error', this.onStreamError);
  }

  private readonly onStreamError = (error: Error) => this.onerror?.(error);

  private readonly onData = (data: Buffer | string) => {
    let chunk = typeof data === 'string' ? Buffer.from(data) : data;
    while (chunk.length > 0) {
      const nl = chunk.indexOf(0x0a);
      const piece = nl === -1 ? chunk : chunk.subarray(0, nl);
      this.take(piece);
      if (nl === -1) return;
      this.endFrame();
      chunk = chunk.subarray(nl + 1);
    }
  };

  /** Adds bytes of the current frame, switching to skipping once it is over the limit. */
  private take(piece: Buffer): void {
    if (piece.length === 0) return;
    if (this.oversized) {
      this.oversized.bytes += piece.length;
      return;
    }
    this.chunks.push(piece);
    this.size += piece.length;
    if (this.size > this.maxFrameBytes) {
      const all = Buffer.concat(this.chunks);
      this.oversized = { head: all.subarray(0, HEAD_BYTES), bytes: all.length };
      this.chunks = [];
      this.size = 0;
    }
  }

  private endFrame(): void {
    if (this.oversized) {
      const { head, bytes } = this.oversized;
      this.oversized = undefined;
      const message = `Invalid Request: the frame is ${bytes} bytes, over the limit of ${this.maxFrameBytes} bytes (${this.maxFrameBytes / 1024 / 1024} MiB); it was not read`;
      this.onerror?.(new Error(message));
      void this.write(errorReply(idIn(head.toString('utf8')), INVALID_REQUEST, message));
      return;
    }
    const text = Buffer.concat(this.chunks).toString('utf8').replace(/\r$/, '');
    this.chunks = [];
    this.size = 0;
    if (text.trim() === '') return;
    const checked = checkFrame(text);
    if (checked.ok) {
      this.onmessage?.(checked.message);
      return;
    }
    this.onerror?.(new Error(checked.problem));
    if (checked.reply) void this.write(checked.reply);
  }

  send(message: JSONRPCMessage): Promise<void> {
    return this.write(message);
  }

  private write(message: JSONRPCMessage | JsonRpcErrorReply): Promise<void> {
    return new Promise((resolve) => {
      if (this.stdout.write(`${JSON.stringify(message)}\n`)) resolve();
      else this.stdout.once('drain', resolve);
    });
  }

  async close(): Promise<void> {
    this.stdin.off('data', this.onData);
    this.stdin.off('error', this.onStreamError);
    if (this.stdin.listenerCount('data') === 0) this.stdin.pause();
    this.chunks = [];
    this.oversized = undefined;
    this.onclose?.();
  }
}

/** The request id near the start of a frame that was too long to parse, if one can be seen; else null. */
function idIn(head: string): string | number | null {
  const m = /^\s*\{[^{}]*?"id"\s*:\s*(-?\d+(?:\.\d+)?|"(?:[^"\\]|\\.)*")/.exec(head);
  if (!m?.[1]) return null;
  try {
    return JSON.parse(m[1]) as string | number;
  } catch {
    return null;
  }
}
