package mapper

import (
	"math"
	"reflect"
	"strings"
	"testing"
	"time"
)

type Node struct {
	Val      int              `aero:"val"`
	Next     *Node            `aero:"next"`
	Children []Node           `aero:"kids"`
	ByName   map[string]*Node `aero:"by"`
}

func TestRecursive(t *testing.T) {
	t.Parallel()
	p := planOf[Node](t)
	n := Node{Val: 1, Next: &Node{Val: 2, Next: &Node{Val: 3}}, Children: []Node{{Val: 4}}, ByName: map[string]*Node{"x": {Val: 5}}}
	bins, err := p.Encode(reflect.ValueOf(n))
	if err != nil {
		t.Fatal(err)
	}
	var got Node
	if err := p.Decode(bins, reflect.ValueOf(&got)); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, n) {
		t.Errorf("got %+v, want %+v", got, n)
	}
}

func TestMeta(t *testing.T) {
	t.Parallel()
	type K struct {
		ID   uint64        `aero:"id,key,bin"`
		G    int16         `aero:",gen"`
		TTL  time.Duration `aero:",ttl"`
		Name string        `aero:"name"`
	}
	p := planOf[K](t)
	if !p.HasKey() || !p.HasGeneration() || !p.HasTTL() || !p.WritesTTL() {
		t.Fatal("K: want key, gen and written ttl")
	}
	v := K{ID: 5, G: 3, TTL: time.Minute, Name: "n"}
	bins, err := p.Encode(reflect.ValueOf(v))
	if err != nil {
		t.Fatal(err)
	}
	if want := (map[string]any{"id": int64(5), "name": "n"}); !reflect.DeepEqual(bins, want) {
		t.Errorf("Encode = %v, want %v", bins, want)
	}
	if k, err := p.Key(reflect.ValueOf(v)); err != nil || k != int64(5) {
		t.Errorf("Key = %v, %v; want int64 5", k, err)
	}
	if g, err := p.Generation(reflect.ValueOf(v)); err != nil || g != 3 {
		t.Errorf("Generation = %v, %v", g, err)
	}
	if d, err := p.TTL(reflect.ValueOf(v)); err != nil || d != time.Minute {
		t.Errorf("TTL = %v, %v", d, err)
	}
	rv := reflect.ValueOf(&v)
	if err := p.SetKey(rv, int64(9)); err != nil || v.ID != 9 {
		t.Errorf("SetKey(9): %v, ID %d", err, v.ID)
	}
	for _, bad := range []any{int64(-1), "x", []byte("x")} {
		if err := p.SetKey(rv, bad); err == nil {
			t.Errorf("SetKey(%#v) succeeded", bad)
		}
	}
	if err := p.SetGeneration(rv, 70000); err == nil || !strings.Contains(err.Error(), "K.G: value 70000 overflows int16") {
		t.Errorf("SetGeneration(70000) = %v", err)
	}
	if err := p.SetGeneration(rv, 12); err != nil || v.G != 12 {
		t.Errorf("SetGeneration(12) = %v, G %d", err, v.G)
	}
	if err := p.SetTTL(rv, 2*time.Second); err != nil || v.TTL != 2*time.Second {
		t.Errorf("SetTTL = %v, TTL %v", err, v.TTL)
	}
	type IntTTL struct {
		U32 uint32 `asm:"ttl"`
		I32 int32  `asm:"ttl"`
		I64 int64  `aero:",ttl"`
	}
	ip := planOf[IntTTL](t)
	var it IntTTL
	for _, tc := range []struct {
		set  time.Duration
		want IntTTL
		get  time.Duration
	}{
		{90 * time.Second, IntTTL{90, 90, 90}, 90 * time.Second},
		{1500 * time.Millisecond, IntTTL{1, 1, 1}, time.Second},
		{-1, IntTTL{math.MaxUint32, -1, math.MaxUint32}, -1},
	} {
		if err := ip.SetTTL(reflect.ValueOf(&it), tc.set); err != nil || it != tc.want {
			t.Errorf("SetTTL(%v) = %v, fields %+v; want %+v", tc.set, err, it, tc.want)
		}
		if d, err := ip.TTL(reflect.ValueOf(it)); err != nil || d != tc.get {
			t.Errorf("TTL after SetTTL(%v) = %v, %v; want %v", tc.set, d, err, tc.get)
		}
	}
	type SmallTTL struct {
		T uint16 `aero:",ttl"`
	}
	if err := planOf[SmallTTL](t).SetTTL(reflect.ValueOf(&SmallTTL{}), -1); err == nil {
		t.Error("SetTTL(never) into uint16 succeeded")
	}
	if err := p.SetTTL(reflect.ValueOf(v), 0); err == nil {
		t.Error("SetTTL on a non-settable value succeeded")
	}
	if _, err := p.Key(reflect.ValueOf(K{ID: math.MaxUint64})); err == nil {
		t.Error("Key(MaxUint64) succeeded")
	}

	type NoMeta struct{ A int }
	np := planOf[NoMeta](t)
	if np.HasKey() || np.HasGeneration() || np.HasTTL() || np.WritesTTL() {
		t.Error("NoMeta reports meta fields")
	}
	nv := NoMeta{}
	if _, err := np.Key(reflect.ValueOf(nv)); err == nil {
		t.Error("Key without key field succeeded")
	}
	if err := np.SetGeneration(reflect.ValueOf(&nv), 1); err != nil {
		t.Errorf("SetGeneration without gen field = %v, want nil", err)
	}

	type BK struct {
		K []byte `aero:",key"`
	}
	bp := planOf[BK](t)
	var bk BK
	src := []byte{1, 2}
	if err := bp.SetKey(reflect.ValueOf(&bk), src); err != nil {
		t.Fatal(err)
	}
	src[0] = 9
	if k, _ := bp.Key(reflect.ValueOf(bk)); !reflect.DeepEqual(k, []byte{1, 2}) {
		t.Errorf("Key = %v, want a copy [1 2]", k)
	}
	if bins, _ := bp.Encode(reflect.ValueOf(bk)); len(bins) != 0 {
		t.Errorf("key without bin option was written: %v", bins)
	}
}

