#!/usr/bin/env bash
# The project's single test command: runs every test project against a private,
# throwaway PostgreSQL 15 server and Redis server, prints each project's wall time, then
# "N passed, N failed, N skipped".
# Needs only the .NET SDK and Debian's apt (PostgreSQL 15, Redis and Chromium are installed
# when absent); extra arguments go to `dotnet test`
# (e.g. scripts/test.sh --filter FullyQualifiedName~Segment).
#
# Environment:
#   TAGAPI_TEST_POSTGRES  set by us (Npgsql connection string); if already set,
#                         it is used as given and no server is started.
#   TAGAPI_PSQL_URL       libpq URL of the same server (only when we start one).
#   TAGAPI_TEST_REDIS     set by us (127.0.0.1:<port>); if already set, used as given
#                         and no Redis server is started.
#   TAGAPI_CHROMIUM       the browser the docs test drives (default /usr/bin/chromium,
#                         from Debian's package `chromium`, installed when absent).
#   TAGAPI_TEST_CMD       debugging aid: a shell command run instead of dotnet test.
#
# TRX files and the browser test's screenshots are kept in TestResults/latest/<project>/
# (emptied at the start of each run).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

PG_BIN=/usr/lib/postgresql/15/bin
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

log() { printf '[test.sh] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
is_root() { [[ $(id -u) -eq 0 ]]; }

# apt-get needs root; sudo -n so that CI (no stdin) fails fast instead of hanging on a password.
as_root() {
  if is_root; then "$@"
  elif command -v sudo >/dev/null; then sudo -n "$@"
  else die "need root (or sudo) to run: $*"; fi
}

# PostgreSQL refuses to run as root, so as root the server belongs to the postgres user.
as_pg() { if is_root; then runuser -u postgres -- "$@"; else "$@"; fi; }

main_cluster_online() {
  command -v pg_lsclusters >/dev/null &&
    pg_lsclusters --no-header 2>/dev/null | awk '$1 == "15" && $2 == "main" && $4 ~ /^online/ { f = 1 } END { exit !f }'
}

# One `apt-get update` per run, before the first install.
APT_UPDATED=no
apt_install() {
  command -v apt-get >/dev/null || die "apt-get not available: install $* yourself"
  if [[ $APT_UPDATED == no ]]; then as_root apt-get update -q; APT_UPDATED=yes; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@"
}

ensure_postgres() {
  [[ -x $PG_BIN/postgres && -x $PG_BIN/pg_ctl ]] && return
  log "PostgreSQL 15 not found; installing Debian package postgresql-15"
  command -v apt-get >/dev/null || die "apt-get not available: install PostgreSQL 15 into $PG_BIN yourself"
  local was_online=no
  main_cluster_online && was_online=yes
  apt_install postgresql-15
  # The package's post-install creates and starts a default cluster on 5432; the tests
  # do not use it, so leave the machine as it was (but never stop one that predates us).
  if [[ $was_online == no ]] && main_cluster_online; then
    log "stopping the default cluster 15/main that the package install started"
    as_root pg_ctlcluster 15 main stop || log "warning: could not stop cluster 15/main"
  fi
  [[ -x $PG_BIN/postgres ]] || die "postgresql-15 installed but $PG_BIN/postgres is missing"
}

# The docs test drives Debian's chromium (Playwright never downloads a browser here).
ensure_chromium() {
  local chromium=${TAGAPI_CHROMIUM:-/usr/bin/chromium}
  [[ -x $chromium ]] && return
  [[ -n ${TAGAPI_CHROMIUM:-} ]] && die "TAGAPI_CHROMIUM=$chromium is not an executable"
  log "Chromium not found; installing Debian package chromium"
  apt_install chromium
  [[ -x $chromium ]] || die "chromium installed but $chromium is missing"
}

ensure_redis() {
  command -v redis-server >/dev/null && return
  log "redis-server not found; installing Debian package redis-server"
  local was_listening=no
  port_in_use 6379 && was_listening=yes
  apt_install redis-server
  # Like PostgreSQL's, the package may start a default server on 6379; the tests use their own.
  if [[ $was_listening == no ]] && port_in_use 6379; then
    log "stopping the default redis-server that the package install started"
    as_root service redis-server stop >/dev/null 2>&1 || log "warning: could not stop the default redis-server"
  fi
  command -v redis-server >/dev/null || die "redis-server installed but not on PATH"
}

# Bash's /dev/tcp keeps us independent of ss/netstat, which a bare image may lack.
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

WORK=$(mktemp -d "$(is_root && echo /tmp || echo "${TMPDIR:-/tmp}")/tagapi-test.XXXXXX")
PGDIR=$WORK/pg   # data dir, unix socket and server log; postgres-owned when we are root
REDISDIR=$WORK/redis
STARTED=no
REDIS_STARTED=no

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [[ $STARTED == yes ]]; then
    # Only our own data directory is ever stopped; anything else on the machine is left alone.
    as_pg "$PG_BIN/pg_ctl" stop -D "$PGDIR/data" -m immediate -w -t 30 >/dev/null 2>&1 ||
      log "warning: could not stop the test server in $PGDIR/data"
  fi
  if [[ $REDIS_STARTED == yes ]]; then
    # By the pid file of the server we started, never by name.
    local pid
    pid=$(cat "$REDISDIR/redis.pid" 2>/dev/null || true)
    if [[ -n $pid ]]; then
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -0 "$pid" 2>/dev/null && { log "warning: Redis (pid $pid) did not stop; killing it"; kill -9 "$pid" 2>/dev/null || true; }
    fi
  fi
  rm -rf "$WORK"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

start_postgres() {
  ensure_postgres
  if is_root; then
    id postgres >/dev/null 2>&1 || die "system user 'postgres' missing (normally created by postgresql-15)"
    chmod 711 "$WORK"
    install -d -o postgres -g postgres -m 700 "$PGDIR"
  else
    install -d -m 700 "$PGDIR"
  fi
  local pw candidate port= i
  # Hex only, so it needs no quoting in either connection-string syntax.
  pw=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
  (umask 077; printf '%s\n' "$pw" >"$PGDIR/pwfile")
  if is_root; then chown postgres: "$PGDIR/pwfile"; fi
  as_pg "$PG_BIN/initdb" -D "$PGDIR/data" -U tagapi --pwfile="$PGDIR/pwfile" \
    --auth=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$PGDIR/initdb.log" 2>&1 ||
    { cat "$PGDIR/initdb.log" >&2; die "initdb failed"; }
  rm -f "$PGDIR/pwfile"
  # Durability is worthless for a throwaway database; speed is not.
  cat >>"$PGDIR/data/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
unix_socket_directories = '$PGDIR'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 300
EOF
  # Try ports upward; a port can be taken between the check and the bind, so a failed
  # start moves on to the next one rather than giving up.
  for candidate in $(seq 55432 55531); do
    port_in_use "$candidate" && continue
    rm -f "$PGDIR/server.log"   # pg_ctl (as postgres) must be the one to create it
    STARTED=yes
    if as_pg "$PG_BIN/pg_ctl" start -D "$PGDIR/data" -l "$PGDIR/server.log" -o "-p $candidate" -w -t 60 >/dev/null 2>&1; then
      port=$candidate; break
    fi
    STARTED=no
    grep -q 'could not bind\|Address already in use' "$PGDIR/server.log" 2>/dev/null ||
      { cat "$PGDIR/server.log" >&2 || true; die "PostgreSQL failed to start"; }
  done
  [[ -n $port ]] || die "no free port in 55432-55531"
  for i in $(seq 60); do
    "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$port" -t 1 && break
    [[ $i -eq 60 ]] && { cat "$PGDIR/server.log" >&2 || true; die "server on port $port not ready after 60 s"; }
    sleep 1
  done
  log "PostgreSQL $("$PG_BIN/postgres" -V | awk '{print $3}') ready on 127.0.0.1:$port (data in $PGDIR)"
  export TAGAPI_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=tagapi;Password=$pw;Database=postgres;Pooling=true;Include Error Detail=true"
  export TAGAPI_PSQL_URL="postgresql://tagapi:$pw@127.0.0.1:$port/postgres"
}

# A throwaway Redis: no persistence, loopback only, on the first free port from 56379.
start_redis() {
  ensure_redis
  mkdir -p "$REDISDIR"
  local candidate port= i
  for candidate in $(seq 56379 56478); do
    port_in_use "$candidate" && continue
    rm -f "$REDISDIR/redis.pid" "$REDISDIR/redis.log"
    REDIS_STARTED=yes
    if redis-server --bind 127.0.0.1 --port "$candidate" --save '' --appendonly no --dir "$REDISDIR" \
        --daemonize yes --pidfile "$REDISDIR/redis.pid" --logfile "$REDISDIR/redis.log" >/dev/null 2>&1; then
      for i in $(seq 50); do
        [[ $(redis-cli -h 127.0.0.1 -p "$candidate" ping 2>/dev/null) == PONG ]] && { port=$candidate; break 2; }
        # Daemonized, it may still lose the race for the port: the log says so and the pid is gone.
        grep -q 'Address already in use' "$REDISDIR/redis.log" 2>/dev/null && break
        sleep 0.1
      done
    fi
    grep -q 'Address already in use' "$REDISDIR/redis.log" 2>/dev/null ||
      { cat "$REDISDIR/redis.log" >&2 || true; die "Redis failed to start on port $candidate"; }
    REDIS_STARTED=no
  done
  [[ -n $port ]] || die "no free port in 56379-56478 for Redis"
  log "Redis $(redis-server --version | grep -o 'v=[^ ]*' | cut -d= -f2) ready on 127.0.0.1:$port"
  export TAGAPI_TEST_REDIS="127.0.0.1:$port"
}

if [[ -n ${TAGAPI_TEST_POSTGRES:-} ]]; then
  log "using TAGAPI_TEST_POSTGRES from the environment; no server started"
else
  start_postgres
fi
if [[ -n ${TAGAPI_TEST_REDIS:-} ]]; then
  log "using TAGAPI_TEST_REDIS from the environment; no Redis started"
else
  start_redis
fi
ensure_chromium

if [[ -n ${TAGAPI_TEST_CMD:-} ]]; then
  log "running TAGAPI_TEST_CMD instead of dotnet test"
  bash -c "$TAGAPI_TEST_CMD"
  exit
fi

if [[ -f .config/dotnet-tools.json ]]; then dotnet tool restore; fi
# Kept after the run (the browser test's screenshots are worth a look); emptied first so that the
# summary below counts this run's TRX files only.
RESULTS=$PWD/TestResults/latest
rm -rf "$RESULTS"
mkdir -p "$RESULTS"
# One build of the whole solution (the benchmark harness included, so it keeps compiling), then each test
# project as its own dotnet test, timed, so a slow project shows up by name.
timings=()
set +e
dotnet build TagApi.sln -c Release -nologo
test_rc=$?
if [[ $test_rc -eq 0 ]]; then
  for project in tests/*/*.csproj; do
    name=$(basename "$project" .csproj)
    started=$SECONDS
    TAGAPI_TEST_RESULTS="$RESULTS/$name" dotnet test "$project" -c Release --no-build --logger trx --results-directory "$RESULTS/$name" "$@"
    rc=$?
    [[ $rc -eq 0 ]] || test_rc=$rc
    timings+=("$(printf '%-20s %5d s%s' "$name" $((SECONDS - started)) "$([[ $rc -eq 0 ]] || echo "  (exit $rc)")")")
  done
fi
set -e

echo "wall time per test project:"
for timing in "${timings[@]}"; do echo "  $timing"; done

# The OpenAPI document's own checks: Spectral (spectral:oas + OWASP, 0 errors) and the clients
# NSwag, Kiota and openapi-typescript generate from it, run against a live server. They need
# Node.js 20+ and npm, and fail (never skip) without them. A filtered run (extra arguments) skips them.
openapi_rc=0
run_openapi_checks() {
  if [[ $# -gt 0 ]]; then log "arguments given: skipping the OpenAPI lint and generated-client checks"; return; fi
  log "OpenAPI: spectral lint"
  scripts/lint-openapi.sh >"$WORK/openapi-lint.log" 2>&1 || { cat "$WORK/openapi-lint.log" >&2; log "ERROR: spectral reports errors in api-specs/openapi/v1.json"; openapi_rc=1; }
  log "OpenAPI: generated clients"
  scripts/check-generated-clients.sh >&2 || { log "ERROR: a client generated from api-specs/openapi/v1.json failed"; openapi_rc=1; }
}
run_openapi_checks "$@"

# TRX files hold each test project's counters; summing them gives one line for the whole run.
read -r passed failed skipped < <(
  find "$RESULTS" -name '*.trx' -exec cat {} + 2>/dev/null | grep -o '<Counters [^>]*>' |
    awk 'function v(k) { return match($0, " " k "=\"[0-9]+\"") ? substr($0, RSTART + length(k) + 3, RLENGTH - length(k) - 4) : 0 }
         { p += v("passed"); f += v("failed") + v("error") + v("timeout") + v("aborted"); s += v("total") - v("executed") }
         END { print p + 0, f + 0, s + 0 }')
log "TRX files and screenshots: $RESULTS"
echo "$passed passed, $failed failed, $skipped skipped"

[[ $test_rc -eq 0 ]] || die "dotnet test exited with $test_rc (build or test failure)"
[[ $openapi_rc -eq 0 ]] || die "the OpenAPI checks failed (see above)"
[[ $failed -eq 0 ]] || die "$failed test(s) failed"
[[ $((passed + failed)) -gt 0 ]] || die "no tests ran"
