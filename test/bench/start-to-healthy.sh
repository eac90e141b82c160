#!/usr/bin/env bash
# Seconds from `npm start` on a fresh embedded store (demo data loaded) until GET /health answers.
# Usage: test/bench/start-to-healthy.sh [checkout-dir]   (default: this checkout)
set -u
dir=${1:-$(dirname "$0")/../..}
data=$(mktemp -d)
port=$((20000 + RANDOM % 20000))
cd "$dir" || exit 1
start=$(date +%s.%N)
PORT=$port DATA_DIR=$data setsid npm start >"$data/log" 2>&1 &
pid=$!
until curl -fs "http://127.0.0.1:$port/health" >/dev/null 2>&1; do
  sleep 0.2
  if ! kill -0 "$pid" 2>/dev/null; then echo "server exited:"; tail -5 "$data/log"; rm -rf "$data"; exit 1; fi
done
end=$(date +%s.%N)
echo "$(echo "$end - $start" | bc) s to healthy (load average $(cut -d' ' -f1 /proc/loadavg))"
# setsid made the server its own process group: stop exactly that group.
kill -TERM -- "-$pid" 2>/dev/null
wait "$pid" 2>/dev/null
rm -rf "$data"
