#!/usr/bin/env bash
# The README's test command runs this: make sure the services the tests need are installed,
# build every package (the CLI tests spawn the built binary), then run all tests.
#
# Redis: the router's shared-state tests start their own redis-server processes (on free
# loopback ports, so they can stop one mid-test); this script installs Redis when it is
# missing and tells the tests where the binary is. A missing Redis fails those tests.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v redis-server >/dev/null 2>&1; then
  echo "test: installing redis-server (Debian package)"
  if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq redis-server >/dev/null
fi
export LLMUX_TEST_REDIS_SERVER="${LLMUX_TEST_REDIS_SERVER:-$(command -v redis-server)}"

pnpm build
pnpm exec vitest run "$@"
