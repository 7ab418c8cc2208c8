import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ResourceUpdatedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { connect, makeSandbox, type Connected, type Sandbox } from '../../helpers/mcp-harness.js';

let sandbox: Sandbox;
let mcp: Connected;
beforeAll(async () => {
  sandbox = makeSandbox();
  sandbox.writeWorkspacePolicy('{ "policies": { "team": { "extends": "best" } } }');
  mcp = await connect(sandbox, { watch: true });
});
afterAll(async () => {
  await mcp.close();
  sandbox.remove();
});

describe('prompts', () => {
  it('lists prompts and fills pick-model', async () => {
    const { prompts } = await mcp.client.listPrompts();
    expect(prompts.map((p) => p.name)).toEqual(['pick-model', 'cost-check', 'spend-review']);
    const got = await mcp.client.getPrompt({ name: 'pick-model', arguments: { task: 'translate a contract', policy: 'team' } });
    const text = (got.messages[0]?.content as { text: string }).text;
    expect(text).toContain('with policy "team"');
    expect(text).toContain('translate a contract');
  });

  it('completes policy names, the workspace’s included', async () => {
    const result = await mcp.client.complete({ ref: { type: 'ref/prompt', name: 'pick-model' }, argument: { name: 'policy', value: 't' } });
    expect(result.completion.values).toEqual(['team']);
    const all = await mcp.client.complete({ ref: { type: 'ref/prompt', name: 'pick-model' }, argument: { name: 'policy', value: '' } });
    expect(all.completion.values).toEqual(expect.arrayContaining(['active', 'cheapest', 'balanced', 'best', 'fastest', 'local-only', 'team']));
  });
});

describe('resource subscriptions', () => {
  it('tells a subscriber when the policy file changes', async () => {
    const updated = new Promise<string>((resolve) => {
      mcp.client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => resolve(n.params.uri));
    });
    await mcp.client.subscribeResource({ uri: 'switchyard://policy/active' });
    sandbox.writeWorkspacePolicy('{ "active": "team", "policies": { "team": { "extends": "best" } } }');
    expect(await updated).toBe('switchyard://policy/active');
    const res = await mcp.client.readResource({ uri: 'switchyard://policy/active' });
    expect(JSON.parse((res.contents[0] as { text: string }).text).active).toBe('team');
  });
});
