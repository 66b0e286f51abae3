package clientinterop

import (
	"math"
	"reflect"
	"sort"
	"testing"
	"time"
	_ "unsafe" // for go:linkname

	as "github.com/aerospike/aerospike-client-go/v8"

	"github.com/aerokit/aero/mapper"
)

// The client's own reflection code (aerospike-client-go v8.5.0), reached
// through linkname because it is unexported:
//
//   - marshal (marshal.go) builds the BinMap that PutObject sends;
//   - fillMapping (marshal.go) builds the bin-name -> field-index mapping
//     that GetObject's parseObject uses (read_command_reflect.go);
//   - setObjectField and setObjectMetaFields (read_command_reflect.go) are
//     what parseObject calls for each bin and for the header.

//go:linkname clientMarshal github.com/aerospike/aerospike-client-go/v8.marshal
func clientMarshal(v any) as.BinMap

//go:linkname clientFillMapping github.com/aerospike/aerospike-client-go/v8.fillMapping
func clientFillMapping(objType reflect.Type, mapping map[string][]int, fields []string, ttl, gen [][]int, index []int) ([]string, [][]int, [][]int)

//go:linkname clientSetObjectField github.com/aerospike/aerospike-client-go/v8.setObjectField
func clientSetObjectField(mappings map[string][]int, obj reflect.Value, fieldName string, value any) as.Error

//go:linkname clientSetObjectMetaFields github.com/aerospike/aerospike-client-go/v8.setObjectMetaFields
func clientSetObjectMetaFields(obj reflect.Value, ttl, gen uint32) as.Error

// clientWrite returns the bins a record holds after the client's PutObject
// of obj, as the client reads them back: PutObject packs each BinMap value
// with NewValue (IntegerValue, FloatValue, string, []byte, lists, maps); on
// read, bytesToParticle and the unpacker (value.go, unpacker.go) return int
// for integers, float64, bool, string, []byte, []interface{} and
// map[interface{}]interface{}. A nil value deletes the bin.
func clientWrite(obj any) map[string]any {
	out := map[string]any{}
	for k, v := range clientMarshal(obj) {
		if w := clientWire(v); w != nil {
			out[k] = w
		}
	}
	return out
}

func clientWire(v any) any {
	switch x := v.(type) {
	case nil:
		return nil
	case as.IntegerValue:
		return int(x)
	case as.LongValue:
		return int(x)
	case int64:
		return int(x)
	case int:
		return x
	case as.FloatValue:
		return float64(x)
	case float64:
		return x
	case as.BoolValue:
		return bool(x)
	case bool, string, []byte:
		return x
	case as.StringValue:
		return string(x)
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = clientWire(e)
		}
		return out
	case map[any]any:
		out := make(map[any]any, len(x))
		for k, e := range x {
			out[clientWire(k)] = clientWire(e)
		}
		return out
	case as.BinMap:
		out := make(map[any]any, len(x))
		for k, e := range x {
			out[k] = clientWire(e)
		}
		return out
	}
	if _, ok := v.(as.Value); ok {
		// NullValue from a nil interface field.
		if reflect.TypeOf(v) == reflect.TypeOf(as.NewNullValue()) {
			return nil
		}
	}
	panic("clientWire: unexpected " + reflect.TypeOf(v).String())
}

// serverRead turns canonical bins written by mapper into what the client
// reads back (int64 becomes int, containers are read as
// []interface{}/map[interface{}]interface{}).
func serverRead(bins map[string]any) map[string]any {
	out := map[string]any{}
	for k, v := range bins {
		if w := clientWire(v); w != nil {
			out[k] = w
		}
	}
	return out
}

// clientRead fills a new object of obj's type from bins and a header the
// way the client's GetObject does (parseObject).
func clientRead(t *testing.T, typ reflect.Type, bins map[string]any, ttl, gen uint32) reflect.Value {
	t.Helper()
	mapping := map[string][]int{}
	clientFillMapping(typ, mapping, nil, nil, nil, nil)
	v := reflect.New(typ)
	if err := clientSetObjectMetaFields(v.Elem(), ttl, gen); err != nil {
		t.Fatalf("client setObjectMetaFields: %v", err)
	}
	for name, val := range bins {
		if err := clientSetObjectField(mapping, v.Elem(), name, val); err != nil {
			t.Fatalf("client setObjectField(%q, %#v): %v", name, val, err)
		}
	}
	return v
}

