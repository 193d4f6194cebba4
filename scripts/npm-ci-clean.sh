#!/usr/bin/env bash
# `npm ci` the way a newcomer's machine runs it: an empty npm user config (no `nodedir`, no registry tweaks), none of
# the npm_config_* settings an outer npm run exports, and no compiler, make or python on the PATH, so any attempt
# to build a native addon fails loudly instead of quietly working here.
#
# Usage: scripts/npm-ci-clean.sh [project dir] [npm CLI script] [extra npm args...]
# The npm CLI defaults to the one on the PATH; pass another (e.g. npm 10, which Node 22 bundles) to check it too.
# NPM_CI_NODE names the node binary to run it with (default: the one on the PATH).
set -euo pipefail
dir=$(cd "${1:-.}" && pwd)
npm_cli=${2:-$(command -v npm)}
shift $(( $# > 2 ? 2 : $# ))

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
: > "$scratch/npmrc"
mkdir "$scratch/bin"
ln -s "${NPM_CI_NODE:-$(command -v node)}" "$scratch/bin/node"
ln -s "$(readlink -f "$npm_cli")" "$scratch/bin/npm"
ln -s "$(command -v sh)" "$scratch/bin/sh"

# Only what npm itself needs; HOME keeps npm's download cache, so a second install reads it instead of the network.
# A machine behind a TLS-inspecting proxy trusts its certificate through NODE_EXTRA_CA_CERTS: that is the machine's
# trust store, not an npm setting, so it is passed on when set.
cd "$dir"
ca=()
[ -z "${NODE_EXTRA_CA_CERTS:-}" ] || ca=(NODE_EXTRA_CA_CERTS="$NODE_EXTRA_CA_CERTS")
exec env -i HOME="$HOME" PATH="$scratch/bin" TMPDIR="${TMPDIR:-/tmp}" LANG=C.UTF-8 "${ca[@]}" \
  npm ci --userconfig "$scratch/npmrc" --no-audit --no-fund "$@"
