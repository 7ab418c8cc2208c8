import fc from 'fast-check';
import { createScanner } from 'jsonc-parser';
import { describe, expect, it } from 'vitest';
import { BUILTIN_POLICIES } from '../../shared/policy/builtins.js';
import { parsePolicyText } from '../../shared/policy/parse.js';
import { resolvePolicies } from '../../shared/policy/resolve.js';
import {
  detectFormatting,
  firstSyntaxError,
  minimalReplacement,
  newPolicyFileText,
  PolicyEditError,
  setActivePolicy,
  setPolicyPriority,
} from '../../extension/policy-file.js';

const FILE = '.switchyard.json';

const COMMENTED = `// Team routing policy — reviewed by platform
{
  /* which policy requests use */
  "active": "balanced", // change with the sidebar
  "policies": {
    // the team's own
    "team": {
      "extends": "balanced",
      "preferences": { "costPriority": 0.4, "hints": ["claude"] }
    }
  },
  "budget": { "daily": 5 } // USD
}
`;

function parsed(text: string) {
  const out = parsePolicyText(text, FILE, 'workspace');
  if (!out.ok) throw new Error(out.errors.join('\n'));
  return out.value;
}

// jsonc-parser's SyntaxKind is a const enum, which verbatimModuleSyntax cannot import: its values, spelled out.
const LINE_COMMENT = 12;
const BLOCK_COMMENT = 13;
const EOF = 17;

/** The file's real comments, found by the JSONC scanner (so `//` inside a string value is not one). */
function comments(text: string): string[] {
  const scanner = createScanner(text, false);
  const out: string[] = [];
  for (let kind: number = scanner.scan(); kind !== EOF; kind = scanner.scan()) {
    if (kind === LINE_COMMENT || kind === BLOCK_COMMENT) out.push(scanner.getTokenValue());
  }
  return out;
}

describe('setActivePolicy', () => {
  it('changes only the value of "active" and keeps every comment and line', () => {
    const out = setActivePolicy(COMMENTED, 'cheapest');
    expect(parsed(out).active).toBe('cheapest');
    expect(comments(out)).toEqual(comments(COMMENTED));
    expect(out).toBe(COMMENTED.replace('"active": "balanced"', '"active": "cheapest"'));
  });

  it('adds "active" to a file without one, in the file’s own indentation and line endings', () => {
    const text = '{\r\n\t// mine\r\n\t"budget": { "daily": 1 }\r\n}\r\n';
    const out = setActivePolicy(text, 'best');
    expect(parsed(out).active).toBe('best');
    expect(out).toContain('\t// mine\r\n');
    expect(out).not.toMatch(/[^\r]\n/);
    expect(out).toMatch(/\r\n\t"active": "best"/);
  });

  it('creates a commented file from nothing', () => {
    for (const empty of ['', '  \n']) {
      const out = setActivePolicy(empty, 'fastest');
      expect(parsed(out).active).toBe('fastest');
      expect(out.startsWith('// Switchyard routing policy')).toBe(true);
      expect(comments(out).length).toBeGreaterThanOrEqual(3);
    }
  });

  it('keeps a file that holds only comments and adds the object after them', () => {
    const out = setActivePolicy('// just a note\n', 'cheapest');
    expect(out.startsWith('// just a note\n')).toBe(true);
    expect(parsed(out).active).toBe('cheapest');
  });

  it('refuses to rewrite a file it cannot parse, saying where', () => {
    const broken = '{\n  "active": "balanced"\n  "budget": {}\n}';
    expect(() => setActivePolicy(broken, 'cheapest')).toThrow(PolicyEditError);
    expect(() => setActivePolicy(broken, 'cheapest')).toThrow(/\.switchyard\.json:3:3 CommaExpected/);
    expect(() => setActivePolicy('[1, 2]', 'cheapest')).toThrow(/top level must be a JSON object/);
    expect(() => setActivePolicy('{}', ' ')).toThrow(/cannot be empty/);
  });

  it('keeps comments for any policy name and any commented file (property)', () => {
    const comment = fc.stringMatching(/^[a-z0-9 ,.'-]{0,30}$/).map((s) => `// ${s}`);
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim() !== ''), fc.array(comment, { maxLength: 4 }), fc.boolean(), (name, notes, hasActive) => {
        const body = notes.map((c) => `  ${c}\n`).join('');
        const text = `${notes[0] ?? ''}\n{\n${body}${hasActive ? '  "active": "balanced",\n' : ''}  "budget": { "daily": 2 }\n}\n`;
        const out = setActivePolicy(text, name);
        expect(parsed(out).active).toBe(name);
        expect(parsed(out).budget).toEqual({ daily: 2 });
        expect(comments(out)).toEqual(comments(text));
      }),
      { numRuns: 200 },
    );
  });
});

