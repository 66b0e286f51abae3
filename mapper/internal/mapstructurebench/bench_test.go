package mapstructurebench

import (
	"reflect"
	"testing"
	"time"

	"github.com/aerokit/aero/mapper"
	"github.com/go-viper/mapstructure/v2"
)

type benchAddr struct {
	Street string `aero:"street" mapstructure:"street"`
	City   string `aero:"city" mapstructure:"city"`
	Zip    int    `aero:"zip" mapstructure:"zip"`
}

// benchUser is the 12-field struct of the mapper's benchmarks
// (mapper/bench_test.go), with mapstructure's tags beside aero's.
type benchUser struct {
	Name    string         `aero:"name" mapstructure:"name"`
	Age     int64          `aero:"age" mapstructure:"age"`
	Score   float64        `aero:"score" mapstructure:"score"`
	Active  bool           `aero:"active" mapstructure:"active"`
	Tags    []string       `aero:"tags" mapstructure:"tags"`
	Counts  map[string]int `aero:"counts" mapstructure:"counts"`
	Addr    benchAddr      `aero:"addr" mapstructure:"addr"`
	Created time.Time      `aero:"created" mapstructure:"created"`
	Blob    []byte         `aero:"blob" mapstructure:"blob"`
	Nick    *string        `aero:"nick" mapstructure:"nick"`
	Visits  uint32         `aero:"visits" mapstructure:"visits"`
	Timeout time.Duration  `aero:"timeout" mapstructure:"timeout"`
}

func benchValue() benchUser {
	nick := "bobby"
	return benchUser{
		Name: "Bob", Age: 42, Score: 97.5, Active: true,
		Tags:    []string{"a", "b", "c"},
		Counts:  map[string]int{"x": 1, "y": 2},
		Addr:    benchAddr{Street: "Main St", City: "Springfield", Zip: 12345},
		Created: time.Date(2024, 5, 6, 7, 8, 9, 10, time.UTC),
		Blob:    []byte{1, 2, 3, 4},
		Nick:    &nick, Visits: 1000, Timeout: 3 * time.Second,
	}
}

var (
	timeT     = reflect.TypeFor[time.Time]()
	durationT = reflect.TypeFor[time.Duration]()
)

// mapstructureHook converts the canonical representations mapstructure
// does not know: int64 nanoseconds to time.Time, and map[any]any (which
// mapstructure decodes into maps and structs only with string keys) to
// map[string]any.
func mapstructureHook(from, to reflect.Type, data any) (any, error) {
	switch {
	case to == timeT:
		if n, ok := data.(int64); ok {
			return time.Unix(0, n), nil
		}
	case to == durationT:
		if n, ok := data.(int64); ok {
			return time.Duration(n), nil
		}
	}
	if m, ok := data.(map[any]any); ok && (to.Kind() == reflect.Struct || to.Kind() == reflect.Map) {
		out := make(map[string]any, len(m))
		for k, v := range m {
			s, _ := k.(string)
			out[s] = v
		}
		return out, nil
	}
	return data, nil
}

func mapstructureDecode(bins map[string]any, u *benchUser) error {
	*u = benchUser{}
	d, err := mapstructure.NewDecoder(&mapstructure.DecoderConfig{
		DecodeHook: mapstructureHook,
		Result:     u,
	})
	if err != nil {
		return err
	}
	return d.Decode(bins)
}

// canonicalBins encodes v with the mapper: the bins as the memory driver
// returns them.
func canonicalBins(tb testing.TB, v *benchUser) (*mapper.Plan, map[string]any) {
	tb.Helper()
	p, err := mapper.PlanFor(reflect.TypeFor[benchUser]())
	if err != nil {
		tb.Fatal(err)
	}
	bins, err := p.Encode(reflect.ValueOf(v))
	if err != nil {
		tb.Fatal(err)
	}
	return p, bins
}

// TestFixture: both decoders give back the value encoded, so the benchmark
// compares two decoders that do the same work.
func TestFixture(t *testing.T) {
	t.Parallel()
	v := benchValue()
	p, bins := canonicalBins(t, &v)
	var a, m benchUser
	if err := p.Decode(bins, reflect.ValueOf(&a)); err != nil {
		t.Fatal(err)
	}
	if err := mapstructureDecode(bins, &m); err != nil {
		t.Fatal(err)
	}
	for name, d := range map[string]benchUser{"aero": a, "mapstructure": m} {
		if !d.Created.Equal(v.Created) {
			t.Errorf("%s: Created = %v, want %v", name, d.Created, v.Created)
		}
		d.Created = v.Created
		if !reflect.DeepEqual(d, v) {
			t.Errorf("%s: decoded %+v\nwant    %+v", name, d, v)
		}
	}
}

// BenchmarkDecode decodes the struct from canonical bins with the mapper and
// with mapstructure, in one run.
func BenchmarkDecode(b *testing.B) {
	v := benchValue()
	p, bins := canonicalBins(b, &v)
	b.Run("impl=aero", func(b *testing.B) {
		var u benchUser
		rv := reflect.ValueOf(&u)
		for b.Loop() {
			if err := p.Decode(bins, rv); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("impl=mapstructure", func(b *testing.B) {
		var u benchUser
		for b.Loop() {
			if err := mapstructureDecode(bins, &u); err != nil {
				b.Fatal(err)
			}
		}
	})
}
