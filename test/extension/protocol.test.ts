import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_PROMPT_CHARS, parseHostMessage, parseWebviewMessage, type SidebarState } from '../../extension/sidebar/protocol.js';

const STATE: SidebarState = {
  folder: 'demo',
  fileExists: true,
  trusted: true,
  active: 'balanced',
  policies: [{ name: 'balanced', source: 'built-in', active: true, description: 'Good quality', priorities: { costPriority: 0.5, speedPriority: 0.2, intelligencePriority: 0.7 } }],
  warnings: [],
  keys: [{ provider: 'openai', label: 'OpenAI', envVar: 'OPENAI_API_KEY', source: 'secret' }],
  spend: { status: 'ok', today: 0.42, month: 3.1, daily: 5, byDay: [{ day: '2026-12-01', cost: 0.42 }], byModel: [{ model: 'openai/gpt-4o', cost: 0.42 }] },
  prompt: '',
};

describe('messages from the page', () => {
  it('accepts each well-formed message', () => {
    const good = [
      { type: 'ready' },
      { type: 'selectPolicy', name: 'cheapest' },
      { type: 'setPriority', policy: 'team', key: 'costPriority', value: 0.35 },
      { type: 'preview', requestId: 3, prompt: 'Write a haiku' },
      { type: 'setKey', provider: 'openai' },
      { type: 'clearKey', provider: 'together_ai' },
      { type: 'openPolicyFile' },
      { type: 'refreshSpend' },
    ];
    for (const m of good) expect(parseWebviewMessage(m)).toEqual({ ok: true, message: m });
  });

  it('rejects bad ones with the field that is wrong', () => {
    const bad: [unknown, RegExp][] = [
      [null, /message/],
      ['ready', /message/],
      [{ type: 'deleteEverything' }, /type/],
      [{ type: 'selectPolicy' }, /name/],
      [{ type: 'selectPolicy', name: '' }, /name/],
      [{ type: 'setPriority', policy: 'team', key: 'costPriority', value: 1.01 }, /value/],
      [{ type: 'setPriority', policy: 'team', key: 'costPriority', value: -0.1 }, /value/],
      [{ type: 'setPriority', policy: 'team', key: 'price', value: 0.5 }, /key/],
      [{ type: 'setPriority', policy: 'team', key: 'costPriority', value: '0.5' }, /value/],
      [{ type: 'preview', requestId: -1, prompt: 'x' }, /requestId/],
      [{ type: 'preview', requestId: 1.5, prompt: 'x' }, /requestId/],
      [{ type: 'preview', requestId: 1, prompt: 'x'.repeat(MAX_PROMPT_CHARS + 1) }, /prompt/],
      [{ type: 'setKey', provider: '../../etc/passwd' }, /provider/],
      [{ type: 'setKey', provider: 'OpenAI' }, /provider/],
      [{ type: 'ready', extra: true }, /message|extra/],
    ];
    for (const [raw, where] of bad) {
      const out = parseWebviewMessage(raw);
      expect(out.ok, JSON.stringify(raw)?.slice(0, 80)).toBe(false);
      if (!out.ok) expect(out.error).toMatch(where);
    }
  });

  it('a page can never hand the extension a key: setKey has no field for one', () => {
    expect(parseWebviewMessage({ type: 'setKey', provider: 'openai', key: 'sk-live-0123456789' }).ok).toBe(false);
  });

  it('never throws on arbitrary input (fuzz)', () => {
    fc.assert(
      fc.property(fc.anything(), (raw) => {
        const out = parseWebviewMessage(raw);
        expect(typeof out.ok).toBe('boolean');
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.record({ type: fc.constantFrom('ready', 'selectPolicy', 'setPriority', 'preview', 'setKey'), name: fc.anything(), value: fc.anything(), key: fc.anything(), requestId: fc.anything(), prompt: fc.anything(), provider: fc.anything() }, { requiredKeys: ['type'] }), (raw) => {
        parseWebviewMessage(raw);
        parseHostMessage(raw);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('messages to the page', () => {
  it('accepts the state, previews and notices', () => {
    expect(parseHostMessage({ type: 'state', state: STATE }).ok).toBe(true);
    expect(parseHostMessage({ type: 'state', state: { ...STATE, spend: { status: 'unavailable', reason: 'no ledger yet' } } }).ok).toBe(true);
    expect(parseHostMessage({ type: 'preview', requestId: 1, inputTokens: 12, outputTokens: 500, rows: [{ policy: 'cheapest', active: false, model: 'meta-llama/llama-3.1-8b-instruct', provider: 'groq', cost: 0.0001, task: 'coding', alternatives: [{ model: 'x/y', provider: 'openrouter', cost: 0.0002 }] }] }).ok).toBe(true);
    expect(parseHostMessage({ type: 'preview', requestId: 2, rows: [{ policy: 'local-only', active: false, alternatives: [], error: 'no model passes the filters' }] }).ok).toBe(true);
    expect(parseHostMessage({ type: 'notice', level: 'error', message: 'x' }).ok).toBe(true);
  });

  it('rejects a key value anywhere in the state (strict objects)', () => {
    const withValue = { ...STATE, keys: [{ ...STATE.keys[0], value: 'sk-live-0123456789' }] };
    expect(parseHostMessage({ type: 'state', state: withValue }).ok).toBe(false);
    expect(parseHostMessage({ type: 'state', state: { ...STATE, apiKeys: { openai: 'sk' } } }).ok).toBe(false);
    expect(parseHostMessage({ type: 'state', state: { ...STATE, keys: [{ ...STATE.keys[0], source: 'sk-live-0123' }] } }).ok).toBe(false);
  });

  it('rejects malformed numbers and unknown kinds', () => {
    expect(parseHostMessage({ type: 'state', state: { ...STATE, spend: { status: 'ok', today: -1, month: 0 } } }).ok).toBe(false);
    expect(parseHostMessage({ type: 'preview', requestId: 1, rows: [{ policy: 'a', active: false, alternatives: [], cost: Number.NaN }] }).ok).toBe(false);
    expect(parseHostMessage({ type: 'eval', code: 'alert(1)' }).ok).toBe(false);
  });
});
