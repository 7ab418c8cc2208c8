/**
 * Runs the bundled CLI (`dist/cli.js`) with the editor's own Node: `chat` streams an answer, `spend` reports
 * money spent. No vscode import, so it can be tested with a stand-in script.
 */
import { spawn } from 'node:child_process';
import { z } from 'zod';

export interface CliOptions {
  /** The Node binary: the extension host's `process.execPath`. */
  node: string;
  /** Absolute path of `dist/cli.js`. */
  cli: string;
  /** Extra environment (keys from SecretStorage); null removes a variable. */
  env?: Record<string, string | null>;
  cwd?: string;
  signal?: AbortSignal;
  /** Kill the process after this many ms (default: none). */
  timeoutMs?: number;
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Ended by the signal or the timeout. */
  aborted: boolean;
}

/** The environment for a child: the host's, plus `extra`, with nulls removed; Electron's Node runs as plain Node. */
export function childEnvironment(base: NodeJS.ProcessEnv, extra: Record<string, string | null> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base, ELECTRON_RUN_AS_NODE: '1' };
  for (const [k, v] of Object.entries(extra)) {
    if (v === null) delete env[k];
    else env[k] = v;
  }
  return env;
}

export function runCli(args: string[], options: CliOptions & { onStdout?: (chunk: string) => void; onStderr?: (chunk: string) => void; stdin?: string }): Promise<CliResult> {
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    let aborted = false;
    let settled = false;
    const child = spawn(options.node, [options.cli, ...args], {
      cwd: options.cwd,
      env: childEnvironment(process.env, options.env),
      stdio: ['pipe', 'pipe', 'pipe'],
      windowsHide: true,
    });
    const kill = () => {
      aborted = true;
      child.kill('SIGTERM');
    };
    const timer = options.timeoutMs ? setTimeout(kill, options.timeoutMs) : undefined;
    options.signal?.addEventListener('abort', kill, { once: true });
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
      options.onStdout?.(chunk);
    });
    child.stderr.on('data', (chunk: string) => {
      stderr += chunk;
      options.onStderr?.(chunk);
    });
    child.stdin.on('error', () => {});
    child.stdin.end(options.stdin ?? '');
    const finish = (code: number | null, extra = '') => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', kill);
      resolve({ code, stdout, stderr: stderr + extra, aborted });
    };
    child.on('error', (error) => finish(null, `could not start ${options.node}: ${error.message}`));
    child.on('close', (code) => finish(code));
  });
}

/** `switchyard spend --json`: what the status bar and the sidebar show. Unknown extra fields are allowed. */
export const spendReportSchema = z.object({
  today: z.number().nonnegative(),
  month: z.number().nonnegative(),
  budgets: z
    .object({
      daily: z.number().nonnegative().optional(),
      monthly: z.number().nonnegative().optional(),
      remainingToday: z.number().optional(),
      remainingMonth: z.number().optional(),
    })
    .default({}),
  byModel: z.array(z.object({ model: z.string(), calls: z.number().int().nonnegative(), cost: z.number().nonnegative() })).default([]),
  /** This month's days with spend (the report's default period), newest first. */
  byDay: z.array(z.object({ day: z.string(), calls: z.number().int().nonnegative(), cost: z.number().nonnegative() })).default([]),
});
export type SpendReport = z.infer<typeof spendReportSchema>;

export type SpendResult = { ok: true; report: SpendReport } | { ok: false; reason: string };

/** Parse `spend --json` output; anything unexpected becomes a reason, never an exception. */
export function parseSpendOutput(result: CliResult): SpendResult {
  if (result.aborted) return { ok: false, reason: 'the spend report timed out' };
  if (result.code !== 0) {
    const line = result.stderr.trim().split('\n').filter(Boolean).pop() ?? `exit code ${String(result.code)}`;
    return { ok: false, reason: line.slice(0, 300) };
  }
  let json: unknown;
  try {
    json = JSON.parse(result.stdout);
  } catch {
    return { ok: false, reason: 'the spend report was not JSON' };
  }
  const parsed = spendReportSchema.safeParse(json);
  if (!parsed.success) return { ok: false, reason: `the spend report had an unexpected shape (${parsed.error.issues[0]?.path.join('.') ?? '?'})` };
  return { ok: true, report: parsed.data };
}

export async function fetchSpend(workspace: string, options: CliOptions): Promise<SpendResult> {
  const result = await runCli(['spend', '--json', '--workspace', workspace], { timeoutMs: 15_000, ...options });
  return parseSpendOutput(result);
}
