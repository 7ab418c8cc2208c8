/**
 * End-to-end harness: the extension in a real VS Code (code-server, set up by scripts/setup-code-server.sh)
 * driven through Debian's Chromium by playwright-core.
 *
 *   const vscode = await launchVSCode({ vsix: 'switchyard.vsix', workspace: '/tmp/ws' });
 *   try {
 *     await vscode.runCommand('Switchyard: Show Routing');
 *     await vscode.waitForNotification(/routed/);
 *     const frame = await vscode.findWebviewFrame(async (f) => (await f.locator('body').innerText()).includes('Cost'));
 *     await vscode.screenshot('routing');
 *   } catch (error) {
 *     await vscode.collectLogs('routing');      // code-server, VS Code and browser logs into test/e2e/artifacts/
 *     throw error;
 *   } finally {
 *     await vscode.close();
 *   }
 *
 * or `await withVSCode(options, async (vscode) => { ... })`, which does the same.
 *
 * Everything binds 127.0.0.1, lives in a fresh temporary folder (user data, extensions, code-server's XDG
 * folders) and stops by itself: close() kills code-server's whole process group, and code-server also runs
 * with --idle-timeout-seconds so that it exits on its own if the test process dies without closing it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { appendFile, cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type ConsoleMessage, type Frame, type Locator, type Page } from 'playwright-core';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Where screenshots and collected logs go (git-ignored). */
export const artifactsDir = path.join(repoRoot, 'test/e2e/artifacts');

/** Flags for Debian's Chromium on a machine with no network but the loopback (see docs of the machine). */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** User settings that make VS Code start quietly: no trust prompt, welcome page, walkthroughs, chat, tips. */
export const quietSettings: Readonly<Record<string, unknown>> = {
  'security.workspace.trust.enabled': false,
  'security.workspace.trust.startupPrompt': 'never',
  'security.workspace.trust.banner': 'never',
  'telemetry.telemetryLevel': 'off',
  'telemetry.feedback.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.startupEditor': 'none',
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.tips.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.settings.enableNaturalLanguageSearch': false,
  'update.mode': 'none',
  'update.showReleaseNotes': false,
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'git.enabled': false,
  'git.autoRepositoryDetection': false,
  'git.openRepositoryInParentFolders': 'never',
  'github.gitAuthentication': false,
  'npm.autoDetect': 'off',
  'json.schemaDownload.enable': false,
  'remote.autoForwardPorts': false,
  'terminal.integrated.enablePersistentSessions': false,
  'files.autoSave': 'off',
  'editor.accessibilitySupport': 'off',
  'chat.commandCenter.enabled': false,
  'chat.setupFromDialog': false,
  'window.restoreWindows': 'none',
};

export interface LaunchOptions {
  /** Folder that VS Code opens (must exist). */
  workspace: string;
  /** .vsix file(s) installed with code-server's --install-extension into a fresh extensions folder. */
  vsix?: string | readonly string[];
  /** Settings merged over {@link quietSettings}. */
  settings?: Record<string, unknown>;
  /** Folder made by scripts/setup-code-server.sh. Default: $CODE_SERVER_DIR or <repo>/.code-server. */
  codeServerDir?: string;
  /** Default: $CHROMIUM_PATH or /usr/bin/chromium. */
  chromiumPath?: string;
  /** Extra environment for code-server, and so for the extension host and what it spawns. */
  env?: Record<string, string>;
  /** Used to name artifacts. Default: 'vscode'. */
  name?: string;
  /** Limit for the whole start (install, server, browser, workbench). Default: 120 s. */
  startTimeoutMs?: number;
  /** Default timeout of the page's actions (click, waitFor...). Default: 30 s. */
  actionTimeoutMs?: number;
  /** Default: 1400 x 900. */
  viewport?: { width: number; height: number };
  /** Keep the temporary folder after close() (its path is in `tempDir`). Default: $E2E_KEEP_TEMP === '1'. */
  keepTemp?: boolean;
  /** Shut code-server down after this long without a connected client (> 60). Default: 120. */
  idleTimeoutSeconds?: number;
}