func TestBin(t *testing.T) {
	t.Parallel()
	type Deep struct {
		X int `aero:"dx"`
	}
	type Mid struct {
		Deep
		Y int `aero:"my"`
	}
	type Top struct {
		Mid
		Deep
		Name string `aero:"name"`
		In   Inner  `aero:"in"`
	}
	// Deep.X is reached twice (Top.Deep.X and Top.Mid.Deep.X): a duplicate.
	if err := register(Top{}); err == nil || !strings.Contains(err.Error(), `duplicate bin name "dx"`) {
		t.Fatalf("register(Top) = %v, want duplicate error", err)
	}
	type Top2 struct {
		Mid
		Name string `aero:"name"`
		In   Inner  `aero:"in"`
	}
	p := planOf[Top2](t)
	tests := []struct {
		path, bin string
		ok        bool
	}{
		{"Name", "name", true},
		{"Y", "my", true},
		{"Mid.Y", "my", true},
		{"X", "dx", true},
		{"Mid.Deep.X", "dx", true},
		{"Deep.X", "", false},
		{"In", "in", true},
		{"In.Zip", "", false},
		{"name", "", false},
	}
	for _, tc := range tests {
		if bin, ok := p.Bin(tc.path); bin != tc.bin || ok != tc.ok {
			t.Errorf("Bin(%q) = %q, %v; want %q, %v", tc.path, bin, ok, tc.bin, tc.ok)
		}
	}
}

func TestEmbeddedRules(t *testing.T) {
	t.Parallel()
	type Named struct {
		Inner `aero:"inner"`
		A     int `aero:"a"`
	}
	type Skipped struct {
		Inner `aero:"-"`
		A     int `aero:"a"`
	}
	type Ptr struct {
		*Inner
		A int `aero:"a"`
	}
	type AsTagged struct {
		Inner `as:"-"` // the client ignores tags on embedded structs
	}
	tests := []struct {
		v    any
		want map[string]any
		back any // what decodes back, when not v
	}{
		{Named{Inner{1, "c"}, 2}, map[string]any{"inner": map[any]any{"zip": int64(1), "city": "c"}, "a": int64(2)}, nil},
		{Skipped{Inner{1, "c"}, 2}, map[string]any{"a": int64(2)}, Skipped{A: 2}},
		{Ptr{&Inner{1, "c"}, 2}, map[string]any{"Inner": map[any]any{"zip": int64(1), "city": "c"}, "a": int64(2)}, nil},
		{Ptr{nil, 2}, map[string]any{"Inner": nil, "a": int64(2)}, nil},
		{AsTagged{Inner{1, "c"}}, map[string]any{"zip": int64(1), "city": "c"}, nil},
	}
	for _, tc := range tests {
		p, err := PlanFor(reflect.TypeOf(tc.v))
		if err != nil {
			t.Fatal(err)
		}
		bins, err := p.Encode(reflect.ValueOf(tc.v))
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(bins, tc.want) {
			t.Errorf("Encode(%T) = %v, want %v", tc.v, bins, tc.want)
		}
		nv := reflect.New(reflect.TypeOf(tc.v))
		if err := p.Decode(bins, nv); err != nil {
			t.Fatal(err)
		}
		back := tc.back
		if back == nil {
			back = tc.v
		}
		if !reflect.DeepEqual(nv.Elem().Interface(), back) {
			t.Errorf("round trip %T = %+v, want %+v", tc.v, nv.Elem().Interface(), back)
		}
	}
}

