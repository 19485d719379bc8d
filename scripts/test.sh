#!/usr/bin/env bash
# Run every test of the project, as CI does: unit tests, property tests, golden pcaps, and the tests that need root
# (AF_PACKET, network namespaces with real Linux MPTCP). Run as root on Debian 12; installs what it needs.
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."

scripts/install-deps.sh

if [ "$(id -u)" -ne 0 ]; then
    echo "test.sh: not root: the namespace and AF_PACKET tests will be skipped (run with sudo to run them all)" >&2
fi

# Namespaces of a crashed earlier run carry other names (every test run uses a random lab id), so they cannot
# break this run; report them so that they get noticed.
leftovers=$(ip netns list 2>/dev/null | awk '$1 ~ /^mgw/ {print $1}' | tr '\n' ' ')
[ -n "$leftovers" ] && echo "test.sh: note: namespaces left by an earlier run: $leftovers"

mvn -B -ntp verify "$@"

# The benchmark's quick mode, so that the benchmark cannot rot (a few minutes at most).
if [ -x scripts/bench.sh ]; then
    scripts/bench.sh --quick
fi
