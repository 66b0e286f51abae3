package mapper

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

type indexedUser struct {
	ID      string            `aero:"id,key,bin,index"`
	Age     int               `aero:"age,index"`
	Name    string            `aero:"name,index,omitempty"`
	Born    time.Time         `aero:"born,index"`
	Score   *uint32           `aero:"score,index"`
	City    string            `aero:"city"`
	Tags    []string          `aero:"tags"`
	Profile map[string]string `aero:"profile"`
}

// TestIndexOption checks the index option: the kind taken from the
// field's type, listed by Plan.Indexes in field order and by Plan.Field.
func TestIndexOption(t *testing.T) {
	t.Parallel()
	p, err := PlanFor(reflect.TypeFor[indexedUser]())
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range p.Indexes() {
		got = append(got, f.Path+"/"+f.Bin+"/"+f.Index.String())
	}
	want := "ID/id/STRING Age/age/NUMERIC Name/name/STRING Born/born/NUMERIC Score/score/NUMERIC"
	if strings.Join(got, " ") != want {
		t.Errorf("Indexes = %v, want %s", got, want)
	}
	for path, want := range map[string]IndexKind{"Age": NumericIndex, "City": NoIndex, "Name": StringIndex} {
		f, err := p.Field(path)
		if err != nil || f.Index != want {
			t.Errorf("Field(%q).Index = %v, %v; want %v", path, f.Index, err, want)
		}
	}
}

type textIdx struct{}

func (textIdx) MarshalText() ([]byte, error) { return nil, nil }
func (*textIdx) UnmarshalText([]byte) error  { return nil }

// TestIndexOptionRefused checks that a field that cannot be indexed, or a
// misplaced index option, is an error at plan time naming the field.
func TestIndexOptionRefused(t *testing.T) {
	t.Parallel()
	cases := []struct {
		typ  reflect.Type
		want string
	}{
		{reflect.TypeFor[struct {
			F float64 `aero:"f,index"`
		}](), ".F: index: a float64 field cannot be indexed"},
		{reflect.TypeFor[struct {
			B bool `aero:"b,index"`
		}](), ".B: index: a bool field cannot be indexed"},
		{reflect.TypeFor[struct {
			L []int `aero:"l,index"`
		}](), ".L: index: a []int field needs a collection index"},
		{reflect.TypeFor[struct {
			M map[string]int `aero:"m,index"`
		}](), ".M: index: a map[string]int field needs a collection index"},
		{reflect.TypeFor[struct {
			B []byte `aero:"b,index"`
		}](), ".B: index: a []uint8 field is stored as a blob"},
		{reflect.TypeFor[struct {
			T textIdx `aero:"t,index"`
		}](), ".T: index: type mapper.textIdx is stored as text"},
		{reflect.TypeFor[struct {
			L []string `aero:"l,index=values"`
		}](), `option "index=values"`},
		{reflect.TypeFor[struct {
			G uint32 `aero:",gen,index"`
		}](), "index applies to bins, not to key, gen or ttl"},
		{reflect.TypeFor[struct {
			N struct {
				X int `aero:"x,index"`
			} `aero:"n"`
		}](), ".N.X: index applies to top-level bins"},
	}
	for _, c := range cases {
		_, err := PlanFor(c.typ)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: got %v, want an error containing %q", c.typ, err, c.want)
		}
	}
}
