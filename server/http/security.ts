import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Budget } from '../../shared/policy/schema.js';

/** A bearer token that names who sends the request (a user or a team), with that name's budget. */
export interface NamedToken {
  name: string;
  token: string;
  budget?: Budget;
}

export interface SecurityOptions {
  /** Required on every request when set: `Authorization: Bearer <token>`. */
  token?: string;
  /** Named tokens from the user config (`http.tokens`); any of them, or `token`, is then required. */
  namedTokens?: () => readonly NamedToken[];
  /** Extra browser origins allowed besides loopback ones, e.g. `https://app.example.com`. */
  allowedOrigins: string[];
  /** Host header values accepted (DNS-rebinding protection); empty means any. */
  allowedHosts: string[];
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_HOSTS.has(host.toLowerCase()) || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** The host part of a Host header or origin, lowercased, without port. */
export function hostname(hostHeader: string): string {
  const h = hostHeader.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(0, h.indexOf(']') + 1);
  return h.split(':')[0] ?? h;
}

export type Verdict = { ok: true; principal?: NamedToken } | { ok: false; status: 401 | 403; message: string };

/**
 * The MCP transport security checks, on every request: the Origin must be a loopback page or one the operator
 * allowed (browsers cannot then drive the server from a foreign site: DNS rebinding), the Host must be one the
 * server answers to, and the bearer token must match (compared in constant time).
 */
export function checkRequest(req: IncomingMessage, options: SecurityOptions): Verdict {
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== 'null') {
    let allowed = options.allowedOrigins.includes(origin);
    if (!allowed) {
      try {
        allowed = isLoopbackHost(new URL(origin).hostname);
      } catch {
        allowed = false;
      }
    }
    if (!allowed) return { ok: false, status: 403, message: `origin ${origin} is not allowed (add it with --allow-origin)` };
  } else if (origin === 'null') {
    return { ok: false, status: 403, message: 'opaque origin "null" is not allowed' };
  }
  if (options.allowedHosts.length > 0) {
    const host = req.headers.host;
    if (!host || !options.allowedHosts.includes(hostname(host))) return { ok: false, status: 403, message: `host ${host ?? '(none)'} is not served here` };
  }
  const named = options.namedTokens?.() ?? [];
  if (options.token !== undefined || named.length > 0) {
    const header = req.headers.authorization ?? '';
    const presented = header.startsWith('Bearer ') ? header.slice(7) : '';
    // Every token is compared (in constant time), so the time taken does not tell which one nearly matched.
    let principal: NamedToken | undefined;
    for (const t of named) if (tokensEqual(presented, t.token) && !principal) principal = t;
    const master = options.token !== undefined && tokensEqual(presented, options.token);
    if (principal) return { ok: true, principal };
    if (!master) return { ok: false, status: 401, message: 'missing or wrong bearer token' };
  }
  return { ok: true };
}

/** Constant-time comparison; hashing first makes the lengths equal and hides the token's length. */
export function tokensEqual(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb) && a.length === b.length;
}
