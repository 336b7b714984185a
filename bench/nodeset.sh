#!/usr/bin/env bash
# Node-set figures (issue 23): a cold JVM resolving a small selector, one of exactly 100,000 names, and the 3.2 KB
# selector of 400 ranges (40 million names), which must be refused fast and without filling the heap. Before the
# limit was counted up front the last one took 52 s and 2.27 GB of heap here; the ratio is huge / small.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d target/test-classes ] || mvn -o -q -B -DskipTests test-compile
run() { java -Xmx4g -cp target/classes:target/test-classes netshell.bench.NodeSetBench "$1"; }
small=$(run small); limit=$(run limit); huge=$(run huge)
printf '%s\n%s\n%s\n' "$small" "$limit" "$huge"
ms() { sed -E 's/.*: ([0-9.]+) ms.*/\1/' <<<"$1"; }
echo "huge / small: $(echo "$(ms "$huge") / $(ms "$small")" | bc -l | xargs printf '%.1f')x"
