#!/usr/bin/env bash
# The web page's first render in headless Chromium on a lab of NODES nodes (default 2 and 100), against the same
# browser opening the static 'topology --html' page of the same lab. Goal: under 3 s at 100 nodes.
# Run as root; needs chromium and chromium-driver (./shell test installs them).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B test-compile >/dev/null
cp=$(mvn -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=/dev/stdout | sed 's/\x1b\[[0-9;]*m//g')
for n in ${NODES:-2 100}; do
  java -cp "target/classes:target/test-classes:$cp" netshell.bench.WebBench render "$n" 2>&1 | grep -v '^SLF4J' | grep -E '^nodes|Exception|rror' 
done
