#!/usr/bin/env bash
# Issue 18 item 2: the mechanical renames of branch "names", one per step,
# so that they can be re-run on code merged from other branches. Run from
# the repository root: scripts/renames-18.sh [step...] (no step: all, in
# order). Each step is idempotent. Run it on the merged tree, which holds
# the branch's non-mechanical commits too (type Command, the removed
# aerospike.Replica declaration, internal/seam); on a tree without them the
# result does not compile. The lead deletes this script after merging.
set -euo pipefail
cd "$(git rev-parse --show-toplevel)"

# rename OLD NEW [PATHSPEC...]: replace the word OLD by NEW in tracked files
# (Go, Markdown, shell), the whole word only, and the Example functions
# named after it (ExampleOLD, ExampleOLD_suffix).
rename() {
	local old=$1 new=$2
	shift 2
	local files
	files=$(git grep -l -E -e "\b(Example)?$old(\b|_)" -- "${@:-*.go}" '*.md' '*.sh' ':!scripts/renames-18.sh' || true)
	[ -z "$files" ] && return 0
	# shellcheck disable=SC2086
	perl -pi -e "s/\\b\\Q$old\\E\\b/$new/g; s/\\bExample\\Q$old\\E(?=\\b|_)/Example$new/g" $files
}

step_withfilterexp() {
	# aero.WithFilter (an expression filter) -> aero.WithFilterExp, its
	# option type FilterOption -> FilterExpOption. Every WithFilter and
	# FilterOption in the tree is aero's.
	rename WithFilter WithFilterExp
	rename FilterOption FilterExpOption
}

step_cmdnames() {
	# The hook/command names aero.OpGet = "GET", ... -> aero.CmdGet, ...
	# (they collided with the Op constructors GetOp(bin)). Unqualified in
	# the root package's files, qualified (aero.OpX) everywhere; another
	# package's OpX (driver.OpTouch, bitop.OpGet, wire.OpDelete) is left.
	local n old new root
	for n in Get Exists Put Delete Touch Operate BatchGet BatchExists BatchPut \
		BatchDelete Batch Scan Query CreateIndex DropIndex Truncate \
		RegisterUDF RemoveUDF ListUDFs Apply Background Aggregate; do
		old=Op$n new=Cmd$n
		root=$(git ls-files -- '*.go' | grep -v / || true)
		# shellcheck disable=SC2086
		perl -pi -e "s/(?<![.\\w])$old\\b/$new/g" $root
		files=$(git grep -lw -e "aero\.$old" -- '*.go' '*.md' ':!scripts/renames-18.sh' || true)
		# shellcheck disable=SC2086
		[ -z "$files" ] || perl -pi -e "s/\\baero\\.$old\\b/aero.$new/g" $files
	done
}

step_cmdparams() {
	# After "type Command string" (hooks.go) types OpInfo.Name and
	# Error.Op: the root package's unexported helpers take the command as
	# a Command, not a string. Only parameters named op.
	local root
	root=$(git ls-files -- '*.go' | grep -v / || true)
	# shellcheck disable=SC2086
	perl -pi -e 's/\bop string\b/op Command/g; s/\bop, ns, set string\b/op Command, ns, set string/g' $root
}

step_replica() {
	# aerospike.Replica (a string) is gone: aerospike.Config.Replica is a
	# driver.Replica, and the driver/aerospike constants ReplicaMaster, ...
	# are driver's.
	local files
	files=$(git ls-files -- 'driver/aerospike/*.go' | grep -v '^driver/aerospike/.*/' || true)
	# shellcheck disable=SC2086
	perl -pi -e 'next if /^\t\w+\s+Replica = "/; s/(?<![.\w])(ReplicaMaster|ReplicaMasterProles|ReplicaSequence|ReplicaPreferRack)\b/driver.$1/g' $files
	files=$(git grep -l -E 'aerospike\.Replica' -- '*.go' '*.md' ':!scripts/renames-18.sh' || true)
	# shellcheck disable=SC2086
	[ -z "$files" ] || perl -pi -e 's/\baerospike\.(Replica\w*)\b/driver.$1/g' $files
}

step_seams() {
	# aero.WithBeforeConnect, aero.WithAfterOpen and Session.OnClose are no
	# longer public API: the integration modules reach them through
	# internal/seam (installed by package aero's init).
	local files f
	files=$(git grep -l -E 'aero\.WithBeforeConnect|aero\.WithAfterOpen|\.OnClose\(' -- '*.go' ':!internal/seam' || true)
	[ -z "$files" ] && return 0
	# shellcheck disable=SC2086
	perl -pi -e 's/\baero\.WithBeforeConnect\(/seam.BeforeConnect[aero.Option](/g;
		s/\baero\.WithAfterOpen\(/seam.AfterOpen[aero.Option](/g;
		s/\b(?<!seam\.)(?!seam\.)(\w+)\.OnClose\(/seam.OnClose($1, /g' $files
	for f in $files; do
		grep -q '"github.com/aerokit/aero/internal/seam"' "$f" ||
			perl -0pi -e 's#(\n\t"github.com/aerokit/aero"\n)#$1\t"github.com/aerokit/aero/internal/seam"\n#' "$f"
	done
}

step_opspec() {
	# The server's bit and CDT op tables leave the public API of bitop and
	# cdt for internal/opspec: bitop.Param, bitop.ParamX, bitop.Spec,
	# bitop.SpecOf(c) -> opspec.BitParam, opspec.BitX, opspec.Bit,
	# opspec.BitOf(int(c)); cdt.ParamX, cdt.Spec, cdt.SpecOf(c) ->
	# opspec.CDTX, opspec.CDT, opspec.CDTOf(int(c)). Outside bitop and cdt.
	local files f
	files=$(git grep -l -E '\b(bitop|cdt)\.(Param|Spec)' -- '*.go' ':!bitop' ':!cdt' || true)
	[ -z "$files" ] && return 0
	# shellcheck disable=SC2086
	perl -pi -e 's/\bbitop\.SpecOf\(([^()]*)\)/opspec.BitOf(int($1))/g;
		s/\bcdt\.SpecOf\(([^()]*)\)/opspec.CDTOf(int($1))/g;
		s/\bbitop\.Spec\b/opspec.Bit/g; s/\bcdt\.Spec\b/opspec.CDT/g;
		s/\bbitop\.Param\b/opspec.BitParam/g;
		s/\bbitop\.Param(\w+)/opspec.Bit$1/g; s/\bcdt\.Param(\w+)/opspec.CDT$1/g' $files
	for f in $files; do
		grep -q '"github.com/aerokit/aero/internal/opspec"' "$f" ||
			perl -0pi -e 's#(\n\t"github.com/aerokit/aero/internal/msgpack"\n|\n\t"github.com/aerokit/aero/hll"\n|\n\t"github.com/aerokit/aero/exp"\n|\n\t"github.com/aerokit/aero/driver"\n)#$1\t"github.com/aerokit/aero/internal/opspec"\n#' "$f"
	done
}

steps=("$@")
if [ ${#steps[@]} -eq 0 ]; then
	steps=(withfilterexp cmdnames cmdparams replica seams opspec)
fi
for s in "${steps[@]}"; do
	"step_$s"
done
gofmt -l . | xargs -r gofmt -w
