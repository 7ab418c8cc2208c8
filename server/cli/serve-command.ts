import { createSwitchyardServer } from '../mcp/server.js';
import { HardenedStdioTransport } from '../mcp/stdio-transport.js';
import type { Command } from './command.js';
import { loadRuntime, WORKSPACE_HELP, workspaceOption } from './runtime.js';

export const serveCommand: Command = {
  name: 'serve',
  summary: 'Run the MCP server: on standard input/output (default), or over HTTP with an OpenAI-compatible API.',
  usage: 'switchyard serve [--workspace DIR] [--http [HOST:]PORT [--token T] [--allow-origin URL]...]',
  optionHelp: [
    WORKSPACE_HELP,
    '--http [HOST:]PORT    Serve MCP at /mcp and the OpenAI API at /v1 (default 127.0.0.1:3717)',
    '--token T             Bearer token required on every HTTP request (or SWITCHYARD_TOKEN); needed off loopback',
    '--allow-origin URL    A browser origin allowed besides loopback pages (repeatable)',
  ],
  options: { ...workspaceOption, http: { type: 'string' }, token: { type: 'string' }, 'allow-origin': { type: 'string', multiple: true } },
  normalizeArgs: (args) => args.flatMap((arg, i) => (arg === '--http' && (args[i + 1] === undefined || args[i + 1]?.startsWith('-')) ? ['--http='] : [arg])),
  async run({ values, stderr }) {
    const runtime = await loadRuntime(values, { serve: true });
    // Live prices: after start-up, in the background; tool calls never wait for it.
    setTimeout(() => void runtime.refreshCatalog(), 2_000).unref();
    setInterval(() => void runtime.refreshCatalog(), 6 * 60 * 60_000).unref();
    if (values.http !== undefined) {
      // Loaded only for --http: the stdio server answers `initialize` sooner without the HTTP stack (node:http, the
      // SDK's Streamable HTTP transport, and the web globals it touches) in its start-up.
      const { startHttpServer, parseListenAddress } = await import('../http/server.js');
      const { host, port } = parseListenAddress(values.http as string);
      const token = (values.token as string | undefined) ?? (process.env.SWITCHYARD_TOKEN || undefined);
      const http = await startHttpServer(runtime, { host, port, ...(token ? { token } : {}), allowedOrigins: (values['allow-origin'] as string[] | undefined) ?? [] });
      stderr(`switchyard: MCP at ${http.url}/mcp, OpenAI-compatible API at ${http.url}/v1 (workspace ${runtime.workspace})`);
      await new Promise<void>((resolve) => {
        const stop = () => {
          stderr('switchyard: shutting down, finishing in-flight requests…');
          void http.close().then(resolve);
        };
        process.once('SIGTERM', stop);
        process.once('SIGINT', stop);
      });
      await runtime.close();
      return;
    }
    const server = createSwitchyardServer(runtime);
    // Frames up to 8 MiB; anything malformed is answered with a JSON-RPC error and noted on stderr.
    const transport = new HardenedStdioTransport();
    transport.onerror = (error) => stderr(`switchyard: ${error.message.slice(0, 300)}`);
    const closed = new Promise<void>((resolve) => {
      transport.onclose = () => resolve();
      process.stdin.once('end', () => resolve());
    });
    await server.connect(transport);
    const stop = () => {
      void server.close().finally(() => runtime.close());
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
    await closed;
    await runtime.close();
  },
};
