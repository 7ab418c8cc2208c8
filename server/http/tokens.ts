import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { UserConfigFile } from '../../shared/policy/schema.js';
import type { NamedToken } from './security.js';

/**
 * The user config's `http.tokens`, with each token read from its environment variable or its file. A token is
 * never taken from a file inside the workspace (a repository could then hand itself a budget); one that cannot
 * be read is left out, with a warning.
 */
export function resolveNamedTokens(config: UserConfigFile, env: NodeJS.ProcessEnv, workspace: string, warn: (m: string) => void): NamedToken[] {
  const out: NamedToken[] = [];
  for (const t of config.http?.tokens ?? []) {
    let token: string | undefined;
    if (t.tokenEnv) token = env[t.tokenEnv]?.trim() || undefined;
    if (!token && t.tokenFile) {
      const file = path.resolve(t.tokenFile.startsWith('~/') ? path.join(env.HOME || os.homedir(), t.tokenFile.slice(2)) : t.tokenFile);
      const rel = path.relative(path.resolve(workspace), file);
      if (!path.isAbsolute(t.tokenFile) && !t.tokenFile.startsWith('~/')) warn(`http.tokens[${t.name}].tokenFile must be absolute or start with ~/; ignored`);
      else if (!rel.startsWith('..') && !path.isAbsolute(rel)) warn(`http.tokens[${t.name}].tokenFile ${t.tokenFile} is inside the workspace; tokens are only read from outside it`);
      else {
        try {
          token = fs.readFileSync(file, 'utf8').trim() || undefined;
        } catch (error) {
          warn(`http.tokens[${t.name}]: cannot read ${t.tokenFile}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
        }
      }
    }
    if (!token) {
      if (t.tokenEnv && !t.tokenFile) warn(`http.tokens[${t.name}]: ${t.tokenEnv} is not set; this token is not accepted`);
      continue;
    }
    if (token.length < 16) {
      warn(`http.tokens[${t.name}]: the token is shorter than 16 characters; not accepted`);
      continue;
    }
    out.push({ name: t.name, token, ...(t.budget ? { budget: t.budget } : {}) });
  }
  return out;
}
