import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSse, SseParser, type SseEvent } from '../../../server/providers/sse.js';

function parseChunks(chunks: Array<string | Uint8Array>): SseEvent[] {
  const p = new SseParser();
  const out: SseEvent[] = [];
  for (const c of chunks) out.push(...p.push(c));
  out.push(...p.end());
  return out;
}

const STREAM =
  ': keep-alive comment\r\n' +
  'event: message_start\r\n' +
  'data: {"a":1}\r\n' +
  '\r\n' +
  'data: line one\n' +
  'data: line two\n' +
  'id: 7\n' +
  '\n' +
  'data:no-space\r' +
  '\r' +
  'retry: 100\n' +
  'data: [DONE]\n' +
  '\n';

const EXPECTED: SseEvent[] = [
  { event: 'message_start', data: '{"a":1}' },
  { data: 'line one\nline two', id: '7' },
  { data: 'no-space', id: '7' },
  { data: '[DONE]', id: '7' },
];

describe('SseParser', () => {
  it('parses CRLF, LF and CR line ends, multi-line data, comments, ids and [DONE]', () => {
    expect(parseChunks([STREAM])).toEqual(EXPECTED);
  });

  it('gives the same events whichever two places the stream is split at', () => {
    for (let i = 0; i <= STREAM.length; i++) {
      for (let j = i; j <= STREAM.length; j += 3) {
        expect(parseChunks([STREAM.slice(0, i), STREAM.slice(i, j), STREAM.slice(j)])).toEqual(EXPECTED);
      }
    }
  });

  it('gives the same events for any byte chunking, multi-byte UTF-8 split included (property)', () => {
    const text = 'data: héllo — 世界 🚀\r\n\r\nevent: x\ndata: ünïcode\n\n';
    const bytes = new TextEncoder().encode(text);
    const whole = parseChunks([bytes]);
    expect(whole).toEqual([{ data: 'héllo — 世界 🚀' }, { event: 'x', data: 'ünïcode' }]);
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: bytes.length - 1 }), { maxLength: 12 }), (cuts) => {
        const points = [0, ...cuts.sort((a, b) => a - b), bytes.length];
        const chunks = points.slice(1).map((end, k) => bytes.slice(points[k], end));
        expect(parseChunks(chunks)).toEqual(whole);
      }),
    );
  });

  it('does not dispatch an event across a CR/LF pair split between chunks', () => {
    expect(parseChunks(['data: a\r', '\n', '\r', '\ndata: b\r\n\r\n'])).toEqual([{ data: 'a' }, { data: 'b' }]);
  });

  it('drops events without data and an unterminated event at the end', () => {
    expect(parseChunks(['event: ping\n\n', 'data: done\n\n', 'data: cut-off'])).toEqual([{ data: 'done' }]);
    expect(parseChunks(['data: no blank line\n'])).toEqual([]);
  });

  it('strips a leading BOM and only one leading space of a value', () => {
    expect(parseChunks(['\uFEFFdata:  two spaces\n\n'])).toEqual([{ data: ' two spaces' }]);
  });

  it('resets the event type after each event', () => {
    expect(parseChunks(['event: a\ndata: 1\n\ndata: 2\n\n'])).toEqual([{ event: 'a', data: '1' }, { data: '2' }]);
  });

  it('parseSse reads an async byte stream', async () => {
    async function* gen(): AsyncGenerator<Uint8Array> {
      const bytes = new TextEncoder().encode(STREAM);
      for (let i = 0; i < bytes.length; i += 5) yield bytes.slice(i, i + 5);
    }
    const out: SseEvent[] = [];
    for await (const ev of parseSse(gen())) out.push(ev);
    expect(out).toEqual(EXPECTED);
  });
});
