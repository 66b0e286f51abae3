package aerospike_test

// The secondary-index family of the differential harness: numeric, string
// and blob indexes on bins, list, map-key and map-value collection indexes,
// and expression indexes (one on a value in a list, one on a value in a
// map: an index on a context), queried by equality and range, with and
// without a filter expression. The indexes are created once per test with
// fixed names in the set aero_diff (creating the same definition again is
// OK on server 8.1); queries compare only the records of the program.

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/aerokit/aero/cdt"
	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/exp"
)

func init() {
	registerFamily(3, genQuery)
}

// diffIndexes are the harness's indexes. Never change a definition
// without changing its name: a real server keeps the old one.
var diffIndexes = []*driver.Index{
	{Name: "aero_diff_i", Bin: "i", Type: driver.IndexNumeric},
	{Name: "aero_diff_s", Bin: "s", Type: driver.IndexString},
	{Name: "aero_diff_b", Bin: "b", Type: driver.IndexBlob},
	{Name: "aero_diff_l_num", Bin: "l", Type: driver.IndexNumeric, Collection: driver.IndexList},
	{Name: "aero_diff_l_str", Bin: "l", Type: driver.IndexString, Collection: driver.IndexList},
	{Name: "aero_diff_mk_str", Bin: "m", Type: driver.IndexString, Collection: driver.IndexMapKeys},
	{Name: "aero_diff_mv_num", Bin: "m", Type: driver.IndexNumeric, Collection: driver.IndexMapValues},
	{Name: "aero_diff_x_i1", Exp: exp.NumAdd(exp.IntBin("i"), exp.IntVal(1)), Type: driver.IndexNumeric},
	{Name: "aero_diff_x_l0", Exp: exp.ListRead(exp.TypeInt, cdt.ListGetByIndex("", 0, cdt.ReturnValue), exp.ListBin("l")), Type: driver.IndexNumeric},
	{Name: "aero_diff_x_ma", Exp: exp.MapRead(exp.TypeString, cdt.MapGetByKey("", "a", cdt.ReturnValue), exp.MapBin("m")), Type: driver.IndexString},
}

func (e *diffEnv) setupIndexes(t *testing.T) {
	e.idxOnce.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		defer cancel()
		for _, tg := range e.targets {
			for _, ix := range diffIndexes {
				idx := *ix
				idx.Namespace, idx.Set = "test", diffSet
				if err := tg.conn.CreateIndex(ctx, &idx); err != nil {
					if code, _ := driver.CodeOf(err); code != driver.IndexFound {
						e.idxErr = fmt.Errorf("%s: CreateIndex %s: %w", tg.name, idx.Name, err)
						return
					}
				}
			}
		}
	})
	if e.idxErr != nil {
		t.Fatal(e.idxErr)
	}
}

func (g *dgen) queryFilter() *driver.Filter {
	ix := diffIndexes[g.n(len(diffIndexes))]
	f := &driver.Filter{Bin: ix.Bin, Exp: ix.Exp, Collection: ix.Collection}
	if g.chance(4) {
		f.IndexName = ix.Name
		f.Bin, f.Exp = "", nil
	}
	switch ix.Type {
	case driver.IndexString:
		f.Equal = pick(g, "", "a", "abc", "xyz", "héllo", "k", "b", "x")
	case driver.IndexBlob:
		f.Equal = pick(g, []byte{}, []byte{1, 2}, []byte{0xff, 0, 0x0f}, []byte{1})
	default:
		if g.bool() {
			f.Equal = pick[any](g, int64(0), int64(1), int64(2), int64(3), int64(100), int64(101), int64(-7))
		} else {
			f.Begin = pick[int64](g, -10, 0, 1, 2, 5, 100)
			f.End = f.Begin + pick[int64](g, 0, 1, 3, 1000, -1)
		}
	}
	return f
}

func fmtFilter(f *driver.Filter) string {
	on := f.Bin
	switch {
	case f.IndexName != "":
		on = "index " + f.IndexName
	case f.Exp != nil:
		on = "exp " + f.Exp.String()
	}
	if f.Collection != driver.IndexDefault {
		on += " " + f.Collection.String()
	}
	if f.Equal != nil {
		return fmt.Sprintf("%s == %s", on, fmtVal(f.Equal))
	}
	return fmt.Sprintf("%s in [%d, %d]", on, f.Begin, f.End)
}

func genQuery(g *dgen) *dcmd {
	f, bins := g.queryFilter(), g.binNames()
	var filter driver.Expression
	if g.chance(3) {
		filter = g.filterExp()
	}
	desc := fmt.Sprintf("Query(set %s, %s, bins=%#v", diffSet, fmtFilter(f), bins)
	if filter != nil {
		desc += " filter=" + filter.String()
	}
	return &dcmd{family: "query", desc: desc + ")",
		run: func(ctx context.Context, tg *diffTarget, p *dprog) dout {
			ff := *f
			rows, err := tg.conn.Query(ctx, &driver.QueryRequest{Namespace: "test", Set: diffSet, Bins: slices.Clone(bins),
				Filter: &ff, Partitions: driver.AllPartitions(), FilterExp: filter})
			return scanned(ctx, p, rows, err)
		}}
}
