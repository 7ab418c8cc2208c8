import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { createSwitchyardServer } from '../../server/mcp/server.js';
import { createRuntime, type Runtime } from '../../server/runtime.js';

export interface Sandbox {
  root: string;
  workspace: string;
  env: NodeJS.ProcessEnv;
  userConfigFile: string;
  stateDir: string;
  writeWorkspacePolicy(text: string): void;
  writeUserConfig(value: unknown): void;
  remove(): void;
}

/** A throwaway home: workspace folder, XDG config and state folders, and an environment that points at them only. */
export function makeSandbox(extraEnv: NodeJS.ProcessEnv = {}): Sandbox {
  const root = mkdtempSync(path.join(os.tmpdir(), 'switchyard-test-'));
  const workspace = path.join(root, 'workspace');
  const config = path.join(root, 'config');
  const state = path.join(root, 'state');
  for (const dir of [workspace, path.join(config, 'switchyard'), state]) mkdirSync(dir, { recursive: true });
  // SWITCHYARD_OFFLINE: no test reaches the internet (a spawned server would otherwise fetch live prices).
  const env: NodeJS.ProcessEnv = { HOME: root, XDG_CONFIG_HOME: config, XDG_STATE_HOME: state, XDG_CACHE_HOME: path.join(root, 'cache'), PATH: process.env.PATH, SWITCHYARD_OFFLINE: '1', ...extraEnv };
  const userConfigFile = path.join(config, 'switchyard', 'config.json');
  return {
    root,
    workspace,
    env,
    userConfigFile,
    stateDir: path.join(state, 'switchyard'),
    writeWorkspacePolicy: (text) => writeFileSync(path.join(workspace, '.switchyard.json'), text),
    writeUserConfig: (value) => writeFileSync(userConfigFile, JSON.stringify(value, null, 2)),
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}

export interface Connected {
  client: Client;
  runtime: Runtime;
  call(name: string, args: Record<string, unknown>): Promise<CallToolResult>;
  close(): Promise<void>;
}

/** The real server over the SDK's in-memory transport, with a real SDK client. */
export async function connect(sandbox: Sandbox, options: { clientCapabilities?: Record<string, unknown>; watch?: boolean } = {}): Promise<Connected> {
  const runtime = await createRuntime({ workspace: sandbox.workspace, env: sandbox.env, watch: options.watch ?? false, timeouts: { connectMs: 2000, headersMs: 2000, completeMs: 5000, bodyMs: 2000 } });
  const server = createSwitchyardServer(runtime);
  const client = new Client({ name: 'switchyard-test', version: '1.0.0' }, { capabilities: options.clientCapabilities ?? {} });
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  await Promise.all([server.connect(serverTransport), client.connect(clientTransport)]);
  return {
    client,
    runtime,
    call: (name, args) => client.callTool({ name, arguments: args }) as Promise<CallToolResult>,
    async close() {
      await client.close();
      await server.close();
      await runtime.close();
    },
  };
}

export function textOf(result: CallToolResult): string {
  return result.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');
}

export function structured<T = Record<string, unknown>>(result: CallToolResult): T {
  if (result.isError) throw new Error(`tool error: ${textOf(result)}`);
  return result.structuredContent as T;
}
