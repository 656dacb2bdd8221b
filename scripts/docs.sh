#!/usr/bin/env bash
# Builds the DocC documentation of every library target (their catalogs are
# Sources/<Target>/<Target>.docc), with DocC's warnings as errors: a broken symbol link or an
# undocumented parameter fails the build. The archives land in .build/plugins/Swift-DocC/outputs.
set -euo pipefail
cd "$(dirname "$0")/.."
for target in QMTLCore QMTLBacktest QMTLStore QMTLAPI QMTLService QMTLServer QMTLClient; do
    echo "== DocC: $target"
    swift package generate-documentation --target "$target" --warnings-as-errors 2>&1 | grep -v "swift-distributed-tracing\|CMakeLists.txt" | tail -3
    test "${PIPESTATUS[0]}" -eq 0
done
