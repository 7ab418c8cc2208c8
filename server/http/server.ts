import http from 'node:http';
import { isIP, type AddressInfo } from 'node:net';
import { SwitchyardError } from '../../shared/errors.js';
import { createSwitchyardServer } from '../mcp/server.js';
import type { Runtime } from '../runtime.js';
import { HttpError } from './body.js';
import { McpEndpoint } from './mcp-endpoint.js';
import { handleChatCompletions } from './openai/chat-completions.js';
import { sendOpenAIError } from './openai/errors.js';
import { handleModels } from './openai/models.js';
import { handleResponses } from './responses/responses.js';
import { handleCountTokens, handleMessages } from './anthropic/messages.js';
import { overheadMs, parseTags, runWithRequestContext, type RequestContext } from './request-context.js';
import { checkRequest, isLoopbackHost, type NamedToken, type SecurityOptions } from './security.js';
import { resolveNamedTokens } from './tokens.js';
import type { UserConfigFile } from '../../shared/policy/schema.js';

export const DEFAULT_HTTP_HOST = '127.0.0.1';
export const DEFAULT_HTTP_PORT = 3717;

export interface HttpServerOptions {
  host: string;
  port: number;
  token?: string;
  allowedOrigins?: string[];
  /** Largest request body, bytes (default 8 MiB: room for a few images). */
  bodyLimit?: number;
  /** How long shutdown waits for in-flight requests before closing them (default 30 s). */
  drainMs?: number;
  /** MCP sessions no request has named for this long are closed (default 30 min). */
  sessionIdleMs?: number;
}

export interface RunningHttpServer {
  url: string;
  port: number;
  /** Stop accepting, let in-flight requests finish (up to drainMs), then close everything. */
  close(): Promise<void>;
}

/** Validates the bind: any non-loopback address needs a bearer token (MCP transport security guidance). */
export function checkBind(options: Pick<HttpServerOptions, 'host' | 'token'>, namedTokens = 0): void {
  if (!isLoopbackHost(options.host) && !options.token && namedTokens === 0) {
    throw new SwitchyardError(
      'config',
      `refusing to listen on ${options.host} without a token: anyone who can reach it could spend your API keys. Set --token or SWITCHYARD_TOKEN, or bind 127.0.0.1.`,
    );
  }
}

