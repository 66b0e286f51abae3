package aero

import (
	"context"
	"testing"

	"github.com/aerokit/aero/driver"
)

// emptyConn answers every scan and query with no record: what is left of
// a run is the query layer's own cost.
type emptyConn struct{ driver.Conn }

func (emptyConn) Namespace() string { return "test" }
func (emptyConn) Close() error      { return nil }
func (emptyConn) Query(context.Context, *driver.QueryRequest) (driver.Rows, error) {
	return emptyRows{}, nil
}
func (emptyConn) Scan(context.Context, *driver.QueryRequest) (driver.Rows, error) {
	return emptyRows{}, nil
}

type emptyRows struct{}

func (emptyRows) Next(context.Context) (*driver.Record, error) { return nil, nil }
func (emptyRows) Partitions() []driver.PartitionStatus         { return nil }
func (emptyRows) Close() error                                 { return nil }

type reusePerson struct {
	ID     string `aero:",key"`
	Age    int    `aero:"age,index"`
	City   string `aero:"city"`
	Member bool   `aero:"member"`
}

var errSeen error

func yieldPerson(_ *reusePerson, err error) bool {
	errSeen = err
	return err == nil
}

// queryLayerAllocs returns the allocations of one run of a compiled query
// of three predicates (an index filter and a residual filter) over a
// backend that returns nothing.
func queryLayerAllocs(tb testing.TB) float64 {
	s := NewSession(emptyConn{})
	r, err := NewRepo[reusePerson, string](s, "people")
	if err != nil {
		tb.Fatal(err)
	}
	q, err := r.Where(And(Field[reusePerson]("Age").Ge(18), Field[reusePerson]("City").Eq("Paris"), Field[reusePerson]("Member").Eq(true)))
	if err != nil {
		tb.Fatal(err)
	}
	if _, ok := q.Index(); !ok {
		tb.Fatal("the query does not use the index declared in the tags")
	}
	ctx := context.Background()
	// The loop body is a plain func: a range-over-func loop in the test
	// would add the caller's own closure to the count.
	return testing.AllocsPerRun(100, func() { q.All(ctx)(yieldPerson) })
}

// TestQueryLayerAllocs pins the allocations of a run of a compiled query
// outside the driver: the request handed to the driver, and the iterator
// returned to the caller (a Go func value that outlives All's frame).
func TestQueryLayerAllocs(t *testing.T) {
	n := queryLayerAllocs(t)
	if errSeen != nil {
		t.Fatal(errSeen)
	}
	t.Logf("%v allocations per run", n)
	if n > 2 {
		t.Errorf("a run of a compiled query allocates %v times in the query layer, want at most 2 (request, iterator)", n)
	}
}

// BenchmarkQueryLayer is a run of a compiled query of three predicates
// over a backend that returns nothing: the query layer's own cost on reuse
// (compare with BenchmarkWhere, the cost of compiling it).
func BenchmarkQueryLayer(b *testing.B) {
	s := NewSession(emptyConn{})
	r, err := NewRepo[reusePerson, string](s, "people")
	if err != nil {
		b.Fatal(err)
	}
	q, err := r.Where(And(Field[reusePerson]("Age").Ge(18), Field[reusePerson]("City").Eq("Paris"), Field[reusePerson]("Member").Eq(true)))
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		q.All(ctx)(yieldPerson)
	}
}
