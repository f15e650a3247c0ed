#!/usr/bin/env bash
# Seconds from `dotnet run --project src/Api` (already built) to the first 200 from /health/ready, N runs.
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-5}
dotnet build src/Api -v q -nologo >/dev/null
for i in $(seq 1 "$runs"); do
  start=$(date +%s.%N)
  dotnet run --project src/Api --no-build -- --urls http://127.0.0.1:5103 >/tmp/startup-api.log 2>&1 &
  pid=$!
  until curl -sf http://127.0.0.1:5103/health/ready >/dev/null; do sleep 0.05; done
  end=$(date +%s.%N)
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo "run $i: $(echo "$end - $start" | bc) s to ready (--no-build)"
done
start=$(date +%s.%N)
dotnet run --project src/Api -- --urls http://127.0.0.1:5103 >/tmp/startup-api.log 2>&1 &
pid=$!
until curl -sf http://127.0.0.1:5103/health/ready >/dev/null; do sleep 0.05; done
end=$(date +%s.%N)
kill "$pid"; wait "$pid" 2>/dev/null || true
echo "plain dotnet run (up-to-date check included): $(echo "$end - $start" | bc) s to ready"
