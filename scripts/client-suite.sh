#!/usr/bin/env bash
# client-suite.sh runs aerospike-client-go v8.5.0's own test suite (ginkgo
# specs, shipped in the module) against the aerotest server, unchanged and
# untuned, and prints the numbers of passed, failed and skipped specs.
#
#   scripts/client-suite.sh [timeout]      # default timeout 15m
#
# The suite takes the server address from its -h/-p flags
# (aerospike_suite_test.go). Specs that need features aerotest does not
# implement (UDF, bit operations, transactions, security, geo) fail
# by design; see aerotest's package doc for the supported subset.
set -euo pipefail

TIMEOUT=${1:-15m}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
CLIENT_VERSION=v8.5.0
SRC=$(go env GOMODCACHE)/github.com/aerospike/aerospike-client-go/v8@${CLIENT_VERSION}
WORK=$(mktemp -d)
trap 'kill "${SERVER_PID:-}" 2>/dev/null || true; wait "${SERVER_PID:-}" 2>/dev/null || true; chmod -R u+w "$WORK"; rm -rf "$WORK"' EXIT

if [ ! -d "$SRC" ]; then
	(cd "$ROOT" && go mod download github.com/aerospike/aerospike-client-go/v8)
fi

# The server, on a free port.
(cd "$ROOT" && go build -o "$WORK/aerotest" ./cmd/aerotest)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
"$WORK/aerotest" -addr "127.0.0.1:$PORT" -namespaces test >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 50); do
	if (echo >/dev/tcp/127.0.0.1/$PORT) 2>/dev/null; then break; fi
	sleep 0.1
done

# A writable copy of the client module (the module cache is read-only).
cp -r "$SRC" "$WORK/client"
chmod -R u+w "$WORK/client"
cd "$WORK/client"
go mod download >/dev/null

set +e
go test -count=1 -timeout "$TIMEOUT" . -args -h 127.0.0.1 -p "$PORT" -ginkgo.no-color >"$WORK/suite.log" 2>&1
RC=$?
set -e

cp "$WORK/suite.log" "${SUITE_LOG:-/tmp/aerotest-client-suite.log}"
grep -E '^(Ran [0-9]+ of [0-9]+ Specs|FAIL!|SUCCESS!)|Passed \|' "$WORK/suite.log" || true
echo "go test exit code: $RC (full log: ${SUITE_LOG:-/tmp/aerotest-client-suite.log}; server log lines: $(wc -l <"$WORK/server.log"))"