type Addr struct {
	Street string `as:"street"`
	Zip    int    `as:"zip"`
}

type Audit struct {
	CreatedBy string `as:"cby"`
	Version   int
}

type Owner struct {
	Name string
}

type Person struct {
	Audit                        // flattened
	*Owner                       // a nested map in bin "Owner"
	TTL      uint32              `asm:"ttl"`
	Gen      uint32              `asm:"gen"`
	Name     string              `as:"name"`
	Nick     *string             `as:"nick"`
	Age      uint8               `as:"age"`
	Big      uint64              `as:"big"`
	Small    int16               `as:"small"`
	Active   bool                `as:"active"`
	Ratio    float32             `as:"ratio"`
	Score    float64             `as:"score"`
	Born     time.Time           `as:"born"`
	Wait     time.Duration       `as:"wait"`
	Tags     []string            `as:"tags"`
	Matrix   [][]int             `as:"matrix"`
	Counts   map[string]int      `as:"counts"`
	ByID     map[int64]string    `as:"byid"`
	Home     Addr                `as:"home"`
	Work     *Addr               `as:"work"`
	Places   []Addr              `as:"places"`
	Raw      []byte              `as:"raw"`
	Hash     [4]byte             `as:"hash"`
	Extra    any                 `as:"extra"`
	Note     string              `as:"note,omitempty"`
	Secret   string              `as:"-"`
	Untagged string              // bin "Untagged"
	Sets     map[string][]string `as:"sets"`
}

func samplePerson() Person {
	nick := "al"
	return Person{
		Audit:    Audit{CreatedBy: "sys", Version: 3},
		Owner:    &Owner{Name: "o"},
		Name:     "Alice",
		Nick:     &nick,
		Age:      200,
		Big:      1 << 60,
		Small:    -300,
		Active:   true,
		Ratio:    0.25,
		Score:    -1.5,
		Born:     time.Date(1990, 7, 1, 10, 0, 0, 42, time.UTC),
		Wait:     1500 * time.Millisecond,
		Tags:     []string{"x", "y"},
		Matrix:   [][]int{{1, 2}, {3}},
		Counts:   map[string]int{"a": 1},
		ByID:     map[int64]string{7: "seven"},
		Home:     Addr{Street: "Main", Zip: 1234},
		Work:     &Addr{Street: "Side", Zip: 5},
		Places:   []Addr{{Street: "p", Zip: 1}},
		Raw:      []byte{1, 2, 3},
		Hash:     [4]byte{0xde, 0xad, 0xbe, 0xef},
		Extra:    "anything",
		Untagged: "u",
		Sets:     map[string][]string{"k": {"v1", "v2"}},
	}
}

func normalise(p *Person) {
	p.Born = p.Born.UTC()
	p.TTL, p.Gen = 0, 0
}

func TestBinNamesMatchClient(t *testing.T) {
	t.Parallel()
	plan, err := mapper.PlanFor(reflect.TypeFor[Person]())
	if err != nil {
		t.Fatal(err)
	}
	p := samplePerson()
	p.Note = "set, so that omitempty writes it"
	var clientNames []string
	for k := range clientMarshal(&p) {
		clientNames = append(clientNames, k)
	}
	ours := append([]string(nil), plan.BinNames()...)
	sort.Strings(clientNames)
	sort.Strings(ours)
	if !reflect.DeepEqual(ours, clientNames) {
		t.Errorf("bin names\n mapper %v\n client %v", ours, clientNames)
	}
}

