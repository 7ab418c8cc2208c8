/** Spawning the built server for the process benchmarks: a throwaway home, no API keys, an SDK client over stdio. */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

export interface Sandbox {
  root: string;
  workspace: string;
  /** Only PATH and the sandbox's own home, config and state folders: no keys, no user config. */
  env: Record<string, string>;
  remove(): void;
}

export function makeSandbox(): Sandbox {
  const root = mkdtempSync(path.join(os.tmpdir(), 'switchyard-bench-'));
  const workspace = path.join(root, 'workspace');
  const config = path.join(root, 'config');
  const state = path.join(root, 'state');
  for (const dir of [workspace, config, state]) mkdirSync(dir, { recursive: true });
  return {
    root,
    workspace,
    env: { PATH: process.env.PATH ?? '', HOME: root, XDG_CONFIG_HOME: config, XDG_STATE_HOME: state, SWITCHYARD_OFFLINE: '1' },
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}

export interface ServerClient {
  client: Client;
  pid: number;
  call(name: string, args: Record<string, unknown>): Promise<CallToolResult>;
  close(): Promise<void>;
}

/** `node <cli> serve` in the sandbox, connected (initialize done). */
export async function startServer(cli: string, sandbox: Sandbox): Promise<ServerClient> {
  const transport = new StdioClientTransport({ command: process.execPath, args: [cli, 'serve'], cwd: sandbox.workspace, env: sandbox.env, stderr: 'pipe' });
  const client = new Client({ name: 'switchyard-bench', version: '1.0.0' });
  await client.connect(transport);
  const pid = transport.pid;
  if (pid === null) throw new Error('server process has no pid');
  return {
    client,
    pid,
    async call(name, args) {
      const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
      if (result.isError) throw new Error(`${name}: ${result.content.map((c) => (c.type === 'text' ? c.text : '')).join(' ')}`);
      return result;
    },
    close: () => client.close(),
  };
}

/** Rejects after `ms` unless `promise` settles first. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: no result within ${ms / 1000} s`)), ms);
    }),
  ]);
}
