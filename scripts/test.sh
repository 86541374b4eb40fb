#!/usr/bin/env bash
# The README's test command runs this: build every package (the CLI tests spawn the built
# binary), then run all tests. Services the tests need are started here; none is needed yet
# (the proxy's tests use SQLite, which runs in-process).
set -euo pipefail
cd "$(dirname "$0")/.."

pnpm build
pnpm exec vitest run "$@"
