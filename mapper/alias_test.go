package mapper

import (
	"reflect"
	"strings"
	"testing"
)

type renamedAddr struct {
	City string `aero:"city,alias=town,alias=c"`
}

type renamed struct {
	ID   string      `aero:"id,key"`
	Name string      `aero:"name,alias=nm,alias=n"`
	Age  int         `aero:"age"`
	Addr renamedAddr `aero:"addr,alias=address"`
	Tags []string    `aero:"tags,omitempty,alias=labels"`
}

func TestAliasDecode(t *testing.T) {
	t.Parallel()
	p := planOf[renamed](t)
	tests := []struct {
		name string
		bins map[string]any
		want renamed
	}{
		{"current only", map[string]any{"name": "cur"}, renamed{Name: "cur"}},
		{"current wins over aliases", map[string]any{"name": "cur", "nm": "old", "n": "older"}, renamed{Name: "cur"}},
		{"first alias", map[string]any{"nm": "old", "n": "older"}, renamed{Name: "old"}},
		{"second alias", map[string]any{"n": "older"}, renamed{Name: "older"}},
		{"nil current is absent", map[string]any{"name": nil, "n": "older"}, renamed{Name: "older"}},
		{"nil alias is absent", map[string]any{"nm": nil, "n": "older"}, renamed{Name: "older"}},
		{"none", map[string]any{"age": int64(3)}, renamed{Age: 3}},
		{"nested map[any]any alias", map[string]any{"address": map[any]any{"town": "Oslo"}}, renamed{Addr: renamedAddr{City: "Oslo"}}},
		{"nested second alias", map[string]any{"addr": map[any]any{"c": "Rome", "x": 1}}, renamed{Addr: renamedAddr{City: "Rome"}}},
		{"nested current wins", map[string]any{"addr": map[any]any{"city": "A", "town": "B"}}, renamed{Addr: renamedAddr{City: "A"}}},
		{"nested map[string]any alias", map[string]any{"addr": map[string]any{"town": "Bern"}}, renamed{Addr: renamedAddr{City: "Bern"}}},
		{"list alias", map[string]any{"labels": []any{"a"}}, renamed{Tags: []string{"a"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := renamed{Name: "stale", Age: 99, Tags: []string{"stale"}}
			if err := p.Decode(tc.bins, reflect.ValueOf(&got)); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Decode(%v) = %+v, want %+v", tc.bins, got, tc.want)
			}
		})
	}
	// A wrong type in an alias is reported against the field's bin.
	var r renamed
	err := p.Decode(map[string]any{"nm": int64(1)}, reflect.ValueOf(&r))
	if err == nil || err.Error() != `mapper: renamed.Name (bin "name"): cannot decode int64 into string` {
		t.Errorf("Decode of a bad alias value = %v", err)
	}
}

// TestAliasEncode: Encode writes the current names only, never an alias:
// a write cannot delete the alias bins (a replace refuses bin deletes),
// Decode prefers the current bin, and BinNames lists the aliases after the
// bins so that a read selects them and a read-modify-write that deletes the
// stored bins it did not write (Repo.Modify) removes them.
func TestAliasEncode(t *testing.T) {
	t.Parallel()
	p := planOf[renamed](t)
	v := renamed{ID: "k", Name: "n1", Age: 2, Addr: renamedAddr{City: "c1"}}
	bins, err := p.Encode(reflect.ValueOf(v))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"name": "n1", "age": int64(2), "addr": map[any]any{"city": "c1"}}
	if !reflect.DeepEqual(bins, want) {
		t.Errorf("Encode = %#v, want %#v", bins, want)
	}
	if got, want := p.BinNames(), []string{"name", "age", "addr", "tags", "nm", "n", "address", "labels"}; !reflect.DeepEqual(got, want) {
		t.Errorf("BinNames = %q, want %q", got, want)
	}
	// A record written before the rename reads through the new type, and
	// reads back the same once rewritten.
	var r renamed
	old := map[string]any{"nm": "n1", "age": int64(2), "address": map[any]any{"town": "c1"}}
	if err := p.Decode(old, reflect.ValueOf(&r)); err != nil {
		t.Fatal(err)
	}
	r.ID = "k"
	if !reflect.DeepEqual(r, v) {
		t.Errorf("Decode(old) = %+v, want %+v", r, v)
	}
}

func TestAliasPlanErrors(t *testing.T) {
	t.Parallel()
	type ownName struct {
		A int `aero:"a,alias=a"`
	}
	type twice struct {
		A int `aero:"a,alias=x,alias=x"`
	}
	type otherBinAfter struct {
		A int `aero:"a,alias=b"`
		B int `aero:"b"`
	}
	type otherBinBefore struct {
		B int `aero:"b"`
		A int `aero:"a,alias=b"`
	}
	type otherAlias struct {
		A int `aero:"a,alias=old"`
		B int `aero:"b,alias=old"`
	}
	type embeddedClash struct {
		renamedAddr
		Town string `aero:"town"`
	}
	type long struct {
		A int `aero:"a,alias=sixteen_bytes_xx"`
	}
	type empty struct {
		A int `aero:"a,alias="`
	}
	type onKey struct {
		ID string `aero:"id,key,alias=pk"`
	}
	type onGen struct {
		G uint32 `aero:",gen,alias=g"`
	}
	type onFlattened struct {
		renamedAddr `aero:",alias=x"`
	}
	tests := []struct {
		v    any
		want string
	}{
		{ownName{}, `ownName.A: alias "a" is the field's own bin name`},
		{twice{}, `twice.A: alias "x" is already used by an alias of field A`},
		{otherBinAfter{}, `otherBinAfter.B: duplicate bin name "b" (also used by an alias of field A)`},
		{otherBinBefore{}, `otherBinBefore.A: alias "b" is already used by field B`},
		{otherAlias{}, `otherAlias.B: alias "old" is already used by an alias of field A`},
		{embeddedClash{}, `embeddedClash.Town: duplicate bin name "town" (also used by an alias of field renamedAddr.City)`},
		{long{}, `long.A: bin name "sixteen_bytes_xx" is longer than 15 bytes`},
		{empty{}, `empty.A: empty alias in tag`},
		{onKey{}, "alias applies to bins, not to key, gen or ttl"},
		{onGen{}, "alias applies to bins, not to key, gen or ttl"},
		{onFlattened{}, "onFlattened.renamedAddr: alias on a flattened embedded struct"},
	}
	for _, tc := range tests {
		err := register(tc.v)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("register(%T) = %v, want an error containing %q", tc.v, err, tc.want)
		}
	}
	// Nested struct fields are map keys: no length limit on their aliases.
	type nested struct {
		In struct {
			A int `aero:"a,alias=a_name_longer_than_fifteen"`
		} `aero:"in"`
	}
	if err := register(nested{}); err != nil {
		t.Errorf("register(nested) = %v", err)
	}
	// The key with the bin option is a bin: it may have aliases.
	type keyBin struct {
		ID string `aero:"id,key,bin,alias=pk"`
	}
	p := planOf[keyBin](t)
	var k keyBin
	if err := p.Decode(map[string]any{"pk": "x"}, reflect.ValueOf(&k)); err != nil || k.ID != "x" {
		t.Errorf("Decode of a key bin's alias = %+v, %v", k, err)
	}
}
