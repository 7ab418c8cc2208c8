import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { createSwitchyardServer } from '../mcp/server.js';
import type { Command } from './command.js';
import { loadRuntime, WORKSPACE_HELP, workspaceOption } from './runtime.js';

export const serveCommand: Command = {
  name: 'serve',
  summary: 'Run the MCP server on standard input/output (for VS Code, Claude, Cursor and other MCP clients).',
  usage: 'switchyard serve [--workspace DIR]',
  optionHelp: [WORKSPACE_HELP],
  options: { ...workspaceOption },
  async run({ values }) {
    const runtime = await loadRuntime(values, { watch: true });
    const server = createSwitchyardServer(runtime);
    const transport = new StdioServerTransport();
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
