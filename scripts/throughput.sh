#!/usr/bin/env bash
# throughput.sh measures issue 18's throughput ratio: aero's Repo.Get
# against the raw client's Get plus a hand-written decode, at 16 and 64
# goroutines (driver/aerospike BenchmarkThroughputGet), on a real server,
# the server pinned to one core and the benchmark to another.
#
#   scripts/throughput.sh SERVER_DIR PORT [rounds] [benchtime]
#   e.g. ../shared/aerospike/server.sh start /tmp/asd 3000 && scripts/throughput.sh /tmp/asd 3000 8 2s
#
# SERVER_DIR is the directory given to server.sh start (its n0/asd.pid names
# the server). The benchmark binary is built once and run once per round;
# each run measures, at each goroutine count, aero then raw (each for
# benchtime) and both interleaved in slices of a few hundred calls, so that
# both meet the same load of a shared machine. It prints each round's
# throughput ratio (aero over raw: 1 is the raw client's throughput), their
# median, and benchstat's comparison of the aero and raw runs when
# benchstat resolves. SERVER_CPU and CLIENT_CPU choose the cores (0 and 1).
set -euo pipefail

DIR=${1:?server dir}
PORT=${2:?port}
ROUNDS=${3:-8}
BENCHTIME=${4:-2s}
SERVER_CPU=${SERVER_CPU:-0}
CLIENT_CPU=${CLIENT_CPU:-1}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

PID=$(cat "$DIR/n0/asd.pid")
taskset -a -p -c "$SERVER_CPU" "$PID" >/dev/null
(cd "$ROOT" && go test -c -o "$WORK/bench.test" ./driver/aerospike)
OUT=$WORK/out.txt
for r in $(seq "$ROUNDS"); do
	(cd "$ROOT/driver/aerospike" && AEROSPIKE_TEST_DSN=aerospike://127.0.0.1:$PORT/test \
		taskset -c "$CLIENT_CPU" "$WORK/bench.test" -test.run '^$' -test.bench '^BenchmarkThroughputGet$' \
		-test.benchtime "$BENCHTIME" -test.benchmem) | tee -a "$OUT" | grep '^Benchmark' | sed "s/^/round $r: /"
done

# The ratios of each round, per goroutine count, and their medians: from
# the interleaved sub-benchmark, of the wall time (aero/raw) and of the
# client's CPU time per call (aero/raw-cpu: the ratio when the client's
# core is the bottleneck); from the aero and raw sub-benchmarks, raw ns/op
# over aero ns/op.
awk '
function med(a, m,   i, j, t) {
	for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
	return m % 2 ? a[(m + 1) / 2] : (a[m / 2] + a[m / 2 + 1]) / 2
}
function show(g, what, k,   i, line, r) {
	if (!n[g, k]) return
	for (i = 1; i <= n[g, k]; i++) { r[i] = v[g, k, i]; line = line sprintf(" %.3f", r[i]) }
	printf "%s %s:%s; median %.3f\n", g, what, line, med(r, n[g, k])
}
/^BenchmarkThroughputGet\/g=[0-9]+\// {
	split($1, p, "/"); g = p[2]; side = p[3]; sub(/-[0-9]+$/, "", side); gs[g] = 1
	if (side == "interleaved") {
		for (f = 4; f < NF; f++) if ($(f + 1) == "aero/raw" || $(f + 1) == "aero/raw-cpu") { k = $(f + 1); n[g, k]++; v[g, k, n[g, k]] = $f }
	} else {
		ns[g, side, ++c[g, side]] = $3
		if (side == "raw" && c[g, "aero"] == c[g, "raw"]) { k = "seq"; n[g, k]++; v[g, k, n[g, k]] = $3 / ns[g, "aero", c[g, "aero"]] }
	}
}
END {
	for (g in gs) {
		show(g, "interleaved, aero/raw throughput (wall time) per round", "aero/raw")
		show(g, "interleaved, aero/raw throughput at client CPU saturation (CPU time per call) per round", "aero/raw-cpu")
		show(g, "one after the other, aero/raw throughput per round", "seq")
	}
}' "$OUT" | sort

# benchstat compares the two sides as two files of the same benchmark names.
sed -n 's#^\(BenchmarkThroughputGet/g=[0-9]*\)/aero#\1#p' "$OUT" >"$WORK/aero.txt"
sed -n 's#^\(BenchmarkThroughputGet/g=[0-9]*\)/raw#\1#p' "$OUT" >"$WORK/raw.txt"
(cd "$WORK" && go run golang.org/x/perf/cmd/benchstat@latest raw.txt aero.txt 2>/dev/null) ||
	echo "(benchstat did not resolve: the ratios above stand alone)"
