// Builds dist/cli.js (Node ESM: the MCP server and CLI), and, once the extension exists, dist/extension.js
// (CommonJS, `vscode` external) and dist/webview.js (browser).
import { build } from 'esbuild';
import { existsSync, readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const common = {
  bundle: true,
  sourcemap: 'linked',
  legalComments: 'none',
  // jsonc-parser's "main" is a UMD build esbuild cannot follow; its ESM build is under "module".
  mainFields: ['module', 'main'],
  logLevel: 'warning',
  define: { __SWITCHYARD_VERSION__: JSON.stringify(pkg.version) },
};

const targets = [
  {
    ...common,
    entryPoints: { cli: 'server/cli.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'esm',
    // Dynamic imports (the tokenizer tables) become chunks loaded on first use, keeping start-up fast.
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    target: 'node20.18',
    // Bundled CommonJS dependencies call require(); give ESM output one.
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  },
];
if (existsSync('bench/index.ts')) {
  targets.push({ ...targets[0], entryPoints: { bench: 'bench/index.ts' }, outdir: 'dist/bench', sourcemap: false });
}
if (existsSync('extension/extension.ts')) {
  targets.push({ ...common, entryPoints: { extension: 'extension/extension.ts' }, outdir: 'dist', platform: 'node', format: 'cjs', target: 'node20.18', external: ['vscode'] });
}
if (existsSync('extension/sidebar/webview/main.ts')) {
  targets.push({ ...common, entryPoints: { webview: 'extension/sidebar/webview/main.ts' }, outdir: 'dist', platform: 'browser', format: 'iife', target: 'es2022' });
}

await Promise.all(targets.map((t) => build(t)));
