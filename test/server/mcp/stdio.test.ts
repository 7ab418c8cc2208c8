import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { makeSandbox, type Sandbox } from '../../helpers/mcp-harness.js';

const CLI = path.resolve('dist/cli.js');

/** The built server, spawned like an MCP client would, in an empty folder with an empty home. */
describe('switchyard serve over stdio', () => {
  let sandbox: Sandbox;
  let client: Client;
  let stderr = '';
  beforeAll(async () => {
    sandbox = makeSandbox();
    const transport = new StdioClientTransport({ command: process.execPath, args: [CLI, 'serve'], cwd: sandbox.workspace, env: sandbox.env as Record<string, string>, stderr: 'pipe' });
    transport.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    client = new Client({ name: 'stdio-test', version: '1.0.0' });
    await client.connect(transport);
  });
  afterAll(async () => {
    await client?.close();
    sandbox.remove();
  });

  it('answers initialize with its name and lists the tools', async () => {
    expect(client.getServerVersion()?.name).toBe('switchyard');
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(['chat', 'estimate_cost', 'list_models', 'route', 'spend']);
  });

  it('routes a prompt and survives bad input', async () => {
    const bad = (await client.callTool({ name: 'route', arguments: { prompt: '' } })) as CallToolResult;
    expect(bad.isError).toBe(true);
    const worse = (await client.callTool({ name: 'route', arguments: { prompt: ['not', 'a', 'string'] } })) as CallToolResult;
    expect(worse.isError).toBe(true);
    const ok = (await client.callTool({ name: 'route', arguments: { prompt: 'Prove that the square root of 2 is irrational.' } })) as CallToolResult;
    expect(ok.isError).toBeFalsy();
    expect((ok.structuredContent as { task: string }).task).toBe('math');
    expect(stderr).toBe('');
  });
});
