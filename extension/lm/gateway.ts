/**
 * The bundled HTTP gateway (`dist/cli.js serve --http 127.0.0.1:0 --token <random>`) as the language model
 * provider's back end: started on first use, on loopback, on a port the kernel picks, with a fresh bearer token
 * and the stored keys in its environment; stopped when idle or when keys or trust change (the next request starts
 * one with the new keys). The same routing, fallbacks, budgets and ledger as every other Switchyard surface, and
 * OpenAI's streaming wire for text, tool calls and images. No vscode import.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { childEnvironment } from '../cli-process.js';

/** The base URL from the serve command's start-up line on stderr. */
export function gatewayUrlFrom(stderr: string): string | undefined {
  return /OpenAI-compatible API at (http:\/\/\S+?)\/v1\b/.exec(stderr)?.[1];
}

export interface GatewayOptions {
  node: string;
  cli: string;
  workspace: string;
  /** The environment on top of the host's (keys; null removes a variable). */
  env: () => Record<string, string | null>;
  log?: (line: string) => void;
  startTimeoutMs?: number;
  /** Stop the process after this long without a request. */
  idleMs?: number;
}

export interface GatewayEndpoint {
  url: string;
  token: string;
}

export class Gateway {
  private child: ChildProcess | undefined;
  private starting: Promise<GatewayEndpoint> | undefined;
  private idle: NodeJS.Timeout | undefined;
  private active = 0;

  constructor(private readonly o: GatewayOptions) {}

  /** A running gateway (starting one if needed). Call `release()` when the request is done. */
  async acquire(): Promise<GatewayEndpoint> {
    this.active += 1;
    clearTimeout(this.idle);
    try {
      this.starting ??= this.start();
      return await this.starting;
    } catch (error) {
      this.release();
      throw error;
    }
  }

  release(): void {
    this.active = Math.max(0, this.active - 1);
    if (this.active > 0) return;
    clearTimeout(this.idle);
    this.idle = setTimeout(() => this.stop(), this.o.idleMs ?? 10 * 60_000);
    this.idle.unref?.();
  }

  /** Stop the process; the next `acquire()` starts a new one (with the keys of that moment). */
  stop(): void {
    clearTimeout(this.idle);
    const child = this.child;
    this.child = undefined;
    this.starting = undefined;
    if (child && child.exitCode === null) child.kill('SIGTERM');
  }

  dispose(): void {
    this.stop();
  }

  private start(): Promise<GatewayEndpoint> {
    const token = randomBytes(24).toString('base64url');
    const env = { ...this.o.env(), SWITCHYARD_TOKEN: token, SWITCHYARD_CLIENT: 'vscode-lm' };
    const child = spawn(this.o.node, [this.o.cli, 'serve', '--http', '127.0.0.1:0', '--workspace', this.o.workspace], {
      cwd: this.o.workspace,
      env: childEnvironment(process.env, env),
      stdio: ['ignore', 'ignore', 'pipe'],
      windowsHide: true,
    });
    this.child = child;
    return new Promise<GatewayEndpoint>((resolve, reject) => {
      let stderr = '';
      let done = false;
      const timer = setTimeout(() => fail(`the Switchyard gateway did not start within ${(this.o.startTimeoutMs ?? 20_000) / 1000} s`), this.o.startTimeoutMs ?? 20_000);
      const fail = (message: string) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        if (this.child === child) this.stop();
        reject(new Error(message));
      };
      child.stderr?.setEncoding('utf8');
      child.stderr?.on('data', (chunk: string) => {
        if (!done) stderr += chunk;
        for (const line of chunk.split('\n')) if (line.trim()) this.o.log?.(`gateway: ${line.trim()}`);
        const url = done ? undefined : gatewayUrlFrom(stderr);
        if (url) {
          done = true;
          clearTimeout(timer);
          resolve({ url, token });
        }
      });
      child.on('error', (error) => fail(`could not start the Switchyard gateway: ${error.message}`));
      child.on('exit', (code) => {
        if (this.child === child) {
          this.child = undefined;
          this.starting = undefined;
        }
        fail(`the Switchyard gateway exited (code ${String(code)}): ${stderr.trim().split('\n').pop() ?? ''}`);
      });
    });
  }
}