export interface VSCodeSession {
  readonly page: Page;
  readonly browser: Browser;
  /** http://127.0.0.1:PORT/?folder=... */
  readonly url: string;
  readonly port: number;
  readonly tempDir: string;
  readonly userDataDir: string;
  readonly extensionsDir: string;
  /** Opens the command palette (F1), types `title`, waits until the focused entry is that command, Enter. */
  runCommand(title: string, options?: { timeoutMs?: number }): Promise<void>;
  /** Saves a PNG of the page into test/e2e/artifacts/ and returns its path. */
  screenshot(name: string): Promise<string>;
  /** The first frame (webview views and panels are nested iframes) for which `predicate` holds. */
  findWebviewFrame(
    predicate: (frame: Frame) => boolean | Promise<boolean>,
    options?: { timeoutMs?: number; extensionId?: string },
  ): Promise<Frame>;
  /** The webview frame whose body text contains `text`. */
  findWebviewFrameWithText(text: string | RegExp, options?: { timeoutMs?: number; extensionId?: string }): Promise<Frame>;
  /**
   * Waits until the extension host has activated `extensionId` ("publisher.name"), read from VS Code's
   * extension host log; fails early with the log's error if its activation failed.
   */
  waitForExtensionActivation(extensionId: string, options?: { timeoutMs?: number }): Promise<void>;
  /** A notification toast whose message matches `text`, once it is visible. */
  waitForNotification(text: string | RegExp, options?: { timeoutMs?: number }): Promise<Locator>;
  /** code-server's own output so far (stdout and stderr). */
  serverOutput(): string;
  /** Browser console messages so far (the workbench's and webviews'). */
  consoleOutput(): string;
  /** Copies code-server's output, the browser console, VS Code's log folder and a screenshot to test/e2e/artifacts/<label>-logs/. */
  collectLogs(label?: string): Promise<string>;
  /** Stops the browser and code-server (its whole process group) and removes the temporary folder. Idempotent. */
  close(): Promise<void>;
}

/** Runs `fn` against a fresh VS Code; on failure saves logs and a screenshot before rethrowing; always closes. */
export async function withVSCode<T>(options: LaunchOptions, fn: (vscode: VSCodeSession) => Promise<T>): Promise<T> {
  const vscode = await launchVSCode(options);
  try {
    return await fn(vscode);
  } catch (error) {
    const where = await vscode.collectLogs(options.name ?? 'vscode').catch(() => undefined);
    if (where && error instanceof Error) error.message += `\n(logs: ${where})`;
    throw error;
  } finally {
    await vscode.close();
  }
}

export function codeServerDir(options: Pick<LaunchOptions, 'codeServerDir'> = {}): string {
  const dir = options.codeServerDir ?? process.env.CODE_SERVER_DIR ?? path.join(repoRoot, '.code-server');
  if (!existsSync(path.join(dir, 'code-server'))) {
    throw new Error(`code-server is not set up in ${dir}: run scripts/setup-code-server.sh`);
  }
  return dir;
}

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
}

/** Runs a command in its own process group, killed (whole group) after timeoutMs. */
function run(command: string, args: readonly string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => {
      killGroup(child, 'SIGKILL');
      reject(new Error(`timed out after ${timeoutMs} ms: ${command} ${args.join(' ')}\n${output}`));
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, output });
    });
  });
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>, everyMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function safeName(name: string): string {
  return name.replace(/[^\w.-]+/g, '_').slice(0, 100) || 'vscode';
}

/** The environment for code-server: no leaked editor / Node variables, its own XDG folders. */
function serverEnv(tempDir: string, extra: Record<string, string> | undefined): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(VSCODE_|ELECTRON_|NODE_OPTIONS$|NODE_PATH$|npm_)/i.test(key)) continue;
    env[key] = value;
  }
  return {
    ...env,
    // code-server writes config.yaml, its logs and a session socket under these: keep them per run.
    XDG_CONFIG_HOME: path.join(tempDir, 'xdg/config'),
    XDG_DATA_HOME: path.join(tempDir, 'xdg/data'),
    XDG_CACHE_HOME: path.join(tempDir, 'xdg/cache'),
    XDG_RUNTIME_DIR: path.join(tempDir, 'xdg/runtime'),
    // No test reaches the internet: Switchyard's MCP server would otherwise fetch live model prices.
    SWITCHYARD_OFFLINE: '1',
    ...extra,
  };
}

