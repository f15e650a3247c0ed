#!/usr/bin/env bash
# Events per second through the "events" stream provider, end to end: grains publish DomainEvents (each awaited,
# as the outbox does) and an implicitly subscribed grain counts them. Kafka runs on librdkafka's mock cluster.
#   tests/Benchmarks/events.sh [events] [streams]
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet build -c Release tests/Benchmarks/EventThroughput -v q -nologo >/dev/null
for mode in memory kafka; do
  dotnet run -c Release --no-build --project tests/Benchmarks/EventThroughput -- "$mode" "${1:-20000}" "${2:-128}"
done
