package aerospike_test

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/aerokit/aero"
	"github.com/aerokit/aero/driver"
)

// decodeShapes has a field of each Go type an integer bin decodes into.
type decodeShapes struct {
	ID   string         `aero:"id,key"`
	I64  int64          `aero:"i64"`
	I    int            `aero:"i"`
	U32  uint32         `aero:"u32"`
	I8   int8           `aero:"i8"`
	D    time.Duration  `aero:"d"`
	At   time.Time      `aero:"at"`
	B    bool           `aero:"b"`
	Any  any            `aero:"any"`
	M    map[string]any `aero:"m"`
	L    []int64        `aero:"l"`
	P    *int64         `aero:"p"`
	Name string         `aero:"name"`
}

// TestRepoGetIntegerShapes: every Go type an integer bin decodes into
// reads back through this driver as it was written (the client returns
// integers as int; the driver makes them int64), an interface field holds
// the canonical int64, and the driver's own Get answers no int.
func TestRepoGetIntegerShapes(t *testing.T) {
	t.Parallel()
	dsn, _, _ := testTarget(t)
	conn := openDSN(t, dsn)
	set := uniqueSet(t, conn, "fordecode")
	repo, err := aero.NewRepo[decodeShapes, string](aero.NewSession(conn), set)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	p := int64(-1 << 40)
	for _, want := range []decodeShapes{
		{ID: "small", I64: 7, I: 8, U32: 9, I8: -3, D: time.Second, At: time.Unix(1700000000, 5).UTC(), B: true,
			Any: int64(42), M: map[string]any{"n": int64(1)}, L: []int64{1, 2}, P: &p, Name: "a"},
		{ID: "large", I64: 1 << 62, I: -1 << 40, U32: 1<<32 - 1, I8: 127, D: 90 * time.Hour, At: time.Unix(0, 1).UTC(),
			Any: int64(1) << 50, M: map[string]any{"n": int64(-1) << 50, "s": "x"}, L: []int64{1 << 60}, Name: "b"},
		{ID: "zero"},
	} {
		t.Run(want.ID, func(t *testing.T) {
			if err := repo.Put(ctx, &want); err != nil {
				t.Fatal(err)
			}
			got, err := repo.Get(ctx, want.ID)
			if err != nil {
				t.Fatal(err)
			}
			if !got.At.Equal(want.At) {
				t.Errorf("At = %v, want %v", got.At, want.At)
			}
			got.At, want.At = time.Time{}, time.Time{}
			if !reflect.DeepEqual(*got, want) {
				t.Errorf("Get = %+v, want %+v", *got, want)
			}
			// The record read through the driver: canonical bins.
			k, err := driver.NewKey(conn.Namespace(), set, want.ID)
			if err != nil {
				t.Fatal(err)
			}
			rec, err := conn.Get(ctx, nil, k, nil)
			if err != nil {
				t.Fatal(err)
			}
			for name, v := range rec.Bins {
				if _, ok := v.(int); ok {
					t.Errorf("bin %q read through the driver is an int, want int64", name)
				}
			}
		})
	}
}

// TestRepoGetDecodeErrorNamesInt64: a bin that does not decode is
// ErrDecode naming the canonical type (int64), as every backend names it,
// not the client's int.
func TestRepoGetDecodeErrorNamesInt64(t *testing.T) {
	t.Parallel()
	dsn, _, _ := testTarget(t)
	conn := openDSN(t, dsn)
	set := uniqueSet(t, conn, "fordecodeerr")
	repo, err := aero.NewRepo[decodeShapes, string](aero.NewSession(conn), set)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	k, err := driver.NewKey(conn.Namespace(), set, "bad")
	if err != nil {
		t.Fatal(err)
	}
	if err := conn.Put(ctx, nil, k, driver.Bins{"name": int64(1) << 40}); err != nil {
		t.Fatal(err)
	}
	_, err = repo.Get(ctx, "bad")
	if !errors.Is(err, aero.ErrDecode) {
		t.Fatalf("Get = %v, want ErrDecode", err)
	}
	if msg := err.Error(); !strings.Contains(msg, "cannot decode int64 into string") {
		t.Errorf("Get error = %q, want it to name int64", msg)
	}
}