/** The extension host logs of this user-data-dir (logs/<session>/exthost<N>/remoteexthost.log). */
async function readExtensionHostLogs(userDataDir: string): Promise<string> {
  const logs = path.join(userDataDir, 'logs');
  const sessions = await readdir(logs).catch(() => [] as string[]);
  let text = '';
  for (const session of sessions) {
    const hosts = await readdir(path.join(logs, session)).catch(() => [] as string[]);
    for (const host of hosts.filter((name) => name.startsWith('exthost'))) {
      text += await readFile(path.join(logs, session, host, 'remoteexthost.log'), 'utf8').catch(() => '');
    }
  }
  return text;
}

/** Installs .vsix files into `extensionsDir` with code-server's --install-extension. */
export async function installExtensions(
  vsix: readonly string[],
  dirs: { codeServerDir: string; extensionsDir: string; userDataDir: string; env: NodeJS.ProcessEnv },
  timeoutMs = 120_000,
): Promise<string> {
  const args = ['--extensions-dir', dirs.extensionsDir, '--user-data-dir', dirs.userDataDir, '--force'];
  for (const file of vsix) args.push('--install-extension', path.resolve(file));
  const result = await run(path.join(dirs.codeServerDir, 'code-server'), args, dirs.env, timeoutMs);
  const installed = result.output.match(/successfully installed/g)?.length ?? 0;
  if (result.code !== 0 || installed < vsix.length) {
    throw new Error(`installing ${vsix.join(', ')} failed (exit ${result.code ?? result.signal}):\n${result.output}`);
  }
  return result.output;
}

