package engine

import (
	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/hll"
)

// modify follows the hll_modify_prepare_* and hll_modify_op_* functions
// of particle_hll.c. It returns the bin's new HLL (never old, which is
// left as it was) and the op's result, nil when it has none.
func (c *hllCall) modify(a *hllArgs, old hll.HLL) (hll.HLL, any, error) {
	switch c.op.Code {
	case hll.OpInit:
		ib, mb := a.indexBits, a.minhash
		if old == nil { // hll_modify_prepare_init_op
			if ib == hllUnset {
				return nil, nil, c.fail(driver.OPNotApplicable, "cannot create when index bits are unset")
			}
			if mb == hllUnset {
				mb = 0
			}
		} else {
			oib, omb := hll.Bits(old)
			if ib == hllUnset {
				ib = oib
			}
			if mb == hllUnset {
				mb = omb
			}
			if !hll.ValidBits(ib, mb) {
				return nil, nil, c.fail(driver.OPNotApplicable, "init results in an invalid bit configuration (%d,%d)", ib, mb)
			}
		}
		return hll.New(ib, mb), nil, nil
	case hll.OpAdd:
		var h hll.HLL
		if old == nil { // hll_modify_prepare_add_op
			if a.indexBits == hllUnset {
				return nil, nil, c.fail(driver.OPNotApplicable, "cannot create when index bits are unset")
			}
			mb := a.minhash
			if mb == hllUnset {
				mb = 0
			}
			h = hll.New(a.indexBits, mb)
		} else {
			h = driver.HLL(driver.Clone(old).(hll.HLL))
		}
		var added int64
		for _, e := range a.elements {
			if hll.Insert(h, e) {
				added++
			}
		}
		return h, added, nil
	case hll.OpSetUnion:
		return c.setUnion(a, old)
	case hll.OpRefreshCount:
		if old == nil { // hll_modify_prepare_count_op
			return nil, nil, c.fail(driver.BinNotFound, "cannot create a bin with a count op")
		}
		h := driver.Clone(old).(hll.HLL)
		return h, int64(hll.UpdateCache(h)), nil
	case hll.OpFold:
		if old == nil { // hll_modify_prepare_fold_op
			return nil, nil, c.fail(driver.BinNotFound, "cannot create a bin with a fold op")
		}
		oib, omb := hll.Bits(old)
		if omb > 0 {
			return nil, nil, c.fail(driver.OPNotApplicable, "cannot fold an HLL with minhash bits")
		}
		if a.indexBits == hllUnset || oib < a.indexBits {
			// A -1 argument is 0xff to the server, more than any HLL has.
			return nil, nil, c.fail(driver.OPNotApplicable, "the HLL has fewer index bits (%d) than %d", oib, a.indexBits)
		}
		return hll.FoldInto(old, a.indexBits), nil, nil
	}
	return nil, nil, c.fail(driver.ParameterError, "not a modify operation")
}

// setUnion follows hll_modify_prepare_union_op and hll_modify_op_union.
func (c *hllCall) setUnion(a *hllArgs, old hll.HLL) (hll.HLL, any, error) {
	minIB, minMB := 0xff, 0xff
	for _, h := range a.hlls {
		ib, mb := hll.Bits(h)
		minIB = min(minIB, ib)
		if mb != minMB {
			if minMB == 0xff {
				minMB = mb
			} else {
				minMB = 0
			}
		}
	}
	hs := a.hlls
	if old != nil && hll.WriteFlags(a.flags)&hll.AllowFold == 0 {
		oib, omb := hll.Bits(old)
		if oib > minIB {
			return nil, nil, c.fail(driver.OPNotApplicable, "cannot reduce index bits")
		}
		if omb != 0 && omb != minMB {
			return nil, nil, c.fail(driver.OPNotApplicable, "cannot reduce minhash bits to zero")
		}
	}
	if old != nil {
		hs = append(append([]hll.HLL(nil), hs...), old)
	}
	return hll.Union(hs), nil, nil
}

// read follows the hll_read_prepare_* and hll_read_op_* functions.
func (c *hllCall) read(a *hllArgs, h hll.HLL) (any, error) {
	all := append(append([]hll.HLL(nil), a.hlls...), h)
	switch c.op.Code {
	case hll.OpGetCount:
		return int64(hll.Estimate(h)), nil
	case hll.OpGetUnion:
		return hll.Union(all), nil
	case hll.OpGetUnionCount:
		return int64(hll.EstimateUnion(all)), nil
	case hll.OpGetIntersectCount, hll.OpGetSimilarity:
		// hll_read_prepare_intersect.
		if _, omb := hll.Bits(h); len(a.hlls) > 2 && (omb == 0 || omb != int(a.hlls[0][2])) {
			return nil, c.fail(driver.OPNotApplicable, "cannot intersect more than 2 HLLs with the bin's when minhash bits differ")
		}
		if c.op.Code == hll.OpGetIntersectCount {
			return int64(hll.EstimateIntersect(all)), nil
		}
		return hll.EstimateSimilarity(all), nil
	case hll.OpDescribe:
		ib, mb := hll.Bits(h)
		return []any{int64(ib), int64(mb)}, nil
	case hll.OpMayContain:
		for _, e := range a.elements {
			if !hll.Contains(h, e) {
				return int64(0), nil
			}
		}
		return int64(1), nil
	}
	return nil, c.fail(driver.ParameterError, "not a read operation")
}