export async function startHttpServer(runtime: Runtime, options: HttpServerOptions): Promise<RunningHttpServer> {
  // Named tokens follow the user config (re-read when it changes); the tokens themselves come from the environment.
  let tokensFor: UserConfigFile | undefined;
  let named: NamedToken[] = [];
  const namedTokens = (): NamedToken[] => {
    const config = runtime.config().userConfig;
    if (config !== tokensFor) {
      tokensFor = config;
      named = resolveNamedTokens(config, runtime.env, runtime.workspace, (m) => process.stderr.write(`switchyard: ${m}\n`));
    }
    return named;
  };
  checkBind(options, namedTokens().length);
  const bodyLimit = options.bodyLimit ?? 8 * 1024 * 1024;
  const loopback = isLoopbackHost(options.host);
  const security: SecurityOptions = {
    allowedOrigins: options.allowedOrigins ?? [],
    // On loopback, only loopback Host names: a DNS-rebound name pointing at 127.0.0.1 is refused.
    allowedHosts: loopback ? ['localhost', '127.0.0.1', '[::1]', options.host.toLowerCase()] : [],
    ...(options.token ? { token: options.token } : {}),
    namedTokens,
  };
  const mcp = new McpEndpoint(() => createSwitchyardServer(runtime), bodyLimit, options.sessionIdleMs);

  // Requests that shutdown waits for: everything but MCP's long-lived GET streams.
  const inflight = new Set<http.ServerResponse>();
  let drainedAll: (() => void) | undefined;
  const server = http.createServer({ maxHeaderSize: 16 * 1024, requestTimeout: 10 * 60_000, headersTimeout: 15_000, keepAliveTimeout: 5_000 }, (req, res) => {
    if (!(req.method === 'GET' && req.url?.startsWith('/mcp'))) {
      inflight.add(res);
      res.on('close', () => {
        inflight.delete(res);
        if (inflight.size === 0) drainedAll?.();
      });
    }
    void route(req, res);
  });

  async function route(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const context: RequestContext = { startedAt: performance.now(), tags: [] };
    // Every answer says how long Switchyard itself took (time not spent waiting on an upstream).
    const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => http.ServerResponse;
    res.writeHead = ((...args: unknown[]) => {
      if (!res.headersSent) res.setHeader('x-switchyard-overhead-ms', overheadMs(context).toFixed(2));
      return writeHead(...args);
    }) as typeof res.writeHead;
    const routeLabel = metricRoute((req.url ?? '/').split('?')[0] ?? '/');
    res.once('finish', () => {
      runtime.telemetry.httpRequests.inc({ route: routeLabel, status: String(res.statusCode) });
      if (routeLabel !== '/metrics') runtime.telemetry.overhead.observe({ route: routeLabel }, overheadMs(context) / 1000);
    });
    const verdict = checkRequest(req, security);
    if (!verdict.ok) {
      res.writeHead(verdict.status, { 'content-type': 'application/json', ...(verdict.status === 401 ? { 'www-authenticate': 'Bearer' } : {}) });
      res.end(JSON.stringify({ error: { message: verdict.message, type: verdict.status === 401 ? 'authentication_error' : 'forbidden', code: verdict.status } }));
      return;
    }
    if (verdict.principal) context.principal = { name: verdict.principal.name, ...(verdict.principal.budget ? { budget: verdict.principal.budget } : {}) };
    const tags = parseTags(req.headers['x-switchyard-tags']);
    const path = (req.url ?? '/').split('?')[0];
    if ('error' in tags) return sendOpenAIError(res, new HttpError(400, tags.error, 'invalid_request_error'));
    context.tags = tags.tags;
    return runWithRequestContext(context, () => dispatch(req, res, path));
  }

  /** Serves one authorized request (inside its request context). */
  async function dispatch(req: http.IncomingMessage, res: http.ServerResponse, path: string | undefined): Promise<void> {
    try {
      if (path === '/metrics' && req.method === 'GET') {
        const text = await runtime.telemetry.metrics();
        res.writeHead(200, { 'content-type': runtime.telemetry.contentType }).end(text);
        return;
      }
      if (path === '/mcp') return await mcp.handle(req, res);
      if (path === '/v1/models' && req.method === 'GET') return handleModels(res, runtime, req);
      if (path === '/v1/chat/completions') {
        if (req.method !== 'POST') throw new HttpError(405, 'use POST');
        return await handleChatCompletions(req, res, runtime, bodyLimit);
      }
      if (path === '/v1/responses') {
        if (req.method !== 'POST') throw new HttpError(405, 'use POST');
        return await handleResponses(req, res, runtime, bodyLimit);
      }
      if (path === '/v1/messages' || path === '/v1/messages/count_tokens') {
        if (req.method !== 'POST') throw new HttpError(405, 'use POST');
        return path === '/v1/messages' ? await handleMessages(req, res, runtime, bodyLimit) : await handleCountTokens(req, res, bodyLimit);
      }
      if (path === '/health' && req.method === 'GET') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true }));
        return;
      }
      throw new HttpError(404, `no route for ${req.method} ${path}; Switchyard serves /mcp, /v1/models, /v1/chat/completions, /v1/responses, /v1/messages, /v1/messages/count_tokens, /health and /metrics`, 'not_found');
    } catch (error) {
      sendOpenAIError(res, error);
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      void mcp.closeAll();
      const where = `${options.host}:${options.port}`;
      if (error.code === 'EADDRINUSE') reject(new SwitchyardError('config', `--http: ${where} is already in use (another switchyard serve?); choose another port, e.g. --http ${options.port === DEFAULT_HTTP_PORT ? DEFAULT_HTTP_PORT + 1 : DEFAULT_HTTP_PORT}`));
      else if (error.code === 'EACCES') reject(new SwitchyardError('config', `--http: not allowed to listen on ${where}; ports below 1024 need privileges, choose a higher one`));
      else if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND' || error.code === 'EAI_AGAIN') reject(new SwitchyardError('config', `--http: ${options.host} is not an address of this machine`));
      else reject(error);
    });
    server.listen(options.port, options.host, () => {
      server.removeAllListeners('error');
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const hostForUrl = options.host.includes(':') ? `[${options.host}]` : options.host;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${hostForUrl}:${port}`,
    port,
    close() {
      closing ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        const drain = inflight.size === 0 ? Promise.resolve() : new Promise<void>((resolve) => (drainedAll = resolve));
        const deadline = new Promise<void>((resolve) => setTimeout(resolve, options.drainMs ?? 30_000).unref());
        await Promise.race([drain, deadline]);
        // MCP sessions hold SSE streams open for as long as the client likes: end them so close() can finish.
        await mcp.closeAll();
        server.closeAllConnections();
        await closed;
      })();
      return closing;
    },
  };
}

const METRIC_ROUTES = new Set(['/mcp', '/v1/models', '/v1/chat/completions', '/v1/responses', '/v1/messages', '/v1/messages/count_tokens', '/health', '/metrics']);

/** The route label of a path: known routes as they are, anything else `other` (labels stay few). */
function metricRoute(path: string): string {
  return METRIC_ROUTES.has(path) ? path : 'other';
}

/** `[HOST:]PORT`, `HOST`, `:PORT` or nothing → host and port, loopback by default. */
export function parseListenAddress(value: string | undefined): { host: string; port: number } {
  if (value === undefined || value === '') return { host: DEFAULT_HTTP_HOST, port: DEFAULT_HTTP_PORT };
  const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(value);
  if (v6) return { host: v6[1] ?? DEFAULT_HTTP_HOST, port: portOf(v6[2], value) };
  if (/^\d+$/.test(value)) return { host: DEFAULT_HTTP_HOST, port: portOf(value, value) };
  const parts = value.split(':');
  if (parts.length > 2) throw new SwitchyardError('invalid_argument', `--http: "${value}" is not [HOST:]PORT (an IPv6 address goes in brackets: [::1]:3717)`);
  const [host, port] = parts;
  if (host && !isHostName(host)) throw new SwitchyardError('invalid_argument', `--http: "${value}" is not [HOST:]PORT: "${host}" is neither a port number nor an address (e.g. 3717, 127.0.0.1:3717, localhost:3717)`);
  return { host: host || DEFAULT_HTTP_HOST, port: port === undefined ? DEFAULT_HTTP_PORT : portOf(port, value) };
}

/** An IP address, `localhost`, or a dotted DNS name: a bare word like "abc" is a mistyped port, not a host. */
function isHostName(host: string): boolean {
  if (isIP(host) || host.toLowerCase() === 'localhost') return true;
  return /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{1,63}$/i.test(host);
}

function portOf(text: string | undefined, whole: string): number {
  const port = Number(text ?? DEFAULT_HTTP_PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new SwitchyardError('invalid_argument', `--http: "${whole}" is not [HOST:]PORT (port 0-65535)`);
  return port;
}
