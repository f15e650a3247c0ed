#!/usr/bin/env bash
# What can be checked here without a Docker engine: the compose file, the Prometheus config and alert rules,
# and the publish step the Dockerfile runs. Needs: apt-get install docker-compose prometheus (for promtool).
set -euo pipefail
cd "$(dirname "$0")/.."
docker-compose -f docker/docker-compose.yml config -q && echo "compose: valid"
promtool check rules docker/prometheus/alerts.yml
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
sed "s|/etc/prometheus/alerts.yml|$PWD/docker/prometheus/alerts.yml|" docker/prometheus/prometheus.yml > "$tmp/prometheus.yml"
promtool check config "$tmp/prometheus.yml"
# The Dockerfile's build stage, step for step, into a scratch folder.
dotnet restore src/Api/EShop.Api.csproj >/dev/null
dotnet publish src/Api/EShop.Api.csproj -c Release --no-restore -o "$tmp/api" >/dev/null
dotnet publish src/Silo/EShop.Silo.csproj -c Release --no-restore -o "$tmp/silo" >/dev/null
test -f "$tmp/api/EShop.Api.dll" && test -f "$tmp/silo/EShop.Silo.dll" && echo "publish: api and silo built"
