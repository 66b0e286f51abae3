package drivertest

import (
	"bytes"
	"fmt"
	"math"

	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/exp"
	"github.com/aerokit/aero/hll"
)

// The HyperLogLog section: every rule comes from the server's
// as/src/base/particle_hll.c (8.1), as cited. Sketches are deterministic
// (MurmurHash3 of each element's MessagePack form), so a backend's HLL bin
// must be byte for byte the sketch package hll builds from the same
// elements, and its counts must be that sketch's estimates; estimates are
// also checked against the true counts, within HLL's error bounds.

func init() {
	parallelChecks = append(parallelChecks,
		check{"HLLFidelity", testHLLFidelity},
		check{"HLLFlags", testHLLFlags},
		check{"HLLBits", testHLLBits},
		check{"HLLUnionFold", testHLLUnionFold},
		check{"HLLSetOps", testHLLSetOps},
		check{"HLLValues", testHLLValues},
		check{"HLLExpressions", testHLLExpressions},
	)
}

// hllOps turns hll ops into driver operations.
func hllOps(ops ...hll.Op) []driver.Operation {
	out := make([]driver.Operation, len(ops))
	for i, op := range ops {
		out[i] = op.Operation()
	}
	return out
}

// hllElements returns n distinct elements of several types, prefixed so
// that two sets can overlap.
func hllElements(prefix string, from, to int) []any {
	out := make([]any, 0, to-from)
	for i := from; i < to; i++ {
		switch i % 3 {
		case 0:
			out = append(out, fmt.Sprintf("%s-%d", prefix, i))
		case 1:
			out = append(out, int64(i)*7919)
		default:
			out = append(out, []byte(fmt.Sprintf("%s/%d", prefix, i)))
		}
	}
	return out
}

// localHLL builds the sketch the server builds from values (hmh_add of
// each element's compact MessagePack form).
func (e *env) localHLL(indexBits, minhashBits int, values []any) hll.HLL {
	e.Helper()
	h := hll.New(indexBits, minhashBits)
	for _, v := range values {
		b, err := hll.Element(v)
		if err != nil {
			e.Fatalf("element %v: %v", v, err)
		}
		hll.Insert(h, b)
	}
	return h
}

// hllBin reads bin of k as an HLL.
func (e *env) hllBin(rule string, k *driver.Key, bin string) hll.HLL {
	e.Helper()
	rec := e.get(k)
	if rec == nil {
		e.Errorf("%s: no record", rule)
		return nil
	}
	h, ok := rec.Bins[bin].(driver.HLL)
	if !ok {
		e.Errorf("%s: bin %q holds a %T, want a driver.HLL", rule, bin, rec.Bins[bin])
	}
	return h
}

// within reports unless got is within rel (relative) of want.
func (e *env) within(rule string, got, want, rel float64) {
	e.Helper()
	if math.Abs(got-want) > rel*want+1 {
		e.Errorf("%s: got %v, want %v within %.0f%%", rule, got, want, rel*100)
	}
}

// hllStdErr is HLL's standard error with these index bits,
// 1.04/sqrt(2^bits); four of it bounds an estimate.
func hllStdErr(indexBits int) float64 { return 4 * 1.04 / math.Sqrt(float64(int(1)<<indexBits)) }

