package aerospike_test

// Known divergences: families of commands where aerotest or the memory
// backend answer differently from the real server and a fix is under way in
// another branch. A divergence that an entry excuses is logged, not failed,
// and its program stops there (the backends' states may differ from then
// on). Prune an entry once its fix is merged: TestDifferential then fails
// on any seed that still diverges.

import (
	"regexp"
	"slices"
)

// knownDiv is one known divergence. It excuses a divergence when the
// command matches cmd (nil: any command), when norm is set the answers are
// all the same once norm has rewritten them, and when odd is set
// (1: the last target, memory; 2: the one before, aerotest) every answer
// but that target's is the same.
type knownDiv struct {
	name string
	cmd  *regexp.Regexp
	norm func(dout) dout
	odd  int
}

// knownDivergent lists the divergences still open. Add an entry, naming
// the seed or the kept fuzz input, for one found while its fix is under way.
var knownDivergent = []knownDiv{}

// knownDivergence returns the name of the first known divergence that
// excuses the answers outs to the command, or "".
func knownDivergence(cmd string, outs []dout) string {
	for _, k := range knownDivergent {
		if k.cmd != nil && !k.cmd.MatchString(cmd) {
			continue
		}
		if k.odd > 0 && k.odd <= len(outs) {
			rest := slices.Delete(slices.Clone(outs), len(outs)-k.odd, len(outs)-k.odd+1)
			same := true
			for _, o := range rest[1:] {
				same = same && sameOut(rest[0], o)
			}
			if !same {
				continue
			}
		}
		if k.norm != nil {
			same := true
			first := k.norm(outs[0])
			for _, o := range outs[1:] {
				if !sameOut(first, k.norm(o)) {
					same = false
				}
			}
			if !same {
				continue
			}
		}
		return k.name
	}
	return ""
}
