import { createSwitchyardServer } from '../mcp/server.js';
import { HardenedStdioTransport } from '../mcp/stdio-transport.js';
import type { Command } from './command.js';
import { loadRuntime, WORKSPACE_HELP, workspaceOption } from './runtime.js';
import { CliUsageError, intOption } from './shared-options.js';

export const serveCommand: Command = {
  name: 'serve',
  summary: 'Run the MCP server: on standard input/output (default), or over HTTP with an OpenAI-compatible API.',
  usage: 'switchyard serve [--workspace DIR] [--http [HOST:]PORT [--token T] [--allow-origin URL]... [--session-idle-minutes N]]',
  optionHelp: [
    WORKSPACE_HELP,
    '--http [HOST:]PORT    Serve MCP at /mcp and the OpenAI API at /v1 (default 127.0.0.1:3717)',
    '--token T             Bearer token required on every HTTP request (or SWITCHYARD_TOKEN); needed off loopback',
    '--allow-origin URL    A browser origin allowed besides loopback pages (repeatable)',
    '--session-idle-minutes N  Close MCP HTTP sessions idle this long (default 30; or SWITCHYARD_SESSION_IDLE_MINUTES)',
    'SWITCHYARD_REDIS_URL  Share budgets, spend, breakers and latencies with other instances through Redis',
  ],
  options: { ...workspaceOption, http: { type: 'string' }, token: { type: 'string' }, 'allow-origin': { type: 'string', multiple: true }, 'session-idle-minutes': { type: 'string' } },
  normalizeArgs: (args) => args.flatMap((arg, i) => (arg === '--http' && (args[i + 1] === undefined || args[i + 1]?.startsWith('-')) ? ['--http='] : [arg])),
  async run({ values, stderr }) {
    // Flags are checked before anything starts.
    const httpOnly = ['token', 'allow-origin', 'session-idle-minutes'].filter((f) => values[f] !== undefined);
    if (values.http === undefined && httpOnly.length > 0) throw new CliUsageError(`--${httpOnly[0]} applies to --http only`);
    let listen: { host: string; port: number } | undefined;
    if (values.http !== undefined) {
      const { parseListenAddress } = await import('../http/server.js');
      try {
        listen = parseListenAddress(values.http as string);
      } catch (error) {
        throw new CliUsageError((error as Error).message);
      }
    }
    const idleEnv = process.env.SWITCHYARD_SESSION_IDLE_MINUTES;
    const idleMinutes = intOption({ 'session-idle-minutes': values['session-idle-minutes'] ?? (idleEnv || undefined) }, 'session-idle-minutes', 30, 1, 7 * 24 * 60);
    const runtime = await loadRuntime(values, { serve: true });
    // Live prices: after start-up, in the background; tool calls never wait for it.
    setTimeout(() => void runtime.refreshCatalog(), 2_000).unref();
    setInterval(() => void runtime.refreshCatalog(), 6 * 60 * 60_000).unref();
    if (values.http !== undefined) {
      // Loaded only for --http: the stdio server answers `initialize` sooner without the HTTP stack (node:http, the
      // SDK's Streamable HTTP transport, and the web globals it touches) in its start-up.
      const { startHttpServer } = await import('../http/server.js');
      const { host, port } = listen as { host: string; port: number };
      const token = (values.token as string | undefined) ?? (process.env.SWITCHYARD_TOKEN || undefined);
      let http: Awaited<ReturnType<typeof startHttpServer>>;
      try {
        http = await startHttpServer(runtime, { host, port, ...(token ? { token } : {}), allowedOrigins: (values['allow-origin'] as string[] | undefined) ?? [], sessionIdleMs: idleMinutes * 60_000 });
      } catch (error) {
        await runtime.close();
        throw error;
      }
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