// testHLLFidelity checks hll_add (hmh_add: MurmurHash3 x64 128 of the
// compact element, register update, count of changed registers) and
// hll_get_count / hll_refresh_count (hmh_estimate_cardinality): the bin is
// the sketch package hll builds, byte for byte, and the counts are its
// estimates.
func testHLLFidelity(e *env) {
	for _, bits := range [][2]int{{4, 0}, {10, 0}, {12, 16}, {16, 4}, {8, 51}} {
		rule := fmt.Sprintf("hll_add with bits %v", bits)
		k := e.key("hll-fidelity-" + fmt.Sprint(bits))
		vals := hllElements("f", 0, 3000)
		rec, ok := e.operate(rule, k, hllOps(hll.Add("h", vals, bits[0], bits[1], hll.WriteDefault))...)
		if !ok {
			continue
		}
		want := e.localHLL(bits[0], bits[1], vals)
		added, _ := rec.Bins["h"].(int64)
		if added <= 0 || added > int64(len(vals)) {
			e.Errorf("%s: returned %v, want the number of elements that changed a register", rule, rec.Bins["h"])
		}
		got := e.hllBin(rule, k, "h")
		if !bytes.Equal(got, want) {
			e.Errorf("%s: the bin is not the server's sketch (%d bytes, want %d; first difference at %d)", rule, len(got), len(want), firstDiff(got, want))
		}
		rec, ok = e.operate(rule, k, hllOps(hll.GetCount("h"), hll.RefreshCount("h"), hll.Describe("h"))...)
		if !ok {
			continue
		}
		res, _ := rec.Bins["h"].([]any)
		if len(res) != 3 {
			e.Errorf("%s: results %v, want count, refreshed count and description", rule, rec.Bins["h"])
			continue
		}
		est := int64(hll.Estimate(want))
		if res[0] != est || res[1] != est {
			e.Errorf("%s: count %v and refreshed count %v, want the estimate %d", rule, res[0], res[1], est)
		}
		e.within(rule+": estimate against the true count", float64(est), float64(len(vals)), hllStdErr(bits[0]))
		if d, _ := res[2].([]any); len(d) != 2 || d[0] != int64(bits[0]) || d[1] != int64(bits[1]) {
			e.Errorf("%s: hll_describe = %v, want [%d %d]", rule, res[2], bits[0], bits[1])
		}
		// hll_modify_op_count stores the count in the sketch's cache.
		hll.UpdateCache(want)
		if got := e.hllBin(rule, k, "h"); !bytes.Equal(got, want) {
			e.Errorf("%s: after hll_refresh_count the bin does not hold the cached count", rule)
		}
	}
}