// TestClientWritesMapperReads: a record written by PutObject decodes
// through mapper into the same struct.
func TestClientWritesMapperReads(t *testing.T) {
	t.Parallel()
	plan, err := mapper.PlanFor(reflect.TypeFor[Person]())
	if err != nil {
		t.Fatal(err)
	}
	want := samplePerson()
	bins := clientWrite(&want)
	var got Person
	if err := plan.Decode(bins, reflect.ValueOf(&got)); err != nil {
		t.Fatalf("Decode(%v): %v", bins, err)
	}
	// The client stores [4]byte as a list of integers and Extra as it is;
	// mapper decodes both.
	if _, ok := bins["hash"].([]any); !ok {
		t.Errorf("client stored hash as %T, want a list", bins["hash"])
	}
	if _, ok := bins["active"].(int); !ok {
		t.Errorf("client stored bool as %T, want int", bins["active"])
	}
	normalise(&got)
	normalise(&want)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("mapper decoded client record\n got %+v\nwant %+v", got, want)
	}
	// And the client reads its own record the same way (sanity check of
	// the harness).
	cv := clientRead(t, reflect.TypeFor[Person](), bins, 0, 0).Interface().(*Person)
	normalise(cv)
	if !reflect.DeepEqual(*cv, want) {
		t.Errorf("client decoded its own record\n got %+v\nwant %+v", *cv, want)
	}
}

// TestMapperWritesClientReads: a record written through mapper decodes
// through GetObject into the same struct, header fields included.
func TestMapperWritesClientReads(t *testing.T) {
	t.Parallel()
	plan, err := mapper.PlanFor(reflect.TypeFor[Person]())
	if err != nil {
		t.Fatal(err)
	}
	want := samplePerson()
	bins, err := plan.Encode(reflect.ValueOf(&want))
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := bins["active"].(bool); !ok {
		t.Errorf("mapper stored bool as %T, want bool", bins["active"])
	}
	got := clientRead(t, reflect.TypeFor[Person](), serverRead(bins), 3600, 4).Interface().(*Person)
	if got.TTL != 3600 || got.Gen != 4 {
		t.Errorf("client header fields TTL %d Gen %d, want 3600 4", got.TTL, got.Gen)
	}
	// mapper fills the same header fields the same way.
	var mine Person
	if err := plan.SetTTL(reflect.ValueOf(&mine), 3600*time.Second); err != nil {
		t.Fatal(err)
	}
	if err := plan.SetGeneration(reflect.ValueOf(&mine), 4); err != nil {
		t.Fatal(err)
	}
	if mine.TTL != got.TTL || mine.Gen != got.Gen {
		t.Errorf("mapper header fields TTL %d Gen %d, client %d %d", mine.TTL, mine.Gen, got.TTL, got.Gen)
	}
	// A record that never expires: the client reads TTL math.MaxUint32
	// (types.TTL(0)); mapper stores the same for a negative duration.
	never := clientRead(t, reflect.TypeFor[Person](), nil, math.MaxUint32, 1).Interface().(*Person)
	if err := plan.SetTTL(reflect.ValueOf(&mine), -1); err != nil {
		t.Fatal(err)
	}
	if mine.TTL != never.TTL {
		t.Errorf("never-expire TTL field: mapper %d, client %d", mine.TTL, never.TTL)
	}
	if plan.WritesTTL() {
		t.Error("WritesTTL() for an asm:\"ttl\" field, which PutObject never writes")
	}
	normalise(got)
	normalise(&want)
	if !reflect.DeepEqual(*got, want) {
		t.Errorf("client decoded mapper record\n got %+v\nwant %+v", *got, want)
	}
}

// TestSameValuesAsClient compares the values of every bin both write, after
// the round trip through the server, except where this package chose a
// different representation on purpose (documented in package mapper).
func TestSameValuesAsClient(t *testing.T) {
	t.Parallel()
	plan, err := mapper.PlanFor(reflect.TypeFor[Person]())
	if err != nil {
		t.Fatal(err)
	}
	p := samplePerson()
	ours, err := plan.Encode(reflect.ValueOf(&p))
	if err != nil {
		t.Fatal(err)
	}
	theirs := clientWrite(&p)
	mine := serverRead(ours)
	differ := map[string]bool{
		"active": true, // client: int 1 (legacy bool); mapper: bool (server 5.6+)
		"hash":   true, // client: list of ints; mapper: blob
	}
	for k, v := range theirs {
		if differ[k] {
			continue
		}
		if !reflect.DeepEqual(mine[k], v) {
			t.Errorf("bin %q: mapper %#v, client %#v", k, mine[k], v)
		}
	}
	if len(mine) != len(theirs) {
		t.Errorf("mapper wrote %d bins, client %d", len(mine), len(theirs))
	}
}
