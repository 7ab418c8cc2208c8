// The benchmark's upstream: a minimal OpenAI-format server (JSON and SSE) in a process of its own, so it shares no
// event loop with the client. Long keep-alive, so no proxy ever races a server-side idle close. Prints "listening URL".
import http from 'node:http';

const TEXT = ['Hello', ' there,', ' nice', ' to', ' meet', ' you.'];
const usage = { prompt_tokens: 14, completion_tokens: 8, total_tokens: 22 };
const completion = JSON.stringify({
  id: 'chatcmpl-bench',
  object: 'chat.completion',
  created: 1750000000,
  model: 'gpt-4o-mini',
  choices: [{ index: 0, message: { role: 'assistant', content: TEXT.join('') }, finish_reason: 'stop', logprobs: null }],
  usage,
});
const chunk = (delta: object, finish: string | null, extra: object = {}) =>
  `data: ${JSON.stringify({ id: 'chatcmpl-bench', object: 'chat.completion.chunk', created: 1750000000, model: 'gpt-4o-mini', choices: [{ index: 0, delta, finish_reason: finish }], ...extra })}\n\n`;
const stream = [chunk({ role: 'assistant', content: '' }, null), ...TEXT.map((t) => chunk({ content: t }, null)), chunk({}, 'stop'), `data: ${JSON.stringify({ id: 'chatcmpl-bench', object: 'chat.completion.chunk', created: 1750000000, model: 'gpt-4o-mini', choices: [], usage })}\n\n`, 'data: [DONE]\n\n'];

const server = http.createServer({ keepAliveTimeout: 120_000 }, (req, res) => {
  const parts: Buffer[] = [];
  req.on('data', (d: Buffer) => parts.push(d));
  req.on('end', () => {
    if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
      res.writeHead(404).end();
      return;
    }
    const body = JSON.parse(Buffer.concat(parts).toString() || '{}') as { stream?: boolean };
    if (body.stream) {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      for (const frame of stream) res.write(frame);
      res.end();
    } else {
      res.writeHead(200, { 'content-type': 'application/json' }).end(completion);
    }
  });
});
server.headersTimeout = 130_000;
server.listen(0, '127.0.0.1', () => console.log(`listening http://127.0.0.1:${(server.address() as { port: number }).port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
