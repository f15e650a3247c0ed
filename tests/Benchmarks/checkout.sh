#!/usr/bin/env bash
# Checkout throughput of the Release shop on a STOCK PostgreSQL (fresh initdb, default postgresql.conf: fsync on,
# max_connections 100), beside what that PostgreSQL (pgbench) and a hello-world ASP.NET Core endpoint (wrk) do on
# the same machine in the same run, so that the numbers come with their yardsticks.
#
# Usage: tests/Benchmarks/checkout.sh [--memory] ["<load tester args>" ...]
#   each argument is one load-tester run, e.g. "checkout --users 32 --seconds 20 --lines 1";
#   default: checkout 1-line 32 users 20 s, checkout 3-line 32 users 20 s, flash 2000 buyers / 100 units, each with
#   its customers made by the shop's Development-only POST /api/dev/customers (the shop runs in Development here).
#   --memory: the shop on memory storage (no PostgreSQL, no pgbench), for the memory targets.
#   SHOP_ARGS (environment): more settings for the shop, e.g. SHOP_ARGS="--Postgres:CommitWriters=4".
#   WARMUP_SECONDS (environment): the unmeasured warm-up pass before the runs (default 30).
#   HOT_SKU=0 (environment): skip the last run, durable reservations/s on one sku (tests/Benchmarks/HotSku, its own
#   silo on a database of its own on the same server, while the shop idles).
# Needs: PostgreSQL server binaries (apt-get install postgresql), pgbench, psql; wrk for the hello-world yardstick
# (apt-get install wrk; skipped without it). Reports land in loadtest-results/bench-<timestamp>/<n>-<scenario>/.
set -euo pipefail
cd "$(dirname "$0")/../.."

