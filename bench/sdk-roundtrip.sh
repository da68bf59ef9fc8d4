#!/usr/bin/env bash
# SDK round-trip benchmark: p50/p99 of SpaceportClient.spaces().get beside a raw HttpClient GET,
# against an in-process server on loopback. Usage: bench/sdk-roundtrip.sh [iterations]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mvn -q -B install -DskipTests
cp_file="$(mktemp)"
mvn -q -B -pl spaceport-client dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$cp_file"
classpath="spaceport-client/target/test-classes:spaceport-client/target/classes:$(cat "$cp_file")"
rm -f "$cp_file"
exec java -Xms512m -Xmx512m -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    -cp "$classpath" dev.spaceport.client.bench.SdkRoundTripBenchmark "$@" 2> >(grep -v WARN >&2)
