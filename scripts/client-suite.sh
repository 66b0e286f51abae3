#!/usr/bin/env bash
# client-suite.sh runs aerospike-client-go v8.5.0's own test suite (ginkgo
# specs, shipped in the module), unchanged and untuned, against a server,
# and prints the numbers of passed, failed and skipped specs.
#
#   scripts/client-suite.sh [timeout]              # against aerotest (built here); default timeout 15m
#   scripts/client-suite.sh HOST:PORT [timeout]    # against the server at HOST:PORT, e.g. a real one:
#       ../shared/aerospike/server.sh start /tmp/asd 3000 && scripts/client-suite.sh 127.0.0.1:3000
#
# The suite takes the server address from its -h/-p flags
# (aerospike_suite_test.go). On a real Community Edition server it gives the
# reference counts (its failures are Enterprise-only features: security,
# transactions, durable deletes). On aerotest, specs that need features it
# does not implement (transactions) fail by design; see aerotest's package
# doc for the supported subset.
set -euo pipefail

ADDR=""
if [[ "${1:-}" == *:* ]]; then ADDR=$1; shift; fi
TIMEOUT=${1:-15m}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
CLIENT_VERSION=v8.5.0
SRC=$(go env GOMODCACHE)/github.com/aerospike/aerospike-client-go/v8@${CLIENT_VERSION}
WORK=$(mktemp -d)
trap 'kill "${SERVER_PID:-}" 2>/dev/null || true; wait "${SERVER_PID:-}" 2>/dev/null || true; chmod -R u+w "$WORK"; rm -rf "$WORK"' EXIT

if [ ! -d "$SRC" ]; then
	(cd "$ROOT" && go mod download github.com/aerospike/aerospike-client-go/v8)
fi

if [ -n "$ADDR" ]; then
	HOST=${ADDR%:*}; PORT=${ADDR##*:}
	echo "server: $ADDR"
	: >"$WORK/server.log"
else
	# aerotest, on a free port.
	(cd "$ROOT" && go build -o "$WORK/aerotest" ./cmd/aerotest)
	HOST=127.0.0.1
	PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
	"$WORK/aerotest" -addr "$HOST:$PORT" -namespaces test >"$WORK/server.log" 2>&1 &
	SERVER_PID=$!
	for _ in $(seq 50); do
		if (echo >/dev/tcp/$HOST/$PORT) 2>/dev/null; then break; fi
		sleep 0.1
	done
	echo "server: aerotest on $HOST:$PORT"
fi

# A writable copy of the client module (the module cache is read-only).
cp -r "$SRC" "$WORK/client"
chmod -R u+w "$WORK/client"
cd "$WORK/client"
go mod download >/dev/null

set +e
go test -count=1 -timeout "$TIMEOUT" . -args -h "$HOST" -p "$PORT" -ginkgo.no-color >"$WORK/suite.log" 2>&1
RC=$?
set -e

cp "$WORK/suite.log" "${SUITE_LOG:-/tmp/aerotest-client-suite.log}"
grep -E '^(Ran [0-9]+ of [0-9]+ Specs|FAIL!|SUCCESS!)|Passed \|' "$WORK/suite.log" || true
echo "go test exit code: $RC (full log: ${SUITE_LOG:-/tmp/aerotest-client-suite.log}; server log lines: $(wc -l <"$WORK/server.log"))"