memory=false
if [[ ${1:-} == --memory ]]; then memory=true; shift; fi
if (( $# == 0 )); then
  set -- "checkout --users 32 --seconds 20 --lines 1 --dev-customers" \
         "checkout --users 32 --seconds 20 --lines 3 --dev-customers" \
         "flash --buyers 2000 --units 100 --dev-customers"
fi

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
results=loadtest-results/bench-$(date -u +%Y%m%d-%H%M%S)
work=$(mktemp -d /tmp/eshop-bench.XXXXXX)
mkdir -p "$results"
pids=()
pg_running=false
# shellcheck disable=SC2317  # called by the EXIT trap
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  if $pg_running; then as_pg "$pgbin/pg_ctl" -D "$pg/data" -m fast stop >/dev/null 2>&1 || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# initdb refuses root: run PostgreSQL as the postgres user then, on a data dir that user owns.
as_pg() { if [[ $(id -u) == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }

echo "== building (Release)"
dotnet build src/Api -c Release -v q -nologo >/dev/null
dotnet build tests/LoadTest -c Release -v q -nologo >/dev/null
dotnet build tests/Benchmarks/HelloWorld -c Release -v q -nologo >/dev/null
$memory || dotnet build tests/Benchmarks/HotSku -c Release -v q -nologo >/dev/null

notes=()
pgbench_tps=""
if ! $memory; then
  pgbin=${PGBIN:-$(printf "%s\n" /usr/lib/postgresql/*/bin | sort -V | tail -n1)}
  pgport=$(free_port)
  # Data, socket and log in one folder the server's user owns.
  pg="$work/pg"
  mkdir -p "$pg"
  chmod 755 "$work"
  if [[ $(id -u) == 0 ]]; then chown postgres "$pg"; fi
  echo "== stock PostgreSQL ($pgbin) on 127.0.0.1:$pgport"
  as_pg "$pgbin/initdb" -D "$pg/data" -U postgres --auth=trust >/dev/null
  # Only where it listens; everything else is initdb's default postgresql.conf.
  as_pg "$pgbin/pg_ctl" -D "$pg/data" -l "$pg/postgres.log" -w \
    -o "-p $pgport -k $pg -c listen_addresses=127.0.0.1" start >/dev/null
  pg_running=true
  psql_() { psql -h 127.0.0.1 -p "$pgport" -U postgres -d postgres -Atqc "$1"; }
  psql_ "CREATE DATABASE eshop" >/dev/null
  psql_ "CREATE DATABASE pgbench" >/dev/null
  echo "   max_connections=$(psql_ 'SHOW max_connections'), fsync=$(psql_ 'SHOW fsync')"

  echo "== pgbench -i -s 10; pgbench -N -c16 -j2 -T20"
  pgbench -h 127.0.0.1 -p "$pgport" -U postgres -i -s 10 -q pgbench >/dev/null 2>&1
  pgbench_tps=$(pgbench -h 127.0.0.1 -p "$pgport" -U postgres -N -c16 -j2 -T20 pgbench 2>/dev/null | awk '/^tps/ {print $3; exit}')
  echo "   pgbench TPS: $pgbench_tps"
  notes+=(--note "pgbench_tps=$pgbench_tps" --note "pgbench=-N -c16 -j2 -T20 scale 10, stock config")
fi

hello_rps=""
if command -v wrk >/dev/null; then
  hello_port=$(free_port)
  dotnet tests/Benchmarks/HelloWorld/bin/Release/net10.0/HelloWorld.dll --urls "http://127.0.0.1:$hello_port" >"$work/hello.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$hello_port/" >/dev/null && break; sleep 0.5; done
  wrk -t2 -c64 -d3s "http://127.0.0.1:$hello_port/" >/dev/null   # warm-up: JIT tiering
  hello_rps=$(wrk -t2 -c64 -d5s "http://127.0.0.1:$hello_port/" | awk '/Requests\/sec/ {print $2}')
  kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true
  echo "== hello world: $hello_rps req/s (wrk -t2 -c64 -d5s)"
  notes+=(--note "hello_world_rps=$hello_rps")
else
  echo "== hello world skipped: no wrk (apt-get install wrk)"
fi

api_port=$(free_port)
shop_args=(--urls "http://127.0.0.1:$api_port" --contentRoot "$PWD/src/Api"
  # The load tester's users come from many loopback addresses but buy far faster than people: raise the limits.
  --RateLimits:Auth:PermitLimit=1000000 --RateLimits:Checkout:PermitLimit=1000000
  --RateLimits:CartWrites:PermitLimit=1000000 --RateLimits:PasswordHashing:QueueLimit=100000)
# SHOP_ARGS: more settings for the shop, e.g. SHOP_ARGS="--Postgres:CommitWriters=4".
read -r -a extra_shop_args <<<"${SHOP_ARGS:-}"
shop_args+=("${extra_shop_args[@]}")
if $memory; then
  shop_args+=(--Orleans:Storage=Memory)
else
  shop_args+=(--Orleans:Storage=Postgres "--ConnectionStrings:eshop=Host=127.0.0.1;Port=$pgport;Database=eshop;Username=postgres")
fi
echo "== the shop (Release, $($memory && echo memory || echo PostgreSQL) storage) on 127.0.0.1:$api_port"
ASPNETCORE_ENVIRONMENT=Development Logging__LogLevel__Default=Warning \
  dotnet src/Api/bin/Release/net10.0/EShop.Api.dll "${shop_args[@]}" >"$results/shop.log" 2>&1 &
api=$!
pids+=("$api")
for _ in $(seq 1 240); do curl -sf "http://127.0.0.1:$api_port/health/ready" >/dev/null && break; sleep 0.5; done
curl -sf "http://127.0.0.1:$api_port/health/ready" >/dev/null || { echo "the shop did not become ready; see $results/shop.log"; exit 1; }

# One unmeasured pass first: the first seconds of a fresh process are not the shop. Under this load the JIT keeps
# promoting methods (tier 0 -> instrumented -> tier 1) for about 20 s: 1-line checkouts go 100/s -> 130/s -> 180/s
# over the first 25 s of a fresh process. WARMUP_SECONDS sets the pass (default 30).
echo "== warm-up pass (not reported, ${WARMUP_SECONDS:-30} s)"
dotnet tests/LoadTest/bin/Release/net10.0/EShop.LoadTest.dll checkout --users 32 --seconds "${WARMUP_SECONDS:-30}" --lines 1 --dev-customers \
  --url "http://127.0.0.1:$api_port" --out "$work/warm-up" >"$work/warm-up.log" 2>&1 || true

summary=()
status=0
n=0
for run in "$@"; do
  n=$((n + 1))
  read -r -a run_args <<<"$run"
  out="$results/$n-${run_args[0]}"
  log="$out.log"
  echo "== run $n: $run"
  dotnet tests/LoadTest/bin/Release/net10.0/EShop.LoadTest.dll "${run_args[@]}" --url "http://127.0.0.1:$api_port" \
    --out "$out" --label "$run" "${notes[@]}" >"$log" 2>&1 &
  tester=$!
  peak=0; xact_start=""
  # Every 100 ms: the shop's connections to its database (peak), and the commit counter once the load starts.
  while kill -0 "$tester" 2>/dev/null; do
    if ! $memory; then
      now=$(psql_ "SELECT count(*) FROM pg_stat_activity WHERE datname = 'eshop'" || echo 0)
      (( now > peak )) && peak=$now
      if [[ -z $xact_start ]] && grep -q "load phase starts" "$log"; then
        xact_start=$(psql_ "SELECT xact_commit FROM pg_stat_database WHERE datname = 'eshop'")
      fi
    fi
    sleep 0.1
  done
  code=0; wait "$tester" || code=$?
  (( code > status )) && status=$code
  tail -n 25 "$log"
  checkouts_per_s=$(python3 -c 'import json,sys; print(round(json.load(open(sys.argv[1]))["checkoutsPerSecond"], 2))' "$out/report.json" 2>/dev/null || echo "")
  line="run $n ($run): exit $code, ${checkouts_per_s:-?} checkouts/s"
  if ! $memory && [[ -n $checkouts_per_s ]]; then
    # Idle backends flush their statistics up to 10 s late (PGSTAT_IDLE_INTERVAL): wait before reading.
    sleep 11
    xact_end=$(psql_ "SELECT xact_commit FROM pg_stat_database WHERE datname = 'eshop'")
    checkouts=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["facts"]["checkouts.loadPhase"])' "$out/report.json")
    per_checkout=$(python3 -c 'import sys; d, c = float(sys.argv[1]), int(sys.argv[2]); print(round(d / c, 1) if c else "n/a")' \
      "$((xact_end - ${xact_start:-$xact_end}))" "$checkouts")
    ratio=$(python3 -c 'import sys; print(round(float(sys.argv[1]) / float(sys.argv[2]), 4))' "$checkouts_per_s" "$pgbench_tps")
    dotnet tests/LoadTest/bin/Release/net10.0/EShop.LoadTest.dll annotate --out "$out" \
      --note "db_peak_connections=$peak" --note "db_xact_per_checkout=$per_checkout" \
      --note "checkouts_per_s_over_pgbench_tps=$ratio" >/dev/null
    line+=", peak $peak connections, ~$per_checkout transactions per checkout, checkouts/s / pgbench TPS = $ratio"
  fi
  if [[ -n $hello_rps && -n $checkouts_per_s ]]; then
    line+=", checkouts/s / hello-world req/s = $(python3 -c 'import sys; print(round(float(sys.argv[1]) / float(sys.argv[2]), 5))' "$checkouts_per_s" "$hello_rps")"
  fi
  summary+=("$line")
done

if ! $memory && [[ ${HOT_SKU:-1} != 0 ]]; then
  psql_ "CREATE DATABASE eshop_hot" >/dev/null
  echo "== hot sku: one inventory grain, 256 callers, 10 s (its own silo and database eshop_hot)"
  hot_code=0
  dotnet tests/Benchmarks/HotSku/bin/Release/net10.0/HotSku.dll \
    "Host=127.0.0.1;Port=$pgport;Database=eshop_hot;Username=postgres" 10 256 >"$results/hot-sku.log" 2>&1 || hot_code=$?
  (( hot_code > status )) && status=$hot_code
  hot=$(grep "^hot sku:" "$results/hot-sku.log" || tail -n 5 "$results/hot-sku.log")
  echo "$hot"
  summary+=("hot sku (exit $hot_code): ${hot#hot sku: }")
fi

echo "== summary (pgbench TPS ${pgbench_tps:-n/a}, hello world ${hello_rps:-n/a} req/s); reports in $results/"
printf '%s\n' "${summary[@]}"
exit "$status"
