#!/usr/bin/env bash
# Measures the resident memory of the packaged tool under light, repeated page traffic, to
# size container memory requests and limits. Linux only (reads /proc/<pid>/status).
#
#   deploy/measure-memory.sh [requests-per-page] [extra JVM flags...]
#
# Builds target/recovery-lab.jar when it is missing, starts it on 127.0.0.1 with a throw-away
# H2 database, requests each page the given number of times (default 300), then prints the
# peak (VmHWM) and current (VmRSS) resident set size and stops the tool.
set -euo pipefail
cd "$(dirname "$0")/.."

rounds="${1:-300}"
shift || true
jar=target/recovery-lab.jar
[ -f "$jar" ] || mvn -B -q -DskipTests package

work="$(mktemp -d)"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 18080)"
base="http://127.0.0.1:$port"

( cd "$work" && exec env -u DATABASE_URL -u CONTENT_DIR PORT="$port" DATA_DIR="$work/data" \
    java "$@" -jar "$OLDPWD/$jar" >"$work/out.log" 2>&1 ) &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT

for _ in $(seq 1 120); do
  curl -fsS -o /dev/null "$base/ready" 2>/dev/null && break
  kill -0 "$pid" 2>/dev/null || { cat "$work/out.log"; exit 1; }
  sleep 0.5
done
# the java process itself (the subshell execs into it)
jpid="$pid"

pages=(/ /health /ready /.well-known/jwks.json /static/site.css /no-such-page)
for _ in $(seq 1 "$rounds"); do
  for page in "${pages[@]}"; do
    curl -sS -o /dev/null "$base$page"
  done
done

echo "requests: $((rounds * ${#pages[@]})) over ${#pages[@]} pages; JVM flags: ${*:-(none)}"
grep -E '^(VmHWM|VmRSS)' "/proc/$jpid/status"
