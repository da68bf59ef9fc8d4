#!/usr/bin/env bash
# CLI cold start: wall and CPU time of `./spaceport spaces list`, each run a fresh JVM, against a
# `./spaceport serve` on a throw-away Spaceport home (one organization, one space); the same with
# the class-data archive off (SPACEPORT_CDS=0) for comparison. The goal is under 0.5 s wall.
# Wall time follows the machine's load; CPU time (user + sys) much less so: report both, with
# the load average. Usage: bench/cli-cold-start.sh [runs]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-15}"
home="$(mktemp -d)"
export SPACEPORT_HOME="$home"
unset ARIZE_API_KEY ARIZE_API_HOST ARIZE_API_SCHEME SPACEPORT_PROFILE SPACEPORT_DATA_DIR
"$root/spaceport" serve --port 0 --log-format text >"$home/serve.log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$home"' EXIT
for _ in $(seq 1 240); do
  [ -f "$home/server.json" ] && break
  sleep 0.5
done
[ -f "$home/server.json" ] || { echo "serve did not start; see $home/serve.log" >&2; exit 1; }

# Also makes the class-data archive if this build has none yet (not timed).
"$root/spaceport" orgs create bench-org >/dev/null
"$root/spaceport" spaces create bench-space --org bench-org >/dev/null

# One run: "wall cpu" in seconds (CPU from bash's own accounting of the finished child).
one() {
  local start end
  start=$(date +%s%N)
  TIMEFORMAT='%U %S'
  local cpu
  cpu=$( { time "$@" >/dev/null 2>&1; } 2>&1 )
  end=$(date +%s%N)
  awk -v w="$(( (end - start) / 1000000 ))" -v c="$cpu" \
      'BEGIN { split(c, p, " "); printf "%.3f %.3f\n", w / 1000, p[1] + p[2] }'
}

# "median min max" of one column of "wall cpu" lines.
stats() {
  awk -v col="$1" '{ print $col }' | sort -n \
      | awk '{ v[NR] = $1 } END { printf "median %.2f s  min %.2f s  max %.2f s", v[int((NR + 1) / 2)], v[1], v[NR] }'
}

report() {
  local label="$1"; shift
  local results=""
  for _ in $(seq 1 "$runs"); do
    results+="$(one "$@")"$'\n'
  done
  printf '%-28s wall: %s | cpu: %s\n' "$label" \
      "$(printf '%s' "$results" | stats 1)" "$(printf '%s' "$results" | stats 2)"
}

echo "spaceport spaces list, $runs cold starts each ($(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg))"
report "./spaceport (archive)" "$root/spaceport" spaces list
report "./spaceport SPACEPORT_CDS=0" env SPACEPORT_CDS=0 "$root/spaceport" spaces list
