#!/usr/bin/env bash
# What can be checked here without a Docker engine: no committed secrets, the compose file, the Prometheus config,
# alert rules and their unit tests, every dashboard query, the Alertmanager config, the publish steps the Dockerfile
# runs, and the Kubernetes overlays. Needs: apt-get install docker-compose prometheus (for promtool)
# prometheus-alertmanager (for amtool, optional); kubectl. tests/Deploy.Tests checks the same in CI.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

# Secrets live in docker/.env, which is never committed: no tracked .env file anywhere (docker/.env.example aside).
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  committed=$(git ls-files | grep -E '(^|/)\.env(\.[^/]*)?$' | grep -vE '(^|/)\.env\.example$' || true)
  if [ -n "$committed" ]; then echo "secrets: committed .env file(s): $committed" >&2; exit 1; fi
fi
# No literal secret in the compose files: a password, secret, key or token comes from docker/.env as ${VAR...}.
secret='[A-Za-z0-9_]*(PASSWORD|SECRET|SIGNINGKEY|SIGNING_KEY|APIKEY|API_KEY|SECRETKEY|TOKEN)[A-Za-z0-9_]*'
# Flagged: a secret-named key with a value of its own, a Password= in a connection string, a non-empty ${VAR:-default}.
literals=$(grep -nHiE \
  -e "^[[:space:]]*-?[[:space:]]*${secret}[[:space:]]*[:=][[:space:]]*[\"']?[^[:space:]\$\"'#]" \
  -e "(password|pwd)=[^\$;\"' ]" \
  -e "\\$\\{${secret}:?-[^}]" \
  docker/*compose*.y*ml || true)
if [ -n "$literals" ]; then echo "secrets: literal values in compose files (use \${VAR:?...} and docker/.env):" >&2; echo "$literals" >&2; exit 1; fi
# The example names the secrets but holds none.
filled=$(grep -nE "^${secret}=.+" docker/.env.example || true)
if [ -n "$filled" ]; then echo "secrets: docker/.env.example holds values: $filled" >&2; exit 1; fi
echo "secrets: none committed"

# Without docker/.env the compose file must not resolve (every required secret is ${VAR:?...}) ...
touch "$tmp/empty.env"
if env -i PATH="$PATH" docker-compose --env-file "$tmp/empty.env" -f docker/docker-compose.yml config -q 2>/dev/null; then
  echo "compose: resolves without docker/.env, so some secret has a default" >&2; exit 1
fi
# ... and with one made from the example, throwaway values filled in as an operator would, it is valid.
sed -E "s|^([A-Z0-9_]+)=$|\1=$(openssl rand -hex 32)|" docker/.env.example > "$tmp/check.env"
env -i PATH="$PATH" docker-compose --env-file "$tmp/check.env" -f docker/docker-compose.yml config -q && echo "compose: valid"

promtool check rules docker/prometheus/alerts.yml
promtool test rules docker/prometheus/alerts.test.yml
# Every query of every Grafana dashboard, as a recording rule, so that promtool parses it as Prometheus would.
python3 - "$tmp/dashboards.rules.yml" docker/grafana/dashboards/*.json <<'PY'
import json, sys
out, boards = sys.argv[1], sys.argv[2:]
lines = ["groups:"]
for board in boards:
    uid = json.load(open(board))["uid"].replace("-", "_")
    lines += [f"  - name: {json.dumps(board)}", "    rules:"]
    for panel in json.load(open(board))["panels"]:
        for target in panel["targets"]:
            expr = target["expr"].replace("$__rate_interval", "5m")
            lines += [f"      - record: {uid}:panel{panel['id']}:{target['refId']}", f"        expr: {json.dumps(expr)}"]
open(out, "w").write("\n".join(lines) + "\n")
PY
promtool check rules "$tmp/dashboards.rules.yml"
if command -v amtool >/dev/null; then amtool check-config docker/alertmanager/alertmanager.yml; fi
sed "s|/etc/prometheus/alerts.yml|$PWD/docker/prometheus/alerts.yml|" docker/prometheus/prometheus.yml > "$tmp/prometheus.yml"
promtool check config "$tmp/prometheus.yml"
# The Dockerfile's build stage, step for step, into a scratch folder, and what each host weighs.
dotnet restore src/Silo/EShop.Silo.csproj >/dev/null
dotnet publish src/Silo/EShop.Silo.csproj -c Release --no-restore -o "$tmp/silo" >/dev/null
dotnet publish src/Api/EShop.Api.csproj -c Release -p:ClientOnly=true -o "$tmp/api" >/dev/null
test -f "$tmp/api/EShop.Api.dll" && test -f "$tmp/silo/EShop.Silo.dll" && echo "publish: api (client-only) and silo built"
for host in api silo; do echo "publish: $host $(du -sh "$tmp/$host" | cut -f1), $(find "$tmp/$host" -name '*.dll' | wc -l) assemblies"; done
silo_only=$(cd "$tmp/api" && ls EShop.Silo.dll EShop.Grains.dll Confluent.Kafka.dll Stripe.net.dll MailKit.dll Evolve.dll 2>/dev/null || true)
if [ -n "$silo_only" ]; then echo "publish: the client-only Api carries silo-only assemblies: $silo_only" >&2; exit 1; fi
# The Kubernetes overlays render (tests/Deploy.Tests reads every object strictly and checks them).
for overlay in dev prod; do kubectl kustomize "deploy/k8s/overlays/$overlay" >/dev/null && echo "kustomize: $overlay renders"; done
