package mapper

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

type benchAddr struct {
	Street string `aero:"street"`
	City   string `aero:"city"`
	Zip    int    `aero:"zip"`
}

// benchUser is the 12-field struct of the benchmarks.
type benchUser struct {
	Name    string         `aero:"name"`
	Age     int64          `aero:"age"`
	Score   float64        `aero:"score"`
	Active  bool           `aero:"active"`
	Tags    []string       `aero:"tags"`
	Counts  map[string]int `aero:"counts"`
	Addr    benchAddr      `aero:"addr"`
	Created time.Time      `aero:"created"`
	Blob    []byte         `aero:"blob"`
	Nick    *string        `aero:"nick"`
	Visits  uint32         `aero:"visits"`
	Timeout time.Duration  `aero:"timeout"`
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

// handEncode is the hand-written floor: the same bin map, no reflection.
func handEncode(u *benchUser) map[string]any {
	tags := make([]any, len(u.Tags))
	for i, t := range u.Tags {
		tags[i] = t
	}
	counts := make(map[any]any, len(u.Counts))
	for k, v := range u.Counts {
		counts[k] = int64(v)
	}
	var nick any
	if u.Nick != nil {
		nick = *u.Nick
	}
	return map[string]any{
		"name": u.Name, "age": u.Age, "score": u.Score, "active": u.Active,
		"tags": tags, "counts": counts,
		"addr":    map[any]any{"street": u.Addr.Street, "city": u.Addr.City, "zip": int64(u.Addr.Zip)},
		"created": u.Created.UnixNano(), "blob": u.Blob, "nick": nick,
		"visits": int64(u.Visits), "timeout": int64(u.Timeout),
	}
}

// handDecode is the hand-written floor of decoding (type assertions on
// canonical values; no error details).
func handDecode(bins map[string]any, u *benchUser) bool {
	var ok bool
	if u.Name, ok = bins["name"].(string); !ok {
		return false
	}
	if u.Age, ok = bins["age"].(int64); !ok {
		return false
	}
	if u.Score, ok = bins["score"].(float64); !ok {
		return false
	}
	if u.Active, ok = bins["active"].(bool); !ok {
		return false
	}
	tags, _ := bins["tags"].([]any)
	u.Tags = make([]string, len(tags))
	for i, t := range tags {
		if u.Tags[i], ok = t.(string); !ok {
			return false
		}
	}
	counts, _ := bins["counts"].(map[any]any)
	u.Counts = make(map[string]int, len(counts))
	for k, v := range counts {
		ks, ok1 := k.(string)
		n, ok2 := v.(int64)
		if !ok1 || !ok2 {
			return false
		}
		u.Counts[ks] = int(n)
	}
	addr, _ := bins["addr"].(map[any]any)
	u.Addr.Street, _ = addr["street"].(string)
	u.Addr.City, _ = addr["city"].(string)
	zip, _ := addr["zip"].(int64)
	u.Addr.Zip = int(zip)
	created, _ := bins["created"].(int64)
	u.Created = time.Unix(0, created)
	u.Blob, _ = bins["blob"].([]byte)
	if s, ok := bins["nick"].(string); ok {
		u.Nick = &s
	} else {
		u.Nick = nil
	}
	visits, _ := bins["visits"].(int64)
	u.Visits = uint32(visits)
	timeout, _ := bins["timeout"].(int64)
	u.Timeout = time.Duration(timeout)
	return true
}

func TestBenchFixtures(t *testing.T) {
	t.Parallel()
	p := planOf[benchUser](t)
	v := benchValue()
	got, err := p.Encode(reflect.ValueOf(&v))
	if err != nil {
		t.Fatal(err)
	}
	if want := handEncode(&v); !reflect.DeepEqual(got, want) {
		t.Fatalf("Encode = %v\nhand   = %v", got, want)
	}
	var a, h benchUser
	if err := p.Decode(got, reflect.ValueOf(&a)); err != nil {
		t.Fatal(err)
	}
	if !handDecode(got, &h) {
		t.Fatal("handDecode failed")
	}
	for _, d := range []benchUser{a, h} {
		if !d.Created.Equal(v.Created) {
			t.Errorf("Created = %v, want %v", d.Created, v.Created)
		}
		d.Created = v.Created
		if !reflect.DeepEqual(d, v) {
			t.Errorf("decoded %+v\nwant    %+v", d, v)
		}
	}
}

// wireKeys copies every string key of a bin map, as a backend decoding a
// record from the wire would allocate them: neither the plan's bin names
// nor the hand-written code's literals are then the same pointers as the
// keys, so map lookups compare bytes for both.
func wireKeys(bins map[string]any) map[string]any {
	out := make(map[string]any, len(bins))
	for k, v := range bins {
		out[strings.Clone(k)] = wireValue(v)
	}
	return out
}

func wireValue(v any) any {
	switch x := v.(type) {
	case map[any]any:
		out := make(map[any]any, len(x))
		for k, e := range x {
			if s, ok := k.(string); ok {
				k = strings.Clone(s)
			}
			out[k] = wireValue(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = wireValue(e)
		}
		return out
	}
	return v
}

// benchClientAddr and benchClientUser are benchAddr and benchUser with
// aerospike-client-go's tags, as a program written for the client has them.
type benchClientAddr struct {
	Street string `as:"street"`
	City   string `as:"city"`
	Zip    int    `as:"zip"`
}

type benchClientUser struct {
	Name    string          `as:"name"`
	Age     int64           `as:"age"`
	Score   float64         `as:"score"`
	Active  bool            `as:"active"`
	Tags    []string        `as:"tags"`
	Counts  map[string]int  `as:"counts"`
	Addr    benchClientAddr `as:"addr"`
	Created time.Time       `as:"created"`
	Blob    []byte          `as:"blob"`
	Nick    *string         `as:"nick"`
	Visits  uint32          `as:"visits"`
	Timeout time.Duration   `as:"timeout"`
}

// clientShape returns bins as aerospike-client-go returns them from a
// server: integers as int (value.go bytesToParticle, unpacker.go
// unpackObject), maps as map[any]any, lists as []any.
func clientShape(v any) any {
	switch x := v.(type) {
	case int64:
		return int(x)
	case map[any]any:
		out := make(map[any]any, len(x))
		for k, e := range x {
			out[k] = clientShape(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = clientShape(e)
		}
		return out
	}
	return v
}

func clientBins(bins map[string]any) map[string]any {
	out := make(map[string]any, len(bins))
	for k, v := range bins {
		out[k] = clientShape(v)
	}
	return out
}

// handDecodeClient is the hand-written floor for client-shaped bins: the
// same code as handDecode with int where handDecode has int64.
func handDecodeClient(bins map[string]any, u *benchClientUser) bool {
	var ok bool
	if u.Name, ok = bins["name"].(string); !ok {
		return false
	}
	age, ok := bins["age"].(int)
	if !ok {
		return false
	}
	u.Age = int64(age)
	if u.Score, ok = bins["score"].(float64); !ok {
		return false
	}
	if u.Active, ok = bins["active"].(bool); !ok {
		return false
	}
	tags, _ := bins["tags"].([]any)
	u.Tags = make([]string, len(tags))
	for i, t := range tags {
		if u.Tags[i], ok = t.(string); !ok {
			return false
		}
	}
	counts, _ := bins["counts"].(map[any]any)
	u.Counts = make(map[string]int, len(counts))
	for k, v := range counts {
		ks, ok1 := k.(string)
		n, ok2 := v.(int)
		if !ok1 || !ok2 {
			return false
		}
		u.Counts[ks] = n
	}
	addr, _ := bins["addr"].(map[any]any)
	u.Addr.Street, _ = addr["street"].(string)
	u.Addr.City, _ = addr["city"].(string)
	u.Addr.Zip, _ = addr["zip"].(int)
	created, _ := bins["created"].(int)
	u.Created = time.Unix(0, int64(created))
	u.Blob, _ = bins["blob"].([]byte)
	if s, ok := bins["nick"].(string); ok {
		u.Nick = &s
	} else {
		u.Nick = nil
	}
	visits, _ := bins["visits"].(int)
	u.Visits = uint32(visits)
	timeout, _ := bins["timeout"].(int)
	u.Timeout = time.Duration(timeout)
	return true
}

// handEncodeClient is handEncode for benchClientUser: the bins are the
// same.
func handEncodeClient(c *benchClientUser) map[string]any {
	u := benchUser{Name: c.Name, Age: c.Age, Score: c.Score, Active: c.Active, Tags: c.Tags, Counts: c.Counts,
		Addr: benchAddr(c.Addr), Created: c.Created, Blob: c.Blob, Nick: c.Nick, Visits: c.Visits, Timeout: c.Timeout}
	return handEncode(&u)
}

func TestClientBenchFixtures(t *testing.T) {
	t.Parallel()
	v := benchValue()
	cv := benchClientUser{Name: v.Name, Age: v.Age, Score: v.Score, Active: v.Active, Tags: v.Tags, Counts: v.Counts,
		Addr: benchClientAddr(v.Addr), Created: v.Created, Blob: v.Blob, Nick: v.Nick, Visits: v.Visits, Timeout: v.Timeout}
	p := planOf[benchClientUser](t)
	got, err := p.Encode(reflect.ValueOf(&cv))
	if err != nil {
		t.Fatal(err)
	}
	if want := handEncodeClient(&cv); !reflect.DeepEqual(got, want) {
		t.Fatalf("Encode = %v\nhand   = %v", got, want)
	}
	bins := clientBins(got)
	var a, h benchClientUser
	if err := p.Decode(bins, reflect.ValueOf(&a)); err != nil {
		t.Fatal(err)
	}
	if !handDecodeClient(bins, &h) {
		t.Fatal("handDecodeClient failed")
	}
	for _, d := range []benchClientUser{a, h} {
		if !d.Created.Equal(cv.Created) {
			t.Errorf("Created = %v, want %v", d.Created, cv.Created)
		}
		d.Created = cv.Created
		if !reflect.DeepEqual(d, cv) {
			t.Errorf("decoded %+v\nwant    %+v", d, cv)
		}
	}
}

// BenchmarkEncode encodes the 12-field struct with each tag style, and by
// hand.
func BenchmarkEncode(b *testing.B) {
	v := benchValue()
	cv := benchClientUser{Name: v.Name, Age: v.Age, Score: v.Score, Active: v.Active, Tags: v.Tags, Counts: v.Counts,
		Addr: benchClientAddr(v.Addr), Created: v.Created, Blob: v.Blob, Nick: v.Nick, Visits: v.Visits, Timeout: v.Timeout}
	warmHeap(func() { _ = handEncode(&v) })
	b.Run("tags=aero/impl=aero", func(b *testing.B) { benchEncode(b, reflect.ValueOf(&v)) })
	b.Run("tags=aero/impl=handwritten", func(b *testing.B) {
		c := startCPU(b)
		for b.Loop() {
			_ = handEncode(&v)
		}
		c.stop()
	})
	b.Run("tags=as/impl=aero", func(b *testing.B) { benchEncode(b, reflect.ValueOf(&cv)) })
	b.Run("tags=as/impl=handwritten", func(b *testing.B) {
		c := startCPU(b)
		for b.Loop() {
			_ = handEncodeClient(&cv)
		}
		c.stop()
	})
}

// warmHeap runs f for a while before the sub-benchmarks, so that the
// first of them does not pay for growing the heap back (page faults, more
// frequent collections) after the benchmark before it let it shrink.
func warmHeap(f func()) {
	for range 20000 {
		f()
	}
}

func benchEncode(b *testing.B, rv reflect.Value) {
	p, err := PlanFor(rv.Type())
	if err != nil {
		b.Fatal(err)
	}
	c := startCPU(b)
	for b.Loop() {
		if _, err := p.Encode(rv); err != nil {
			b.Fatal(err)
		}
	}
	c.stop()
}

// BenchmarkDecode decodes the 12-field struct from canonical bins (as the
// memory driver returns them) with aero tags, and from bins as the client
// returns them (int integers) with the client's as tags; by the mapper and
// by hand (mapstructure's decode is compared in its own module:
// ./mapper/internal/mapstructurebench).
func BenchmarkDecode(b *testing.B) {
	v := benchValue()
	bins := wireKeys(handEncode(&v))
	cbins := clientBins(wireKeys(handEncode(&v)))
	warmHeap(func() { _ = handDecode(bins, new(benchUser)) })
	b.Run("input=canonical/tags=aero/impl=aero", func(b *testing.B) {
		var u benchUser
		benchDecode(b, bins, reflect.ValueOf(&u))
	})
	b.Run("input=canonical/tags=aero/impl=handwritten", func(b *testing.B) {
		var u benchUser
		c := startCPU(b)
		for b.Loop() {
			if !handDecode(bins, &u) {
				b.Fatal("handDecode failed")
			}
		}
		c.stop()
	})
	b.Run("input=client/tags=as/impl=aero", func(b *testing.B) {
		var u benchClientUser
		benchDecode(b, cbins, reflect.ValueOf(&u))
	})
	b.Run("input=client/tags=as/impl=handwritten", func(b *testing.B) {
		var u benchClientUser
		c := startCPU(b)
		for b.Loop() {
			if !handDecodeClient(cbins, &u) {
				b.Fatal("handDecodeClient failed")
			}
		}
		c.stop()
	})
	b.Run("input=client/tags=aero/impl=aero", func(b *testing.B) {
		var u benchUser
		benchDecode(b, cbins, reflect.ValueOf(&u))
	})
	b.Run("input=canonical/tags=as/impl=aero", func(b *testing.B) {
		var u benchClientUser
		benchDecode(b, bins, reflect.ValueOf(&u))
	})
}

func benchDecode(b *testing.B, bins map[string]any, rv reflect.Value) {
	p, err := PlanFor(rv.Type())
	if err != nil {
		b.Fatal(err)
	}
	c := startCPU(b)
	for b.Loop() {
		if err := p.Decode(bins, rv); err != nil {
			b.Fatal(err)
		}
	}
	c.stop()
}
