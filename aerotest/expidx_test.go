package aerotest

import (
	"encoding/base64"
	"sort"
	"strings"
	"testing"

	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/exp"
	"github.com/aerokit/aero/internal/wire"
	as "github.com/aerospike/aerospike-client-go/v8"
	"github.com/aerospike/aerospike-client-go/v8/types"
)

// TestExpressionIndex creates expression indexes with the client's
// CreateIndexWithExpression (sindex-create exp=, server 8.1
// sindex_manager.c) and queries them by expression and by index name
// (query.c INDEX_EXPRESSION and INDEX_NAME fields).
func TestExpressionIndex(t *testing.T) {
	t.Parallel()
	_, c := newClient(t)
	for i := 0; i < 20; i++ {
		must(t, c.Put(nil, mustKey(t, "test", "xi", i), as.BinMap{"n": i, "m": 100, "l": []int{i, i + 100}}))
	}
	must(t, c.Put(nil, mustKey(t, "test", "xi", "str"), as.BinMap{"n": "x", "m": 100})) // sum fails: not indexed
	sum := as.ExpNumAdd(as.ExpIntBin("n"), as.ExpIntBin("m"))
	task, err := c.CreateIndexWithExpression(nil, "test", "xi", "xi_sum", as.NUMERIC, as.ICT_DEFAULT, sum)
	must(t, err)
	must(t, <-task.OnComplete())
	task, err = c.CreateIndexWithExpression(nil, "test", "xi", "xi_l", as.NUMERIC, as.ICT_LIST, as.ExpListBin("l"))
	must(t, err)
	must(t, <-task.OnComplete())
	// An expression of another type than the index's is PARAMETER_ERROR
	// (sindex.c as_sindex_validate_exp_type).
	_, err = c.CreateIndexWithExpression(nil, "test", "xi", "xi_bad", as.STRING, as.ICT_DEFAULT, sum)
	wantCode(t, err, types.PARAMETER_ERROR)

	collect := func(f *as.Filter) ([]int, as.Error) {
		t.Helper()
		stmt := as.NewStatement("test", "xi")
		must(t, stmt.SetFilter(f))
		rs, err := c.Query(nil, stmt)
		if err != nil {
			return nil, err
		}
		var out []int
		for res := range rs.Results() {
			if res.Err != nil {
				return nil, res.Err
			}
			out = append(out, res.Record.Bins["n"].(int))
		}
		sort.Ints(out)
		return out, nil
	}
	tests := []struct {
		name string
		f    *as.Filter
		want []int
	}{
		{"range by expression", as.NewRangeWithExpressionFilter(as.ExpNumAdd(as.ExpIntBin("n"), as.ExpIntBin("m")), 105, 107), []int{5, 6, 7}},
		{"equal by expression", as.NewEqualWithExpressionFilter(sum, 119), []int{19}},
		{"range by name", as.NewRangeWithIndexNameFilter("xi_sum", 100, 101), []int{0, 1}},
		{"list contains by expression", as.NewContainsWithExpressionFilter(as.ExpListBin("l"), as.ICT_LIST, 103), []int{3}},
		{"list contains range by name", as.NewContainsRangeWithIndexNameFilter("xi_l", as.ICT_LIST, 118, 200), []int{18, 19}},
	}
	for _, tt := range tests {
		got, err := collect(tt.f)
		must(t, err)
		if !equalInts(got, tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
	_, err = collect(as.NewRangeWithIndexNameFilter("nosuch", 0, 1))
	wantCode(t, err, types.INDEX_NOTFOUND)
	_, err = collect(as.NewRangeWithExpressionFilter(as.ExpIntBin("n"), 0, 1))
	wantCode(t, err, types.INDEX_NOTFOUND)

	// sindex-list shows bin=null and the expression, in base64 with
	// b64=true (sindex.c as_sindex_list_str).
	info, err := c.GetNodes()[0].RequestInfo(as.NewInfoPolicy(), "sindex-list:namespace=test;b64=true")
	must(t, err)
	b64, err := sum.Base64()
	must(t, err)
	want := "ns=test:indexname=xi_sum:set=xi:bin=null:type=numeric:indextype=default:context=null:exp=" + b64 + ":state=RW"
	if list := info["sindex-list:namespace=test;b64=true"]; !strings.Contains(list, want) {
		t.Errorf("sindex-list = %q, want it to hold %q", list, want)
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestSindexCreateExpInfo sends sindex-create with exp= as raw info
// commands: the answers of sindex_manager.c as_sindex_manager_sindex_create.
func TestSindexCreateExpInfo(t *testing.T) {
	t.Parallel()
	_, c := newClient(t)
	node := c.GetNodes()[0]
	b64 := base64.StdEncoding.EncodeToString(exp.IntBin("n").AppendWire(nil))
	steps := []struct{ cmd, want string }{
		{"sindex-create:namespace=test;set=s;indexname=e1;exp=" + b64 + ";type=numeric", "ok"},
		{"sindex-create:namespace=test;set=s;indexname=e1;exp=" + b64 + ";type=numeric", "ok"},
		{"sindex-create:namespace=test;set=s;indexname=e2;bin=n;type=numeric", "ok"}, // a bin index is another definition
		{"sindex-create:namespace=test;set=s;indexname=e1;exp=" + b64 + ";type=string", "ERROR:4"},
		{"sindex-create:namespace=test;set=s;indexname=e3;bin=n;exp=" + b64 + ";type=numeric", "ERROR:4"},
		{"sindex-create:namespace=test;set=s;indexname=e3;exp=!!;type=numeric", "ERROR:4"},
		{"sindex-create:namespace=test;set=s;indexname=e3;exp=AQID;type=numeric", "ERROR:4"},
		{"sindex-create:namespace=test;set=s;indexname=e3;type=numeric", "ERROR:4"},
		{"sindex-list:namespace=test;b64=maybe", "ERROR:4"},
		{"sindex-list:namespace=test;b64=true", "ns=test:indexname=e1:set=s:bin=null:type=numeric:indextype=default:context=null:exp=" + b64 + ":state=RW;"},
	}
	for i, st := range steps {
		info, err := node.RequestInfo(as.NewInfoPolicy(), st.cmd)
		must(t, err)
		if got := info[st.cmd]; !strings.HasPrefix(got, st.want) {
			t.Fatalf("step %d %s: got %q, want prefix %q", i, st.cmd, got, st.want)
		}
	}
}

// TestScanRequestIndexNameAndExp decodes the query's INDEX_NAME and
// INDEX_EXPRESSION fields as query.c get_query_si_name and
// get_index_expression_field read them.
func TestScanRequestIndexNameAndExp(t *testing.T) {
	t.Parallel()
	rng := []byte{1, 0, wire.ParticleInteger, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 9}
	binRng := []byte{1, 1, 'b', wire.ParticleInteger, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 9}
	e := exp.IntBin("n").AppendWire(nil)
	tests := []struct {
		name     string
		rng      []byte
		fields   []wire.Field
		wantName string
		wantExp  bool
		code     uint8
	}{
		{"index name", rng, []wire.Field{{Type: wire.FieldIndexName, Data: []byte("i")}}, "i", false, 0},
		{"index name wins over the bin", binRng, []wire.Field{{Type: wire.FieldIndexName, Data: []byte("i")}}, "i", false, 0},
		{"expression", rng, []wire.Field{{Type: wire.FieldIndexExpr, Data: e}}, "", true, 0},
		{"both", rng, []wire.Field{{Type: wire.FieldIndexName, Data: []byte("i")}, {Type: wire.FieldIndexExpr, Data: e}}, "", false, uint8(driver.ParameterError)},
		{"empty name", rng, []wire.Field{{Type: wire.FieldIndexName, Data: []byte{}}}, "", false, uint8(driver.ParameterError)},
		{"name too long", rng, []wire.Field{{Type: wire.FieldIndexName, Data: make([]byte, driver.MaxIndexNameLen+1)}}, "", false, uint8(driver.ParameterError)},
		{"empty expression", rng, []wire.Field{{Type: wire.FieldIndexExpr, Data: []byte{}}}, "", false, uint8(driver.ParameterError)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m := &wire.Message{Fields: append([]wire.Field{
				{Type: wire.FieldNamespace, Data: []byte("test")},
				{Type: wire.FieldIndexRange, Data: tt.rng},
			}, tt.fields...)}
			req, _, err := scanRequest(m)
			if tt.code != 0 {
				if err == nil || codeOf(err) != tt.code {
					t.Fatalf("scanRequest: error %v (code %d), want code %d", err, codeOf(err), tt.code)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			f := req.Filter
			if f.IndexName != tt.wantName || (f.Exp != nil) != tt.wantExp || (tt.wantName != "" || tt.wantExp) && f.Bin != "" {
				t.Errorf("filter %+v, want index name %q, expression %v and no bin", f, tt.wantName, tt.wantExp)
			}
			if tt.wantExp && !sameIndexExp(f.Exp, exp.IntBin("n")) {
				t.Errorf("expression %s, want %s", f.Exp, exp.IntBin("n"))
			}
		})
	}
}

// FuzzExpIndex creates an index from any expression bytes (sindex-create
// exp=, base64) and queries it by name and by expression: a bad expression
// is an error answer, never a panic, and a created index answers queries.
func FuzzExpIndex(f *testing.F) {
	s := NewServer(f)
	for i, b := range []driver.Bins{
		{"n": int64(1), "s": "a", "l": []any{int64(1), "x"}, "m": map[any]any{"k": int64(2)}},
		{"n": "str", "s": int64(2), "l": map[any]any{}, "m": []any{}},
		{"x": 1.5},
	} {
		if err := s.Put("test", "fzx", i, b); err != nil {
			f.Fatal(err)
		}
	}
	for _, e := range []*exp.Expr{
		exp.IntBin("n"), exp.NumAdd(exp.IntBin("n"), exp.IntVal(1)), exp.StringBin("s"), exp.ListBin("l"), exp.MapBin("m"),
		exp.BlobBin("b"), exp.Eq(exp.IntBin("n"), exp.IntVal(1)), exp.Cond(exp.BinExists("n"), exp.IntBin("n"), exp.IntVal(0)),
	} {
		f.Add(e.AppendWire(nil), uint8(0), uint8(0))
		f.Add(e.AppendWire(nil), uint8(1), uint8(1))
	}
	f.Add([]byte{0x93, 0x51}, uint8(2), uint8(3))
	types := []string{"numeric", "string", "blob"}
	colls := []string{"default", "list", "mapkeys", "mapvalues"}
	f.Fuzz(func(t *testing.T, b []byte, typ, coll uint8) {
		cmd := "sindex-create:namespace=test;set=fzx;indexname=fzi;exp=" + base64.StdEncoding.EncodeToString(b) +
			";type=" + types[int(typ)%len(types)] + ";indextype=" + colls[int(coll)%len(colls)]
		if got := s.infoValue(cmd); got != "ok" {
			if !strings.HasPrefix(got, "ERROR:") {
				t.Fatalf("%s: answer %q", cmd, got)
			}
			return
		}
		t.Cleanup(func() { s.infoValue("sindex-delete:namespace=test;indexname=fzi") })
		for _, fl := range []*driver.Filter{
			{IndexName: "fzi", Begin: -1 << 63, End: 1<<63 - 1},
			{IndexName: "fzi", Equal: "a"},
			{Exp: decodeFilter(b), Collection: driver.IndexCollection(int(coll) % len(colls)), Begin: -1 << 63, End: 1<<63 - 1},
		} {
			rows, err := s.store.Query(s.ctx, &driver.QueryRequest{Namespace: "test", Set: "fzx", Filter: fl})
			if err != nil {
				continue // e.g. the expression's index is not numeric
			}
			for {
				rec, err := rows.Next(s.ctx)
				if err != nil || rec == nil {
					break
				}
			}
			_ = rows.Close()
		}
	})
}