describe('setPolicyPriority', () => {
  it('changes one key of a policy the file defines, nothing else', () => {
    const out = setPolicyPriority(COMMENTED, 'team', 'costPriority', 0.8);
    expect(out).toBe(COMMENTED.replace('"costPriority": 0.4', '"costPriority": 0.8'));
    const added = setPolicyPriority(COMMENTED, 'team', 'speedPriority', 0.25);
    expect(parsed(added).policies?.team?.preferences).toEqual({ costPriority: 0.4, hints: ['claude'], speedPriority: 0.25 });
    expect(comments(added)).toEqual(comments(COMMENTED));
  });

  it('copies a built-in into the file before tuning it, so only the tuned value changes', () => {
    for (const name of ['cheapest', 'local-only']) {
      const before = resolvePolicies([{ source: 'workspace', content: parsed(COMMENTED) }]).resolve(name);
      const out = setPolicyPriority(COMMENTED, name, 'intelligencePriority', 0.5, BUILTIN_POLICIES[name]);
      const after = resolvePolicies([{ source: 'workspace', content: parsed(out) }]).resolve(name);
      expect(after.priorities).toEqual({ ...before.priorities, intelligencePriority: 0.5 });
      expect(after.localOnly).toBe(before.localOnly);
      expect(after.source).toBe('workspace');
      expect(comments(out)).toEqual(comments(COMMENTED));
    }
  });

  it('rounds to two decimals and rejects values outside 0..1', () => {
    const out = setPolicyPriority(COMMENTED, 'team', 'costPriority', 0.333333);
    expect(parsed(out).policies?.team?.preferences?.costPriority).toBe(0.33);
    expect(() => setPolicyPriority(COMMENTED, 'team', 'costPriority', 1.5)).toThrow(/0 to 1/);
    expect(() => setPolicyPriority(COMMENTED, 'team', 'costPriority', Number.NaN)).toThrow(/0 to 1/);
    // @ts-expect-error an unknown key from a bad message
    expect(() => setPolicyPriority(COMMENTED, 'team', 'price', 0.5)).toThrow(/unknown priority/);
  });

  it('creates the file when there is none', () => {
    const out = setPolicyPriority('', 'balanced', 'speedPriority', 0.9, BUILTIN_POLICIES.balanced);
    const file = parsed(out);
    expect(file.active).toBe('balanced');
    expect(file.policies?.balanced?.preferences).toMatchObject({ costPriority: 0.5, speedPriority: 0.9, intelligencePriority: 0.7 });
  });
});

describe('helpers', () => {
  it('newPolicyFileText is a valid, commented policy file', () => {
    const text = newPolicyFileText('best');
    expect(parsed(text)).toEqual({ active: 'best' });
    expect(firstSyntaxError(text)).toBeUndefined();
  });

  it('detectFormatting follows the file', () => {
    expect(detectFormatting('{\n    "a": 1\n}')).toMatchObject({ insertSpaces: true, tabSize: 4, eol: '\n' });
    expect(detectFormatting('{\r\n\t"a": 1\r\n}')).toMatchObject({ insertSpaces: false, eol: '\r\n' });
  });

  it('minimalReplacement turns before into after with one small edit (property)', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (before, after) => {
        const { start, end, text } = minimalReplacement(before, after);
        expect(before.slice(0, start) + text + before.slice(end)).toBe(after);
        expect(start).toBeLessThanOrEqual(end);
      }),
    );
    expect(minimalReplacement('{"active": "a"}', '{"active": "bb"}')).toEqual({ start: 12, end: 13, text: 'bb' });
  });
});
