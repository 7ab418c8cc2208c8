#!/usr/bin/env node
// `npm run package`: a clean build, then `vsce package` → switchyard-mcp-<version>.vsix in the repo root.
//
// vsce refuses a package.json "files" field together with a .vscodeignore, and "files" is what npm publishes.
// So the .vsix is made from a staging folder holding a copy of the manifest without "files" (and without the
// npm-only scripts and dev fields), the built bundles, the schema, the icons and the README; .vscodeignore,
// an allowlist, decides what of that goes in. Everything is bundled, hence --no-dependencies.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MAX_BYTES = 5 * 1024 * 1024;
process.chdir(root);

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const out = path.join(root, `${pkg.name}-${pkg.version}.vsix`);

execFileSync(process.execPath, ['esbuild.config.mjs'], { stdio: 'inherit' });
for (const file of ['dist/cli.js', 'dist/extension.cjs', 'dist/webview.js', 'dist/catalog.json', 'dist/chunks/o200k_base.js']) {
  if (!existsSync(file)) throw new Error(`package: ${file} was not built`);
}

const stage = path.join(root, '.cache', 'vsix-stage');
rmSync(stage, { recursive: true, force: true });
mkdirSync(stage, { recursive: true });
const manifest = { ...pkg };
for (const key of ['files', 'scripts', 'devDependencies', 'allowScripts']) delete manifest[key];
writeFileSync(path.join(stage, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
const copy = ['.vscodeignore', 'README.md', 'schemas', 'media', 'LICENSE', 'LICENSE.md', 'CHANGELOG.md'];
for (const entry of copy) if (existsSync(entry)) cpSync(entry, path.join(stage, entry), { recursive: true });
// From dist/, only the bundles and the chunks they import (dist/ may hold older builds' hashed chunks).
for (const file of [...reachable(['dist/cli.js', 'dist/extension.cjs', 'dist/webview.js']), 'dist/catalog.json']) {
  mkdirSync(path.join(stage, path.dirname(file)), { recursive: true });
  cpSync(file, path.join(stage, file));
}

const vsce = path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
const args = [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--out', out];
if (!existsSync('LICENSE') && !existsSync('LICENSE.md')) args.push('--skip-license');
execFileSync(process.execPath, args, { cwd: stage, stdio: 'inherit' });

/**
 * The files these bundles load: the `./chunks/*.js` they import (statically or dynamically) and, inside chunks,
 * the sibling chunks those import. (Bundled code also holds such strings in comments and data, so only files
 * that exist in dist/chunks count.)
 */
function reachable(entries) {
  const seen = new Set();
  const queue = [...entries];
  while (queue.length > 0) {
    const file = path.normalize(queue.pop());
    if (seen.has(file)) continue;
    seen.add(file);
    const inChunks = path.dirname(file) === path.normalize('dist/chunks');
    const pattern = inChunks ? /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s*)["']\.\/([\w.-]+\.js)["']/g : /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s*)["']\.\/(chunks\/[\w.-]+\.js)["']/g;
    for (const m of readFileSync(file, 'utf8').matchAll(pattern)) {
      const target = path.join(path.dirname(file), m[1]);
      if (existsSync(target)) queue.push(target);
    }
  }
  return [...seen].sort();
}

const size = statSync(out).size;
const mb = (size / 1024 / 1024).toFixed(2);
console.log(`package: ${path.relative(root, out)} is ${mb} MB (${size.toLocaleString('en-US')} bytes; limit 5 MB)`);
if (size > MAX_BYTES) {
  console.error(`package: ${path.basename(out)} is over 5 MB: check .vscodeignore and the bundles`);
  process.exit(1);
}
