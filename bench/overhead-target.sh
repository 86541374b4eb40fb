#!/usr/bin/env bash
# Starts llmux for the side-by-side run in ../shared/bench/overhead.mjs (its LLMUX_CMD), with
# the same config as `pnpm bench`: two deployments of gpt-4o-mini behind the router, SQLite
# spend in a temporary directory, a master key, and the virtual key `sk-bench-virtual-key`
# that the load must present:
#
#   LLMUX_CMD="bash $PWD/bench/overhead-target.sh" LLMUX_MODEL=gpt-4o-mini \
#   LLMUX_HEADERS='Authorization: Bearer sk-bench-virtual-key' \
#   node ../shared/bench/overhead.mjs direct portkey llmux
#
# overhead.mjs sums CPU and RSS over the process group it starts, so this script becomes the
# gateway (exec) and leaves nothing else in the group: the helper that creates the key once
# llmux answers, and removes the directory when llmux exits, runs in its own session.
# Reads PORT and MOCK_BASE (overhead.mjs sets them) and LLMUX_BENCH_GATEWAY_NODE_ARGS for node
# flags NODE_OPTIONS refuses (`--cpu-prof`).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(dirname "$here")"
: "${PORT:?overhead-target: PORT must be set (overhead.mjs sets it)}"
: "${MOCK_BASE:?overhead-target: MOCK_BASE must be set (overhead.mjs sets it)}"

work_dir="$(mktemp -d "${TMPDIR:-/tmp}/llmux-overhead-XXXXXX")"
node "$here/overhead-target-helper.mjs" config "$work_dir" || {
  rm -rf "$work_dir"
  exit 1
}
setsid node "$here/overhead-target-helper.mjs" key "$work_dir" "$$" &

# shellcheck disable=SC2086 # the node flags are meant to split on spaces
exec node ${LLMUX_BENCH_GATEWAY_NODE_ARGS:-} "$repo_root/packages/cli/dist/bin.js" \
  --config "$work_dir/llmux.yaml" --port "$PORT" --host 127.0.0.1