func TestAPIMisuse(t *testing.T) {
	t.Parallel()
	p := planOf[Inner](t)
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"encode wrong type", second(p.Encode(reflect.ValueOf(Node{}))), "Encode: value of type mapper.Node, want mapper.Inner"},
		{"encode nil ptr", second(p.Encode(reflect.ValueOf((*Inner)(nil)))), "Encode: nil pointer"},
		{"encode invalid", second(p.Encode(reflect.Value{})), "invalid reflect.Value"},
		{"decode not settable", p.Decode(nil, reflect.ValueOf(Inner{})), "not settable"},
		{"decode wrong type", p.Decode(nil, reflect.ValueOf(&Node{})), "want mapper.Inner"},
		{"PlanFor nil", second(PlanFor(nil)), "nil type"},
	}
	for _, tc := range tests {
		if tc.err == nil || !strings.Contains(tc.err.Error(), tc.want) {
			t.Errorf("%s: error %v, want %q", tc.name, tc.err, tc.want)
		}
	}
}

func second[T any](_ T, err error) error { return err }

func TestConcurrentPlanFor(t *testing.T) {
	t.Parallel()
	type Fresh struct {
		A int      `aero:"a"`
		N *Node    `aero:"n"`
		L []*Fresh `aero:"l"`
	}
	done := make(chan *Plan)
	for range 8 {
		go func() {
			p, err := PlanFor(reflect.TypeFor[*Fresh]())
			if err != nil {
				t.Error(err)
			}
			v := Fresh{A: 1, L: []*Fresh{{A: 2}}}
			bins, err := p.Encode(reflect.ValueOf(v))
			if err != nil {
				t.Error(err)
			}
			var got Fresh
			if err := p.Decode(bins, reflect.ValueOf(&got)); err != nil || got.L[0].A != 2 {
				t.Error(err, got)
			}
			done <- p
		}()
	}
	first := <-done
	for range 7 {
		if p := <-done; p != first {
			t.Error("PlanFor returned different plans for one type")
		}
	}
}

func TestClientKeyTag(t *testing.T) {
	t.Parallel()
	type keyOnly struct {
		ID   string `as:",key"`
		Name string `as:"name"`
	}
	type keyAndBin struct {
		ID   int64  `as:"id,key"`
		Name string `as:"name"`
	}
	tests := []struct {
		name     string
		v        any
		wantKey  any
		wantBins map[string]any
	}{
		{"key only", &keyOnly{ID: "k1", Name: "a"}, "k1", map[string]any{"name": "a"}},
		{"key and bin", &keyAndBin{ID: 7, Name: "b"}, int64(7), map[string]any{"id": int64(7), "name": "b"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rv := reflect.ValueOf(tt.v)
			p, err := PlanFor(rv.Type())
			if err != nil {
				t.Fatal(err)
			}
			if !p.HasKey() {
				t.Fatal("as:\",key\" field is not the key")
			}
			k, err := p.Key(rv)
			if err != nil || !reflect.DeepEqual(k, tt.wantKey) {
				t.Errorf("Key = %v, %v; want %v", k, err, tt.wantKey)
			}
			bins, err := p.Encode(rv)
			if err != nil || !reflect.DeepEqual(bins, tt.wantBins) {
				t.Errorf("Encode = %v, %v; want %v", bins, err, tt.wantBins)
			}
		})
	}
}
