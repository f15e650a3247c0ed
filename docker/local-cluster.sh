#!/usr/bin/env bash
# The compose topology as plain processes on this machine, no container engine: PostgreSQL (Debian's server
# binaries, a throwaway data directory), librdkafka's mock Kafka (tools/KafkaMock), N silo processes and the Api in
# Client mode, each on free ports. Prints the URLs and "local cluster ready", then runs until Ctrl-C (or SIGTERM),
# which stops everything and deletes the data.
#
#   docker/local-cluster.sh [--silos N] [--api-port P] [--configuration Debug|Release] [--no-build]
#
# The shop runs in Development (demo catalog, admin admin@eshop.local / the Development password, simulated
# payments). Each process keeps at most Postgres:MaxConnections=20 connections, so 3 silos and the Api stay under
# PostgreSQL's default 100. Logs: $work/*.log (the folder is printed).
set -euo pipefail
cd "$(dirname "$0")/.."

silos=2; api_port=""; configuration=Debug; build=true
while (( $# )); do
  case $1 in
    --silos) silos=$2; shift 2 ;;
    --api-port) api_port=$2; shift 2 ;;
    --configuration) configuration=$2; shift 2 ;;
    --no-build) build=false; shift ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
as_pg() { if [[ $(id -u) == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }

work=$(mktemp -d /tmp/eshop-local-cluster.XXXXXX)
chmod 755 "$work"
pids=()
pg_started=false
pgbin=${PGBIN:-$(printf "%s\n" /usr/lib/postgresql/*/bin | sort -V | tail -n1)}
stopping=false
# shellcheck disable=SC2317  # called by the traps
stop_all() {
  $stopping && return; stopping=true
  echo "== stopping"
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  if $pg_started; then as_pg "$pgbin/pg_ctl" -D "$work/pg/data" -m fast -w stop >/dev/null 2>&1 || true; fi
  rm -rf "$work"
  echo "== stopped"
}
trap stop_all EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if $build; then
  echo "== building ($configuration)"
  dotnet build src/Silo -c "$configuration" -v q -nologo >/dev/null
  dotnet build src/Api -c "$configuration" -v q -nologo >/dev/null
  dotnet build tools/KafkaMock -c "$configuration" -v q -nologo >/dev/null
fi
bin() { echo "$1/bin/$configuration/net10.0/$2"; }

pg_port=$(free_port)
mkdir -p "$work/pg"
if [[ $(id -u) == 0 ]]; then chown postgres "$work/pg"; fi
as_pg "$pgbin/initdb" -D "$work/pg/data" -U postgres --auth=trust >/dev/null
as_pg "$pgbin/pg_ctl" -D "$work/pg/data" -l "$work/pg/postgres.log" -w -o "-p $pg_port -k $work/pg -c listen_addresses=127.0.0.1" start >/dev/null
pg_started=true
psql -h 127.0.0.1 -p "$pg_port" -U postgres -qc "CREATE DATABASE eshop" >/dev/null
connection="Host=127.0.0.1;Port=$pg_port;Database=eshop;Username=postgres"
echo "== PostgreSQL on 127.0.0.1:$pg_port"

dotnet "$(bin tools/KafkaMock EShop.KafkaMock.dll)" >"$work/kafka.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do grep -q '^bootstrap=' "$work/kafka.log" && break; sleep 0.1; done
bootstrap=$(sed -n 's/^bootstrap=//p' "$work/kafka.log")
[[ -n $bootstrap ]] || { echo "the Kafka mock did not start:"; cat "$work/kafka.log"; exit 1; }
echo "== Kafka mock on $bootstrap"

export ASPNETCORE_ENVIRONMENT=Development DOTNET_ENVIRONMENT=Development Logging__LogLevel__Default=Warning \
  Orleans__Storage=Postgres Orleans__Streams=Kafka Orleans__ClusterId=eshop-local Orleans__AdvertisedIPAddress=127.0.0.1 \
  "ConnectionStrings__eshop=$connection" Kafka__BootstrapServers="$bootstrap" Postgres__MaxConnections=20

wait_ready() { # name url pid
  for _ in $(seq 1 600); do
    if ! kill -0 "$3" 2>/dev/null; then echo "$1 exited; its log:"; tail -n 40 "$work/$1.log"; exit 1; fi
    curl -sf "$2/health/ready" >/dev/null && return 0
    sleep 0.2
  done
  echo "$1 not ready after 120 s; its log:"; tail -n 40 "$work/$1.log"; exit 1
}

for n in $(seq 1 "$silos"); do
  http=$(free_port)
  Orleans__SiloPort=$(free_port) Orleans__GatewayPort=$(free_port) \
    dotnet "$(bin src/Silo EShop.Silo.dll)" --urls "http://127.0.0.1:$http" >"$work/silo$n.log" 2>&1 &
  pids+=($!)
  wait_ready "silo$n" "http://127.0.0.1:$http" "${pids[-1]}"
  echo "== silo$n (pid ${pids[-1]}) ready: http://127.0.0.1:$http/health/ready"
done

api_port=${api_port:-$(free_port)}
Orleans__Mode=Client dotnet "$(bin src/Api EShop.Api.dll)" --contentRoot "$PWD/src/Api" --urls "http://127.0.0.1:$api_port" >"$work/api.log" 2>&1 &
pids+=($!)
wait_ready api "http://127.0.0.1:$api_port" "${pids[-1]}"
echo "== api (pid ${pids[-1]}, Client mode) ready: http://127.0.0.1:$api_port  (Scalar UI: /scalar, logs: $work)"
echo "local cluster ready: api=http://127.0.0.1:$api_port silos=$silos"

# Until Ctrl-C / SIGTERM. A silo that dies is reported and the others carry on (that is what a cluster is for: kill
# one to watch its grains move); the cluster stops when the Api, the Kafka mock or the last silo is gone.
silo_pids=("${pids[@]:1:$silos}")
without() { local gone=$1; shift; for p in "$@"; do [[ $p == "$gone" ]] || echo "$p"; done; }
while true; do
  for pid in "${pids[@]}"; do
    kill -0 "$pid" 2>/dev/null && continue
    if [[ " ${silo_pids[*]} " == *" $pid "* ]]; then
      echo "== silo (pid $pid) exited; the cluster goes on without it"
      mapfile -t pids < <(without "$pid" "${pids[@]}")
      mapfile -t silo_pids < <(without "$pid" "${silo_pids[@]}")
      (( ${#silo_pids[@]} )) && continue
    fi
    echo "process $pid exited; stopping the cluster"; exit 1
  done
  sleep 1
done
