#!/usr/bin/env bash
# The benchmark suite: generates BENCHMARKS.md (every target, measured, with its verdict) and the
# charts in docs/benchmarks/. Hand-written notes on misses come from bench/NOTES.md.
# Usage: bench/run.sh [--sizes 1000,100000,1000000] [--stores sqlite,postgres] [--seconds 5]
#        (the defaults are the issue's: all three sizes on both stores)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mvn -q -B install -DskipTests
cp_file="$(mktemp)"
mvn -q -B -pl spaceport-bench dependency:build-classpath -Dmdep.outputFile="$cp_file"
classpath="spaceport-bench/target/classes:$(cat "$cp_file")"
rm -f "$cp_file"
exec java -Xmx2g -Djava.awt.headless=true -cp "$classpath" dev.spaceport.bench.BenchmarkRunner \
    --out docs/benchmarks --report BENCHMARKS.md --notes bench/NOTES.md \
    --sizes 1000,100000,1000000 --stores sqlite,postgres "$@"
