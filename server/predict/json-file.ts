/**
 * Files the user hands Switchyard (outcome files, predictor weights): read with errors that name the file; JSON
 * parsed with the line and column where the parser says; schema problems named by their JSON path.
 */
import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { formatPath } from '../../shared/policy/parse.js';

/** `:line:column` of a JSON syntax error, when the parser says where (Node 20: "at position N"). */
function jsonErrorPlace(text: string, error: unknown): string {
  const at = /position (\d+)/.exec(error instanceof Error ? error.message : '');
  if (!at) return '';
  const before = text.slice(0, Number(at[1]));
  const line = before.split('\n').length;
  return `:${line}:${before.length - before.lastIndexOf('\n')}`;
}

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`${file}${jsonErrorPlace(text, error)}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
}

export function readTextFile(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
}

export function readJsonFile(file: string): unknown {
  return parseJson(readTextFile(file), file);
}

/** Each schema problem as `path: message` (`(top level)` for the root). */
export function schemaProblems(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.map((i) => `${formatPath(i.path as (string | number)[]) || '(top level)'}: ${i.message}`);
}
