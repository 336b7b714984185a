#!/usr/bin/env bash
# The web page in headless Chromium:
#  - first render on a lab of NODES nodes (default 2 and 100), against the same browser opening the static
#    'topology --html' page of the same lab. Goal: under 3 s at 100 nodes.
#  - a ping flood of PPS packets a second (default 2000 asked, to reach over 1000 captured) captured by 'tcpdump vxlan' with the page open: packets
#    captured against packet events drawn, and the page's timer delay during the flood against the idle page.
# Run as root; needs chromium and chromium-driver (./shell test installs them).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B test-compile >/dev/null
cp=$(mvn -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=/dev/stdout | sed 's/\x1b\[[0-9;]*m//g')
run() { java -cp "target/classes:target/test-classes:$cp" netshell.bench.WebBench "$@" 2>&1 | grep -v '^SLF4J' \
  | grep -E '^nodes|^flood|^page|Exception|rror'; }
for n in ${NODES:-2 100}; do run render "$n"; done
run flood "${PPS:-2000}"   # asked; on a busy machine the pings deliver about 2/3 of it