func firstDiff(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

// testHLLFlags checks hll_modify's write flags (CREATE_ONLY on a bin that
// exists is BIN_EXISTS_ERROR, UPDATE_ONLY on a missing bin BIN_NOT_FOUND,
// NO_FAIL makes both a no-op), hll_parse_flags (flags an op does not allow,
// or CREATE_ONLY with UPDATE_ONLY, are PARAMETER_ERROR) and hll_verify_bin
// (a bin of another type is INCOMPATIBLE_TYPE).
func testHLLFlags(e *env) {
	seed := driver.Bins{"s": "str"}
	existing := func(name string) *driver.Key {
		k := e.key("hll-flags-" + name)
		e.put(k, seed)
		_, err := e.conn.Operate(e.ctx, &driver.WritePolicy{}, k, hllOps(hll.Init("h", 8, 0, 0)))
		e.mustOK("seeding an HLL bin", err)
		return k
	}
	cases := []struct {
		rule     string
		existing bool
		op       hll.Op
		code     driver.ResultCode
	}{
		{"init create-only on an existing bin", true, hll.Init("h", 8, 0, hll.CreateOnly), driver.BinExistsError},
		{"add create-only on an existing bin", true, hll.Add("h", []any{"x"}, 8, 0, hll.CreateOnly), driver.BinExistsError},
		{"init update-only on a missing bin", false, hll.Init("h", 8, 0, hll.UpdateOnly), driver.BinNotFound},
		{"set-union update-only on a missing bin", false, hll.SetUnion("h", []hll.HLL{hll.New(8, 0)}, hll.UpdateOnly), driver.BinNotFound},
		{"create-only with update-only", true, hll.Init("h", 8, 0, hll.CreateOnly|hll.UpdateOnly), driver.ParameterError},
		{"add with update-only (not an add flag)", true, hll.Add("h", []any{"x"}, 8, 0, hll.UpdateOnly), driver.ParameterError},
		{"init with allow-fold (not an init flag)", true, hll.Init("h", 8, 0, hll.AllowFold), driver.ParameterError},
		{"add on a string bin", false, hll.Add("s", []any{"x"}, 8, 0, 0), driver.BinTypeError},
		{"get-count on a string bin", false, hll.GetCount("s"), driver.BinTypeError},
		{"refresh-count on a missing bin", false, hll.RefreshCount("h"), driver.BinNotFound},
		{"fold on a missing bin", false, hll.Fold("h", 4), driver.BinNotFound},
		{"init of a missing bin without index bits", false, hll.Init("h", hll.DefaultBits, hll.DefaultBits, 0), driver.OPNotApplicable},
		{"add to a missing bin without index bits", false, hll.Add("h", []any{"x"}, hll.DefaultBits, 0, 0), driver.OPNotApplicable},
		{"add of a list element", true, hll.Add("h", []any{[]any{int64(1)}}, 8, 0, 0), driver.ParameterError},
	}
	for i, c := range cases {
		var k *driver.Key
		if c.existing {
			k = existing(fmt.Sprint(i))
		} else {
			k = e.key(fmt.Sprintf("hll-flags-missing-%d", i))
			e.put(k, seed)
		}
		before := e.get(k).Bins
		_, err := e.conn.Operate(e.ctx, &driver.WritePolicy{}, k, hllOps(c.op))
		if e.wantCode(c.rule, err, c.code) {
			e.wantRecord(c.rule+": the record after the failure", k, before)
		}
	}
	// NO_FAIL turns both failures into no-ops.
	k := existing("nofail")
	before := e.get(k).Bins
	_, err := e.conn.Operate(e.ctx, &driver.WritePolicy{}, k, hllOps(hll.Init("h", 12, 0, hll.CreateOnly|hll.NoFail), hll.Init("g", 12, 0, hll.UpdateOnly|hll.NoFail)))
	if e.wantOK("create-only and update-only with no-fail", err) {
		e.wantRecord("no-fail leaves the bins as they were", k, before)
	}
}

// testHLLBits checks hll_parse_n_index_bits and hll_parse_n_minhash_bits
// (index bits 4..16, minhash bits 0 or 4..51, together at most 64:
// PARAMETER_ERROR otherwise) and hll_modify_prepare_init_op (init keeps
// the bin's bits where the op passes -1).
func testHLLBits(e *env) {
	for _, c := range []struct {
		ib, mb int
		ok     bool
	}{{4, 0, true}, {16, 0, true}, {3, 0, false}, {17, 0, false}, {8, 3, false}, {8, 4, true}, {13, 51, true}, {8, 52, false}, {16, 49, false}, {16, 48, true}} {
		rule := fmt.Sprintf("hll_init with index bits %d and minhash bits %d", c.ib, c.mb)
		k := e.key(fmt.Sprintf("hll-bits-%d-%d", c.ib, c.mb))
		rec, err := e.conn.Operate(e.ctx, &driver.WritePolicy{}, k, hllOps(hll.Init("h", c.ib, c.mb, 0), hll.Describe("h")))
		if !c.ok {
			if e.wantCode(rule, err, driver.ParameterError) {
				e.wantMissing(rule+": no record", k)
			}
			continue
		}
		if e.wantOK(rule, err) {
			e.wantBins(rule, rec.Bins, driver.Bins{"h": []any{nil, []any{int64(c.ib), int64(c.mb)}}})
			if h := e.hllBin(rule, k, "h"); !bytes.Equal(h, hll.New(c.ib, c.mb)) {
				e.Errorf("%s: the bin is not an empty sketch of %d bytes", rule, hll.Size(c.ib, c.mb))
			}
		}
	}
	k := e.key("hll-bits-keep")
	_, ok := e.operate("init with bits", k, hllOps(hll.Init("h", 10, 6, 0))...)
	if !ok {
		return
	}
	rec, ok := e.operate("init with -1 keeps the bin's bits", k, hllOps(hll.Init("h", hll.DefaultBits, hll.DefaultBits, 0), hll.Describe("h"))...)
	if ok {
		e.wantBins("init with -1 keeps the bin's bits", rec.Bins, driver.Bins{"h": []any{nil, []any{int64(10), int64(6)}}})
	}
	rec, ok = e.operate("add ignores the op's bits on an existing bin", k, hllOps(hll.Add("h", []any{"a"}, 4, 0, 0), hll.Describe("h"))...)
	if ok {
		e.wantBins("add ignores the op's bits on an existing bin", rec.Bins, driver.Bins{"h": []any{int64(1), []any{int64(10), int64(6)}}})
	}
}

// testHLLUnionFold checks hll_modify_prepare_union_op (without ALLOW_FOLD
// a union cannot lower the bin's index bits nor drop its minhash bits:
// OP_NOT_APPLICABLE; with it the bin takes the smallest), hll_modify_op_union
// and hll_modify_prepare_fold_op / hll_modify_op_fold.
func testHLLUnionFold(e *env) {
	a := hllElements("u", 0, 500)
	b := hllElements("u", 250, 900)
	small := e.localHLL(8, 0, b)
	k := e.key("hll-union")
	if _, ok := e.operate("seed", k, hllOps(hll.Add("h", a, 12, 0, 0))...); !ok {
		return
	}
	before := e.get(k).Bins
	_, err := e.conn.Operate(e.ctx, &driver.WritePolicy{}, k, hllOps(hll.SetUnion("h", []hll.HLL{small}, 0)))
	if e.wantCode("set-union that would lower the index bits", err, driver.OPNotApplicable) {
		e.wantRecord("set-union that would lower the index bits: the record after the failure", k, before)
	}
	rec, ok := e.operate("set-union with allow-fold", k, hllOps(hll.SetUnion("h", []hll.HLL{small}, hll.AllowFold), hll.Describe("h"), hll.GetCount("h"))...)
	if ok {
		res, _ := rec.Bins["h"].([]any)
		want := hll.Union([]hll.HLL{small, e.localHLL(12, 0, a)})
		if len(res) != 3 || !equalAny(res[1], []any{int64(8), int64(0)}) || res[2] != int64(hll.Estimate(want)) {
			e.Errorf("set-union with allow-fold: results %v, want [nil [8 0] %d]", rec.Bins["h"], hll.Estimate(want))
		}
		if got := e.hllBin("set-union with allow-fold", k, "h"); !bytes.Equal(got, want) {
			e.Errorf("set-union with allow-fold: the bin is not the union sketch")
		}
		e.within("union count", float64(hll.Estimate(want)), 900, hllStdErr(8))
	}
	// Fold.
	k = e.key("hll-fold")
	if _, ok := e.operate("seed", k, hllOps(hll.Add("h", a, 12, 0, 0), hll.Add("m", a, 12, 8, 0))...); !ok {
		return
	}
	before = e.get(k).Bins
	for _, c := range []struct {
		rule string
		op   hll.Op
	}{
		{"fold of a sketch with minhash bits", hll.Fold("m", 8)},
		{"fold to more index bits", hll.Fold("h", 13)},
	} {
		_, err := e.conn.Operate(e.ctx, &driver.WritePolicy{}, k, hllOps(c.op))
		if e.wantCode(c.rule, err, driver.OPNotApplicable) {
			e.wantRecord(c.rule+": the record after the failure", k, before)
		}
	}
	if _, ok := e.operate("fold to 6 index bits", k, hllOps(hll.Fold("h", 6))...); ok {
		want := hll.FoldInto(e.localHLL(12, 0, a), 6)
		if got := e.hllBin("fold to 6 index bits", k, "h"); !bytes.Equal(got, want) {
			e.Errorf("fold to 6 index bits: the bin is not the folded sketch")
		}
	}
}

func equalAny(a, b any) bool { return diffBins(driver.Bins{"v": a}, driver.Bins{"v": b}) == "" }

// testHLLSetOps checks the reads over several sketches: hll_get_union
// (hll_read_op_union), hll_get_union_count, hll_get_intersect_count and
// hll_get_similarity (HyperMinHash estimates with minhash bits,
// inclusion-exclusion without), and hll_parse_hlls_intersect (more than two
// sketches need equal, non-zero minhash bits).
func testHLLSetOps(e *env) {
	for _, mb := range []int{0, 16} {
		a := hllElements("s", 0, 4000)
		b := hllElements("s", 2000, 6000)
		other := e.localHLL(12, mb, b)
		self := e.localHLL(12, mb, a)
		k := e.key(fmt.Sprintf("hll-setops-%d", mb))
		if _, ok := e.operate("seed", k, hllOps(hll.Add("h", a, 12, mb, 0))...); !ok {
			continue
		}
		rule := fmt.Sprintf("set reads with minhash bits %d", mb)
		rec, ok := e.operate(rule, k, hllOps(hll.GetUnion("h", []hll.HLL{other}), hll.GetUnionCount("h", []hll.HLL{other}),
			hll.GetIntersectCount("h", []hll.HLL{other}), hll.GetSimilarity("h", []hll.HLL{other}))...)
		if !ok {
			continue
		}
		res, _ := rec.Bins["h"].([]any)
		if len(res) != 4 {
			e.Errorf("%s: results %v, want 4", rule, rec.Bins["h"])
			continue
		}
		both := []hll.HLL{other, self}
		if u, _ := res[0].(driver.HLL); !bytes.Equal(u, hll.Union(both)) {
			e.Errorf("%s: hll_get_union is not the union sketch", rule)
		}
		if res[1] != int64(hll.EstimateUnion(both)) {
			e.Errorf("%s: union count %v, want %d", rule, res[1], hll.EstimateUnion(both))
		}
		if res[2] != int64(hll.EstimateIntersect(both)) {
			e.Errorf("%s: intersect count %v, want %d", rule, res[2], hll.EstimateIntersect(both))
		}
		sim, _ := res[3].(float64)
		if want := hll.EstimateSimilarity(both); math.Abs(sim-want) > 1e-12 {
			e.Errorf("%s: similarity %v, want %v", rule, res[3], want)
		}
		e.within(rule+": union count against the truth", float64(hll.EstimateUnion(both)), 6000, hllStdErr(12))
		e.within(rule+": intersect count against the truth", float64(hll.EstimateIntersect(both)), 2000, 0.25)
		if math.Abs(sim-1.0/3) > 0.08 {
			e.Errorf("%s: similarity %v, want about 1/3", rule, sim)
		}
	}
	k := e.key("hll-setops-three")
	if _, ok := e.operate("seed", k, hllOps(hll.Add("h", []any{"a"}, 8, 0, 0))...); !ok {
		return
	}
	_, err := e.conn.Operate(e.ctx, &driver.WritePolicy{}, k, hllOps(hll.GetIntersectCount("h", []hll.HLL{hll.New(8, 0), hll.New(8, 0), hll.New(8, 0)})))
	e.wantCode("intersect of more than 2 sketches without minhash bits", err, driver.ParameterError)
	_, err = e.conn.Operate(e.ctx, &driver.WritePolicy{}, k, hllOps(hll.GetSimilarity("h", []hll.HLL{hll.New(8, 4), hll.New(8, 4), hll.New(8, 4)})))
	e.wantCode("similarity of 4 sketches when the bin has no minhash bits", err, driver.OPNotApplicable)
	_, err = e.conn.Operate(e.ctx, &driver.WritePolicy{}, k, hllOps(hll.GetUnion("h", []hll.HLL{hll.New(8, 0)[:20]})))
	e.wantCode("a truncated sketch argument", err, driver.ParameterError)
}

// testHLLValues checks HLL bins written and read as values: a well-formed
// sketch round-trips as an HLL (particle type 18), a malformed one is
// PARAMETER_ERROR (hll_from_wire), and an add or append to an HLL bin is
// INCOMPATIBLE_TYPE (hll_incr_from_wire, hll_append_from_wire).
func testHLLValues(e *env) {
	h := e.localHLL(6, 4, hllElements("v", 0, 50))
	k := e.key("hll-values")
	e.put(k, driver.Bins{"h": h})
	e.wantRecord("an HLL value round-trips", k, driver.Bins{"h": h})
	rec, ok := e.operate("hll_get_count on a written HLL", k, hllOps(hll.GetCount("h"))...)
	if ok {
		e.wantBins("hll_get_count on a written HLL", rec.Bins, driver.Bins{"h": int64(hll.Estimate(h))})
	}
	bad := append(driver.HLL(nil), h...)
	bad[0] = 1
	for _, c := range []struct {
		rule string
		v    driver.HLL
	}{{"an HLL with flags", bad}, {"a truncated HLL", h[:len(h)-1]}, {"an HLL of 3 index bits", append(driver.HLL{0, 3}, h[2:]...)}} {
		_, err := e.conn.Operate(e.ctx, &driver.WritePolicy{}, k, []driver.Operation{opWrite("h", c.v)})
		if e.wantCode(c.rule, err, driver.ParameterError) {
			e.wantRecord(c.rule+": the record after the failure", k, driver.Bins{"h": h})
		}
	}
	for _, op := range []driver.Operation{opAdd("h", int64(1)), {Type: driver.OpAppend, Bin: "h", Value: []byte{1}}} {
		_, err := e.conn.Operate(e.ctx, &driver.WritePolicy{}, k, []driver.Operation{op})
		e.wantCode(fmt.Sprintf("%s on an HLL bin", op.Type), err, driver.BinTypeError)
	}
}

// testHLLExpressions checks HLL calls in expressions (exp.c eval_call with
// particle_hll.c as_bin_hll_read_exp and as_bin_hll_modify_exp): reads
// return the operation's result, a modify returns the changed copy (written
// by a write expression, the record otherwise untouched), a filter can use
// a count, and a call on a bin of another type is unknown.
func testHLLExpressions(e *env) {
	vals := hllElements("x", 0, 800)
	other := hllElements("x", 400, 1200)
	self := e.localHLL(10, 8, vals)
	oth := e.localHLL(10, 8, other)
	k := e.key("hll-exp")
	e.put(k, driver.Bins{"h": self, "s": "str"})
	bin := exp.HLLBin("h")
	list := exp.ListVal(oth)
	rec, ok := e.operate("HLL read expressions", k,
		exp.ReadOp("count", exp.HLLGetCount(bin), 0),
		exp.ReadOp("desc", exp.HLLDescribe(bin), 0),
		exp.ReadOp("union", exp.HLLGetUnion(list, bin), 0),
		exp.ReadOp("ucount", exp.HLLGetUnionCount(list, bin), 0),
		exp.ReadOp("icount", exp.HLLGetIntersectCount(list, bin), 0),
		exp.ReadOp("sim", exp.HLLGetSimilarity(list, bin), 0),
		exp.ReadOp("may", exp.HLLMayContain(exp.ListVal(vals[0], vals[1]), bin), 0),
		exp.ReadOp("added", exp.HLLGetCount(exp.HLLAdd(hll.WriteDefault, exp.ListVal("new-1", "new-2"), exp.IntVal(-1), exp.IntVal(-1), bin)), 0),
	)
	if ok {
		both := []hll.HLL{oth, self}
		added := e.localHLL(10, 8, append(append([]any(nil), vals...), "new-1", "new-2"))
		e.wantBins("HLL read expressions", rec.Bins, driver.Bins{
			"count": int64(hll.Estimate(self)), "desc": []any{int64(10), int64(8)},
			"union": hll.Union(both), "ucount": int64(hll.EstimateUnion(both)),
			"icount": int64(hll.EstimateIntersect(both)), "sim": hll.EstimateSimilarity(both),
			"may": int64(1), "added": int64(hll.Estimate(added)),
		})
		e.wantRecord("a modify call in a read leaves the record as it was", k, driver.Bins{"h": self, "s": "str"})
	}
	// A write expression stores the changed copy.
	fresh := e.key("hll-exp-write")
	e.put(fresh, driver.Bins{"s": "str", "h": self})
	if _, ok := e.operate("hll_init in a write expression", fresh,
		exp.WriteOp("h", exp.HLLInit(hll.WriteDefault, exp.IntVal(6), exp.IntVal(0), exp.HLLBin("h")), 0)); ok {
		e.wantRecord("hll_init in a write expression", fresh, driver.Bins{"s": "str", "h": hll.New(6, 0)})
	}
	// A call on a string bin is unknown: a read expression fails (OP_NOT_APPLICABLE, exp.c).
	_, err := e.conn.Operate(e.ctx, &driver.WritePolicy{}, k, []driver.Operation{exp.ReadOp("c", exp.HLLGetCount(exp.HLLBin("s")), 0)})
	e.wantCode("hll_get_count of a string bin in a read expression", err, driver.OPNotApplicable)
}
