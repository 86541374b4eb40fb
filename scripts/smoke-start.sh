#!/usr/bin/env bash
# Starts the gateway the way the README does (`pnpm start`, demo config, SQLite) on a spare
# loopback port, sends one chat request with curl, checks the reply and the cost header, stops it.
set -euo pipefail
cd "$(dirname "$0")/.."

port="${SMOKE_PORT:-40123}"
workdir="$(mktemp -d)"
log="$workdir/gateway.log"
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$workdir"' EXIT

# exec: $! is then the gateway itself, which the trap stops (not a subshell around it).
(cd "$workdir" && PORT="$port" HOST=127.0.0.1 exec node "$OLDPWD/packages/cli/dist/bin.js" >"$log" 2>&1) &
pid=$!

for _ in $(seq 1 100); do
  if grep -q "running on" "$log" 2>/dev/null; then break; fi
  sleep 0.1
done

headers="$workdir/headers"
body="$(curl -sS -D "$headers" "http://127.0.0.1:$port/v1/chat/completions" \
  -H 'Content-Type: application/json' \
  -d '{"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "Hello"}]}')"

echo "$body" | grep -q '"object":"chat.completion"' || { echo "smoke: unexpected body: $body"; cat "$log"; exit 1; }
grep -qi '^x-litellm-response-cost: ' "$headers" || { echo "smoke: no x-litellm-response-cost header"; cat "$headers"; exit 1; }
echo "smoke: ok ($(grep -i '^x-litellm-response-cost' "$headers" | tr -d '\r'))"
