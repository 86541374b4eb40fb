#!/usr/bin/env bash
# The README's test command runs this: make sure the services the tests need are installed,
# build every package (the CLI tests spawn the built binary), then run all tests.
#
# Redis: the router's shared-state tests start their own redis-server processes (on free
# loopback ports, so they can stop one mid-test); this script installs Redis when it is
# missing and tells the tests where the binary is. A missing Redis fails those tests.
#
# Postgres: the proxy's database tests run on SQLite and on Postgres (LLMUX_TEST_POSTGRES_URL;
# each test file works in schemas of its own). Unless that variable is already set, this script
# installs PostgreSQL when it is missing, starts the local cluster, gives the postgres user the
# password "postgres" for TCP logins and creates the database llmux_test. Each step is skipped
# when already done. Without it the Postgres variants fail (they never skip).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
apt_updated=""
apt_install() {
  echo "test: installing $1 (Debian package)"
  if [ -z "$apt_updated" ]; then
    $sudo apt-get update -qq
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$1" >/dev/null
}

if ! command -v redis-server >/dev/null 2>&1; then apt_install redis-server; fi
export LLMUX_TEST_REDIS_SERVER="${LLMUX_TEST_REDIS_SERVER:-$(command -v redis-server)}"

as_postgres() { $sudo su postgres -c "$1"; }

start_postgres() {
  if ! command -v pg_lsclusters >/dev/null 2>&1 || [ -z "$(pg_lsclusters -h 2>/dev/null)" ]; then
    apt_install postgresql
  fi
  # The first cluster: "15 main 5432 down postgres /var/lib/postgresql/15/main …".
  local version name port status
  read -r version name port status _ < <(pg_lsclusters -h | head -n 1)
  if [ "$status" != "online" ]; then
    # Tolerates a concurrent start; the status check below decides.
    $sudo pg_ctlcluster --skip-systemctl-redirect "$version" "$name" start || true
    status="$(pg_lsclusters -h | awk -v v="$version" -v n="$name" '$1 == v && $2 == n { print $4 }')"
    if [ "$status" != "online" ]; then
      echo "test: PostgreSQL $version/$name did not start (see /var/log/postgresql/)" >&2
      exit 1
    fi
  fi
  local login=(psql -X -q -h 127.0.0.1 -p "$port" -U postgres -d postgres -Atc)
  if ! PGPASSWORD=postgres "${login[@]}" 'select 1' >/dev/null 2>&1; then
    as_postgres "psql -X -q -p $port -c \"ALTER USER postgres PASSWORD 'postgres'\"" >/dev/null
  fi
  if [ "$(PGPASSWORD=postgres "${login[@]}" \
    "select 1 from pg_database where datname = 'llmux_test'")" != "1" ]; then
    PGPASSWORD=postgres createdb -h 127.0.0.1 -p "$port" -U postgres llmux_test 2>/dev/null ||
      PGPASSWORD=postgres "${login[@]}" "select 1 from pg_database where datname = 'llmux_test'" |
      grep -qx 1
  fi
  export LLMUX_TEST_POSTGRES_URL="postgres://postgres:postgres@127.0.0.1:$port/llmux_test"
}
if [ -z "${LLMUX_TEST_POSTGRES_URL:-}" ]; then start_postgres; fi

pnpm build
pnpm exec vitest run "$@"
# A few seconds of the benchmark (not timed, only checked for errors), so it cannot rot.
# Skipped when a subset of tests was asked for.
# Then once more in the production shape: router state in Redis, spend in Postgres.
if [ "$#" -eq 0 ]; then
  node bench/run.mjs --smoke
  node bench/run.mjs --smoke --redis --postgres "$LLMUX_TEST_POSTGRES_URL"
fi
