#!/usr/bin/env bash
# Server benchmarks with a generated report (docs/benchmarks/server.md + PNG chart).
# Usage: bench/run.sh [--sizes 1000,100000,1000000] [--stores sqlite,postgres] [--seconds 5]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mvn -q -B install -DskipTests
cp_file="$(mktemp)"
mvn -q -B -pl spaceport-bench dependency:build-classpath -Dmdep.outputFile="$cp_file"
classpath="spaceport-bench/target/classes:$(cat "$cp_file")"
rm -f "$cp_file"
exec java -Xmx2g -Djava.awt.headless=true -cp "$classpath" dev.spaceport.bench.BenchmarkRunner \
    --out docs/benchmarks "$@"
