// Builds dist/cli.js (Node ESM: the MCP server and CLI), and, once the extension exists, dist/extension.js
// (CommonJS, `vscode` external) and dist/webview.js (browser).
import { build } from 'esbuild';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

// Chunk names carry content hashes: start from an empty dist/ so stale chunks never ship in the package or the .vsix.
rmSync('dist', { recursive: true, force: true });

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

/**
 * Start-up and memory of dist/cli.js (see bench/RESULTS.md):
 * - dist/cli.js is a small entry that turns on Node's compile cache where there is one (Node ≥ 22.1; a no-op on
 *   Node 20) and then imports the CLI, which becomes a chunk: the cache then covers the CLI's megabytes of code.
 * - The bundled catalog (~0.8 MB of JSON) becomes a string parsed on first use instead of a JavaScript object
 *   literal compiled at start-up: `initialize` is answered before any catalog exists.
 * - The tokenizer tables (arrays of 200k and 100k strings) likewise become JSON strings: JSON.parse builds the arrays
 *   with a fraction of the transient memory the JavaScript parser needs for the same literals.
 */
function catalogAsString(b) {
  b.onLoad({ filter: /catalog\.data\.json$/ }, (args) => {
    const data = JSON.parse(readFileSync(args.path, 'utf8'));
    const getters = Object.keys(data).map((k) => `get ${JSON.stringify(k)}() { return parsed()[${JSON.stringify(k)}]; }`);
    return { contents: `let value;\nconst parsed = () => (value ??= JSON.parse(${JSON.stringify(JSON.stringify(data))}));\nexport default { ${getters.join(', ')} };\n`, loader: 'js' };
  });
}

const cliStartup = {
  name: 'switchyard-cli-startup',
  setup(b) {
    b.onResolve({ filter: /^switchyard:cli-entry$/ }, () => ({ path: 'cli-entry', namespace: 'switchyard' }));
    b.onLoad({ filter: /.*/, namespace: 'switchyard' }, () => ({
      contents: "#!/usr/bin/env node\nimport module from 'node:module';\ntry { module.enableCompileCache?.(); } catch {}\nawait import('./server/cli.ts');\n",
      resolveDir: process.cwd(),
      loader: 'js',
    }));
    catalogAsString(b);
    b.onLoad({ filter: /gpt-tokenizer[\\/]esm[\\/]bpeRanks[\\/](o200k_base|cl100k_base)\.js$/ }, async (args) => {
      const { default: ranks } = await import(pathToFileURL(args.path).href);
      return { contents: `export default JSON.parse(${JSON.stringify(JSON.stringify(ranks))});\n`, loader: 'js' };
    });
  },
};

const targets = [
  {
    ...common,
    entryPoints: { cli: 'switchyard:cli-entry' },
    plugins: [cliStartup],
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
  // `npm run bench` runs dist/bench.js: a stub (written below) importing dist/bench/bench.js, so the benchmark's
  // chunks stay in dist/bench/ apart from the CLI's. bench/upstream.ts is the HTTP benchmarks' upstream process.
  const entryPoints = { bench: 'bench/index.ts', ...(existsSync('bench/upstream.ts') ? { upstream: 'bench/upstream.ts' } : {}) };
  targets.push({ ...targets[0], entryPoints, outdir: 'dist/bench', sourcemap: false });
}
if (existsSync('extension/extension.ts')) {
  // The VS Code extension. `.cjs`: the package is "type": "module", and VS Code loads an extension's main with
  // require(). Two things are not bundled again: the tokenizer tables (megabytes) are imported at run time from
  // the CLI's chunks (see `tokenizerAliases` below), and undici is a stub, since the extension never calls a
  // provider itself (model calls run in dist/cli.js).
  const extensionPlugin = {
    name: 'switchyard-extension',
    setup(b) {
      // The catalog (a megabyte of JSON) is not in the bundle: dist/catalog.json, read and parsed on first use, so
      // activation neither reads nor compiles it.
      b.onLoad({ filter: /catalog\.data\.json$/ }, (args) => {
        const text = readFileSync(args.path, 'utf8');
        mkdirSync('dist', { recursive: true });
        writeFileSync('dist/catalog.json', JSON.stringify(JSON.parse(text)));
        const getters = Object.keys(JSON.parse(text)).map((k) => `get ${JSON.stringify(k)}() { return parsed()[${JSON.stringify(k)}]; }`);
        return {
          contents: `import { readFileSync } from 'node:fs';\nimport { join } from 'node:path';\nlet value;\nconst parsed = () => (value ??= JSON.parse(readFileSync(join(__dirname, 'catalog.json'), 'utf8')));\nexport default { ${getters.join(', ')} };\n`,
          loader: 'js',
        };
      });
      b.onResolve({ filter: /^gpt-tokenizer\/encoding\/(o200k|cl100k)_base$/ }, (a) => ({ path: `./chunks/${a.path.split('/').pop()}.js`, external: true }));
      b.onResolve({ filter: /^undici$/ }, () => ({ path: 'undici', namespace: 'stub' }));
      b.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({
        contents: "const no = () => { throw new Error('undici is not bundled into the VS Code extension; model calls run in dist/cli.js'); }; export class Agent { constructor() { no(); } } export const request = no;",
        loader: 'js',
      }));
    },
  };
  targets.push({ ...common, entryPoints: { extension: 'extension/extension.ts' }, outdir: 'dist', outExtension: { '.js': '.cjs' }, platform: 'node', format: 'cjs', target: 'node20.18', external: ['vscode'], minify: true, plugins: [extensionPlugin],
    // zod probes `navigator`, which VS Code's extension host turns into a logged PendingMigrationError.
    define: { ...common.define, navigator: 'undefined' } });
}
if (existsSync('extension/sidebar/webview/main.ts')) {
  targets.push({ ...common, entryPoints: { webview: 'extension/sidebar/webview/main.ts' }, outdir: 'dist', platform: 'browser', format: 'iife', target: 'es2022', minify: true });
}

const results = await Promise.all(targets.map((t) => build({ ...t, metafile: t === targets[0] })));

/**
 * Stable names for the CLI's tokenizer chunks (`dist/chunks/o200k_base.js` re-exporting the hashed file), so the
 * extension can import the same tables at run time instead of bundling a second copy.
 */
function tokenizerAliases(metafile) {
  for (const [file, output] of Object.entries(metafile?.outputs ?? {})) {
    const table = /gpt-tokenizer\/esm\/encoding\/(o200k_base|cl100k_base)\.js$/.exec(output.entryPoint ?? '')?.[1];
    if (table) writeFileSync(`dist/chunks/${table}.js`, `export * from './${file.split('/').pop()}';\n`);
  }
}
tokenizerAliases(results[0]?.metafile);
if (existsSync('bench/index.ts')) writeFileSync('dist/bench.js', "// Built by esbuild.config.mjs: the benchmarks live in dist/bench/.\nimport './bench/bench.js';\n");