export async function launchVSCode(options: LaunchOptions): Promise<VSCodeSession> {
  const startTimeoutMs = options.startTimeoutMs ?? 120_000;
  const startDeadline = Date.now() + startTimeoutMs;
  const left = (): number => Math.max(1_000, startDeadline - Date.now());
  const name = safeName(options.name ?? 'vscode');
  const csDir = codeServerDir(options);
  const workspace = path.resolve(options.workspace);
  if (!existsSync(workspace)) throw new Error(`workspace folder ${workspace} does not exist`);

  const tempDir = await mkdtemp(path.join(tmpdir(), `switchyard-e2e-${name}-`));
  const userDataDir = path.join(tempDir, 'user-data');
  const extensionsDir = path.join(tempDir, 'extensions');
  const env = serverEnv(tempDir, options.env);
  await Promise.all(
    [path.join(userDataDir, 'User'), extensionsDir, env.XDG_CONFIG_HOME, env.XDG_DATA_HOME, env.XDG_CACHE_HOME]
      .filter((dir): dir is string => dir !== undefined)
      .map((dir) => mkdir(dir, { recursive: true })),
  );
  await mkdir(path.join(tempDir, 'xdg/runtime'), { recursive: true, mode: 0o700 });
  await writeFile(
    path.join(userDataDir, 'User/settings.json'),
    JSON.stringify({ ...quietSettings, ...options.settings }, null, 2),
  );
  // code-server reads its flags from config.yaml too; an empty one keeps $HOME's out of the way.
  const configFile = path.join(tempDir, 'config.yaml');
  await writeFile(configFile, 'auth: none\n');

  let server: ChildProcess | undefined;
  let browser: Browser | undefined;
  let currentPage: Page | undefined;
  let serverLog = '';
  let consoleLog = '';
  let closed = false;
  const serverLogFile = path.join(tempDir, 'code-server.log');

  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    if (browser) await withTimeout(browser.close(), 10_000, 'closing the browser').catch(() => undefined);
    if (server?.pid !== undefined) {
      const pid = server.pid;
      killGroup(server, 'SIGTERM');
      await waitFor('code-server to stop', 10_000, async () => (isAlive(pid) ? undefined : true)).catch(() => {
        killGroup(server!, 'SIGKILL');
      });
    }
    if (!(options.keepTemp ?? process.env.E2E_KEEP_TEMP === '1')) {
      await rm(tempDir, { recursive: true, force: true, maxRetries: 3 }).catch(() => undefined);
    }
  };

  const collectLogs = async (label = name): Promise<string> => {
    const dir = path.join(artifactsDir, `${safeName(label)}-logs`);
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'code-server.log'), serverLog);
    await writeFile(path.join(dir, 'browser-console.log'), consoleLog);
    // VS Code server logs: exthost (extension activation errors, console.log of extensions), remote agent...
    await cp(path.join(userDataDir, 'logs'), path.join(dir, 'vscode-logs'), { recursive: true }).catch(() => undefined);
    await cp(path.join(env.XDG_DATA_HOME!, 'code-server/coder-logs'), path.join(dir, 'coder-logs'), {
      recursive: true,
    }).catch(() => undefined);
    if (currentPage && !currentPage.isClosed()) {
      await withTimeout(currentPage.screenshot({ path: path.join(dir, 'page.png') }), 10_000, 'screenshot').catch(
        () => undefined,
      );
    }
    return dir;
  };

  let session: VSCodeSession;
  try {
    const vsix = typeof options.vsix === 'string' ? [options.vsix] : [...(options.vsix ?? [])];
    if (vsix.length > 0) {
      const out = await installExtensions(vsix, { codeServerDir: csDir, extensionsDir, userDataDir, env }, left());
      serverLog += `$ code-server --install-extension ${vsix.join(' ')}\n${out}\n`;
    }

    // Port 0: the kernel picks a free port and code-server logs the address it got (no race).
    server = spawn(
      path.join(csDir, 'code-server'),
      [
        '--config', configFile,
        '--auth', 'none',
        '--bind-addr', '127.0.0.1:0',
        '--disable-telemetry',
        '--disable-update-check',
        '--disable-workspace-trust',
        '--disable-getting-started-override',
        '--disable-proxy',
        '--ignore-last-opened',
        '--idle-timeout-seconds', String(Math.max(61, options.idleTimeoutSeconds ?? 120)),
        '--user-data-dir', userDataDir,
        '--extensions-dir', extensionsDir,
      ],
      { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const onOutput = (chunk: Buffer): void => {
      const text = chunk.toString();
      serverLog += text;
      void appendFile(serverLogFile, text).catch(() => undefined);
    };
    server.stdout?.on('data', onOutput);
    server.stderr?.on('data', onOutput);
    let exited: string | undefined;
    server.on('exit', (code, signal) => (exited = `code-server exited (${code ?? signal})`));
    const port = await waitFor('code-server to listen', left(), async () => {
      if (exited) throw new Error(`${exited}:\n${serverLog}`);
      const match = /HTTP server listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(serverLog);
      return match ? Number(match[1]) : undefined;
    });

    browser = await chromium.launch({
      executablePath: options.chromiumPath ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: chromiumArgs,
      headless: true,
      timeout: left(),
      // Chromium keeps crash reports under $XDG_CONFIG_HOME/chromium even with a temporary profile.
      env: { ...process.env, XDG_CONFIG_HOME: path.join(tempDir, 'xdg/chromium'), XDG_CACHE_HOME: env.XDG_CACHE_HOME },
    });
    const context = await browser.newContext({
      viewport: options.viewport ?? { width: 1400, height: 900 },
      // Clipboard for copy/paste in the workbench (e.g. reading a notification's text).
      permissions: ['clipboard-read', 'clipboard-write'],
    });
    context.setDefaultTimeout(options.actionTimeoutMs ?? 30_000);
    const page = await context.newPage();
    currentPage = page;
    const onConsole = (message: ConsoleMessage): void => {
      consoleLog += `[${message.type()}] ${message.text()}\n`;
    };
    page.on('console', onConsole);
    page.on('pageerror', (error) => (consoleLog += `[pageerror] ${error.message}\n`));

    const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`;
    await page.goto(url, { timeout: left(), waitUntil: 'domcontentloaded' });
    await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: left() });
    // The workbench is laid out; the extension host starts a few seconds later (see waitForExtensionActivation).
    await page.locator('.monaco-workbench .part.activitybar, .monaco-workbench .part.statusbar').first().waitFor({
      timeout: left(),
    });

    const quickInput = page.locator('.quick-input-widget');
    session = {
      page,
      browser,
      url,
      port,
      tempDir,
      userDataDir,
      extensionsDir,
      async runCommand(title, { timeoutMs = 30_000 } = {}) {
        const deadline = Date.now() + timeoutMs;
        const remaining = (): number => Math.max(500, deadline - Date.now());
        const input = quickInput.locator('input.input');
        const focused = quickInput.locator('.monaco-list-row.focused');
        // The palette lists the commands known when it opens: an extension's commands appear only once the
        // extension host has registered them (a few seconds after the workbench shows), so reopen until found.
        for (;;) {
          // Escape only to close an open quick input (in an editor it would clear the selection).
          if (await quickInput.isVisible()) await page.keyboard.press('Escape');
          await page.keyboard.press('F1');
          await input.waitFor({ state: 'visible', timeout: remaining() });
          // F1 pre-fills ">"; keep it so the palette stays in command mode.
          await input.fill(`>${title}`, { timeout: remaining() });
          // Wait until filtering is done and the focused row is this command (a row's aria-label starts with
          // its label, "Category: Title").
          const found = await waitFor(`command "${title}" in the command palette`, Math.min(3_000, remaining()), async () => {
            const label = (await focused.getAttribute('aria-label', { timeout: 500 }).catch(() => null)) ?? '';
            return label.toLowerCase().startsWith(title.toLowerCase()) ? true : undefined;
          }).catch(async () => {
            if (Date.now() < deadline) return false;
            const rows = await quickInput
              .locator('.monaco-list-row')
              .evaluateAll((els) => els.slice(0, 5).map((el) => el.getAttribute('aria-label')))
              .catch(() => []);
            throw new Error(`no command "${title}" in the command palette after ${timeoutMs} ms (it shows ${JSON.stringify(rows)})`);
          });
          if (found) break;
        }
        await page.keyboard.press('Enter');
        // The palette closes, or (for commands that ask something, like "MCP: List Servers") turns into the
        // command's own quick pick: either way its input no longer holds ">title".
        await waitFor('the command palette to close', Math.min(5_000, remaining()), async () => {
          if (!(await quickInput.isVisible())) return true;
          const value = await input.inputValue({ timeout: 500 }).catch(() => '');
          return value === `>${title}` ? undefined : true;
        }, 100).catch(() => undefined);
      },
      async screenshot(shotName) {
        await mkdir(artifactsDir, { recursive: true });
        const file = path.join(artifactsDir, `${safeName(shotName)}.png`);
        await page.screenshot({ path: file, timeout: 15_000 });
        return file;
      },
      async findWebviewFrame(predicate, { timeoutMs = 30_000, extensionId } = {}) {
        return waitFor('a webview frame', timeoutMs, async () => {
          for (const frame of page.frames()) {
            if (frame === page.mainFrame() || frame.isDetached()) continue;
            if (extensionId !== undefined) {
              // The outer webview iframe's URL carries ?extensionId=publisher.name; the content is its child.
              const chain = [frame.url(), frame.parentFrame()?.url() ?? ''].join(' ').toLowerCase();
              if (!chain.includes(`extensionid=${extensionId.toLowerCase()}`)) continue;
            }
            try {
              if (await predicate(frame)) return frame;
            } catch {
              // detached or navigating: try again next round
            }
          }
          return undefined;
        }, 250);
      },
      async findWebviewFrameWithText(text, opts = {}) {
        return session.findWebviewFrame(async (frame) => {
          const body = await frame.locator('body').innerText({ timeout: 1_000 });
          return typeof text === 'string' ? body.includes(text) : text.test(body);
        }, opts);
      },
      async waitForExtensionActivation(extensionId, { timeoutMs = 60_000 } = {}) {
        const id = extensionId.toLowerCase();
        await waitFor(`extension ${extensionId} to activate`, timeoutMs, async () => {
          const log = (await readExtensionHostLogs(userDataDir)).toLowerCase();
          const failed = log.split('\n').find((line) => line.includes(`activating extension ${id} failed`));
          if (failed) throw new Error(`extension ${extensionId} failed to activate: ${failed}`);
          return log.includes(`_doactivateextension ${id},`) ? true : undefined;
        }, 250);
      },
      async waitForNotification(text, { timeoutMs = 30_000 } = {}) {
        const toast = page.locator('.notifications-toasts .notification-toast', {
          has: page.locator('.notification-list-item-message', { hasText: text }),
        });
        await toast.first().waitFor({ state: 'visible', timeout: timeoutMs });
        return toast.first();
      },
      serverOutput: () => serverLog,
      consoleOutput: () => consoleLog,
      collectLogs,
      close,
    };
    return session;
  } catch (error) {
    const where = await collectLogs(`${name}-start`).catch(() => undefined);
    await close();
    if (error instanceof Error && where) error.message += `\n(logs: ${where})`;
    throw error;
  }
}
