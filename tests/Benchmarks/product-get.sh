#!/usr/bin/env bash
# GET /api/products/{id} on the Release Api beside a hello-world ASP.NET Core endpoint, same machine, same run.
# Needs wrk (apt-get install wrk). Usage: tests/Benchmarks/product-get.sh [duration=20s] [connections=64]
set -euo pipefail
cd "$(dirname "$0")/../.."
duration=${1:-10s}; connections=${2:-64}
dotnet build src/Api -c Release -v q -nologo >/dev/null
dotnet build tests/Benchmarks/HelloWorld -c Release -v q -nologo >/dev/null

ASPNETCORE_ENVIRONMENT=Development Logging__LogLevel__Default=Warning \
  dotnet src/Api/bin/Release/net10.0/EShop.Api.dll --urls http://127.0.0.1:5101 --contentRoot "$PWD/src/Api" >/tmp/bench-api.log 2>&1 &
api=$!
dotnet tests/Benchmarks/HelloWorld/bin/Release/net10.0/HelloWorld.dll --urls http://127.0.0.1:5102 >/tmp/bench-hello.log 2>&1 &
hello=$!
trap 'kill $api $hello 2>/dev/null' EXIT
for _ in $(seq 1 60); do
  curl -sf http://127.0.0.1:5101/health/ready >/dev/null && curl -sf http://127.0.0.1:5102/ >/dev/null && break
  sleep 0.5
done

product=http://127.0.0.1:5101/api/products/prd_demo_classic-tee
hello_url=http://127.0.0.1:5102/
curl -sf "$product" >/dev/null
wrk -t2 -c"$connections" -d5s "$hello_url" >/dev/null     # warm-up: JIT tiering, activation
wrk -t2 -c"$connections" -d5s "$product" >/dev/null
# Alternating rounds, so that drift in the machine's speed lands on both sides alike.
for round in 1 2 3; do
  for target in "$hello_url" "$product"; do
    out=$(wrk -t2 -c"$connections" -d"$duration" --latency "$target")
    rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
    p50=$(echo "$out" | awk '$1 == "50%" {print $2}')
    p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
    errors=$(echo "$out" | awk '/Non-2xx/ {print $NF}')
    echo "round $round  $target  rps=$rps  p50=$p50  p99=$p99  non2xx=${errors:-0}"
  done
done
