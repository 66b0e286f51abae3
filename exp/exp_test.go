package exp

import (
	"errors"

	"github.com/aerokit/aero/cdt"
	"strings"
	"testing"
)

// samples covers every builder, for the round-trip and fuzz seeds.
func samples() []*Expr {
	b := IntBin("a")
	return []*Expr{
		IntBin("a"), FloatBin("f"), StringBin("s"), BoolBin("t"), BlobBin("b"), ListBin("l"), MapBin("m"),
		GeoBin("g"), HLLBin("h"), BinType("a"), BinExists("a"),
		Key(TypeInt), Key(TypeString), Key(TypeBlob), KeyExists(), SetName(), DigestModulo(3), TTL(), VoidTime(),
		LastUpdate(), SinceUpdate(), RecordSize(), DeviceSize(), MemorySize(), IsTombstone(),
		IntVal(0), IntVal(-1), IntVal(127), IntVal(1 << 40), IntVal(-1 << 40), FloatVal(1.5), StringVal(""),
		StringVal("hello"), BoolVal(true), BoolVal(false), BlobVal([]byte{1, 2}), GeoVal(`{"type":"Point","coordinates":[1,2]}`),
		NilValue(), InfinityValue(), WildCardValue(), ListVal(1, "x", []byte{3}, 2.5, nil, []any{1}),
		MapVal(map[any]any{"k": 1, 2: "v"}), Unknown(),
		Eq(b, IntVal(1)), NotEq(b, IntVal(1)), Greater(b, IntVal(1)), GreaterEq(b, IntVal(1)), Less(b, IntVal(1)), LessEq(b, IntVal(1)),
		RegexCompare("^a.*", RegexICase|RegexExtended, StringBin("s")), GeoCompare(GeoBin("g"), GeoVal(`{"type":"Point","coordinates":[0,0]}`)),
		And(BoolVal(true), Eq(b, IntVal(2))), Or(BoolVal(false), BoolVal(true)), Not(BoolVal(true)), Exclusive(BoolVal(true), BoolVal(false)),
		NumAdd(b, IntVal(1)), NumSub(b), NumMul(b, b, b), NumDiv(FloatBin("f"), FloatVal(2)), NumPow(FloatVal(2), FloatVal(3)),
		NumLog(FloatVal(8), FloatVal(2)), NumMod(b, IntVal(3)), NumAbs(b), NumFloor(FloatBin("f")), NumCeil(FloatBin("f")),
		ToInt(FloatBin("f")), ToFloat(b), IntAnd(b, IntVal(1)), IntOr(b, IntVal(1)), IntXor(b, IntVal(1)), IntNot(b),
		IntLShift(b, IntVal(2)), IntRShift(b, IntVal(2)), IntARShift(b, IntVal(2)), IntCount(b),
		IntLScan(b, BoolVal(true)), IntRScan(b, BoolVal(false)), Min(b, IntVal(1)), Max(b, IntVal(1)),
		Cond(Eq(b, IntVal(1)), StringVal("one"), Eq(b, IntVal(2)), StringVal("two"), StringVal("many")),
		Let(Def("x", b), Def("y", NumAdd(Var("x"), IntVal(1))), Greater(Var("y"), IntVal(3))),
		ListSize(ListBin("l")), MapSize(MapBin("m"), cdt.CtxMapKey("k")),
		ListRead(TypeInt, cdt.ListGetByIndex("", 0, cdt.ReturnValue), ListBin("l")),
		ListRead(TypeList, cdt.ListGetByValueList("", []any{1, "a"}, cdt.ReturnIndex), ListBin("l")),
		MapRead(TypeString, cdt.MapGetByKey("", "k", cdt.ReturnValue), MapBin("m")),
		ListModify(cdt.ListAppend("", 5), ListBin("l")),
		ListSize(ListModify(cdt.ListAppend("", 5), ListBin("l"))),
	}
}

func TestRoundTrip(t *testing.T) {
	t.Parallel()
	for _, e := range samples() {
		t.Run(e.String(), func(t *testing.T) {
			t.Parallel()
			if err := e.Validate(); err != nil {
				t.Fatalf("Validate: %v", err)
			}
			b := e.Bytes()
			d, err := Decode(b)
			if err != nil {
				t.Fatalf("Decode(%x): %v", b, err)
			}
			if !d.Equal(e) {
				t.Errorf("Decode(Bytes()) is not Equal: got %x, want %x", d.Bytes(), b)
			}
			if d.String() != e.String() {
				t.Errorf("String after round trip: got %s, want %s", d, e)
			}
			// Packing the decoded tree again gives the same bytes.
			re, err := d.append(nil, 0)
			if err != nil || string(re) != string(b) {
				t.Errorf("re-pack of the decoded tree: got %x (%v), want %x", re, err, b)
			}
		})
	}
}

// TestWireForm pins the bytes of a few expressions to the client's packing
// (expression.go): an op is an array [op, args...], a bin [81, type, raw
// name], a string value carries its particle type byte, a list is quoted.
func TestWireForm(t *testing.T) {
	t.Parallel()
	cases := []struct {
		e    *Expr
		want string
	}{
		{IntBin("a"), "\x93\x51\x02\xa1a"},
		{Eq(IntBin("a"), IntVal(1)), "\x93\x01\x93\x51\x02\xa1a\x01"},
		{StringVal("x"), "\xa2\x03x"},
		{BlobVal([]byte{9}), "\xa2\x04\x09"},
		{ListVal(1), "\x92\x7e\x91\x01"},
		{TTL(), "\x91\x45"},
		{DigestModulo(3), "\x92\x40\x03"},
		{BinType("b"), "\x92\x52\xa1b"},
		{IntVal(1 << 40), "\xd3\x00\x00\x01\x00\x00\x00\x00\x00"},
		{RegexCompare("a", RegexICase, StringBin("s")), "\x94\x07\x02\xa1a\x93\x51\x03\xa1s"},
		{Let(Def("x", IntVal(1)), Var("x")), "\x94\x7d\xa1x\x01\x92\x7c\xa1x"},
	}
	for _, c := range cases {
		if got := string(c.e.Bytes()); got != c.want {
			t.Errorf("%s: packed %x, want %x", c.e, got, c.want)
		}
	}
}

func TestString(t *testing.T) {
	t.Parallel()
	cases := []struct {
		e    *Expr
		want string
	}{
		{And(Greater(IntBin("age"), IntVal(21)), Eq(SetName(), StringVal("users"))), `and(gt(bin_int("age"), 21), eq(set_name(), "users"))`},
		{Let(Def("x", FloatVal(2)), Var("x")), `let(x=2.0, var("x"))`},
		{ListVal(1, "a"), `[1, "a"]`},
		{RegexCompare("^a", RegexNone, StringBin("s")), `cmp_regex("^a", 0, bin_str("s"))`},
		{Key(TypeBlob), `key_blob()`},
		{BlobVal([]byte{0xab}), `0xab`},
		{Not(nil), `not(<nil>)`},
	}
	for _, c := range cases {
		if got := c.e.String(); got != c.want {
			t.Errorf("String: got %s, want %s", got, c.want)
		}
	}
}

func TestEqual(t *testing.T) {
	t.Parallel()
	if !Eq(IntBin("a"), IntVal(1)).Equal(Eq(IntBin("a"), IntVal(1))) {
		t.Error("two builds of one expression are not Equal")
	}
	if Eq(IntBin("a"), IntVal(1)).Equal(Eq(IntBin("a"), IntVal(2))) {
		t.Error("expressions with different values are Equal")
	}
	var n *Expr
	if !n.Equal(nil) || n.Equal(IntVal(1)) {
		t.Error("nil expressions: Equal(nil) must be true, Equal(non-nil) false")
	}
}

func TestValidate(t *testing.T) {
	t.Parallel()
	deep := BoolVal(true)
	for i := 0; i < MaxDepth+2; i++ {
		deep = Not(deep)
	}
	cases := []struct {
		name string
		e    *Expr
		want string
	}{
		{"a value of an unsupported Go type", ListVal(struct{}{}), "value"},
		{"a nil argument", And(BoolVal(true), nil), "nil sub-expression"},
		{"a def outside let", Def("x", IntVal(1)), "outside let"},
		{"a let whose argument is not a def", Let(IntVal(1), IntVal(2)), "must be a def"},
		{"nesting deeper than MaxDepth", deep, "deeper"},
		{"a context that crashes a server", ListModify(cdt.ListAppend("", int64(1)).In(cdt.CtxListIndexCreate(-5, cdt.ListUnordered, true)), ListBin("l")), "list_index(-5"},
	}
	for _, c := range cases {
		err := c.e.Validate()
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: Validate = %v, want an error containing %q", c.name, err, c.want)
		}
		if b := c.e.Bytes(); b != nil {
			t.Errorf("%s: Bytes = %x, want nil for an expression that does not pack", c.name, b)
		}
	}
}

func TestDecodeErrors(t *testing.T) {
	t.Parallel()
	deep := strings.Repeat("\x92\x12", MaxDepth+2) + "\xc3" // not(not(...(true)))
	cases := []struct {
		name string
		in   string
		want string
	}{
		{"empty", "", "empty"},
		{"an empty instruction", "\x90", "empty instruction"},
		{"an unknown operation", "\x91\x60", "invalid operation"},
		{"a negative operation", "\x91\xff", "invalid operation"},
		{"a truncated array", "\x93\x01\x01", "exceeds"},
		{"trailing bytes", "\x01\x02", "after the expression"},
		{"a bin without a name", "\x93\x51\x02\x01", "name"},
		{"a bin of type 10", "\x93\x51\x0a\xa1a", "invalid type"},
		{"a bin with too many parameters", "\x94\x51\x02\xa1a\x01", "takes 2 parameters"},
		{"a let with an even count", "\x93\x7d\xa1x\x01", "odd number"},
		{"a quote of a non-list", "\x92\x7e\x01", "non-list"},
		{"a string without its particle type", "\xa0", "without a particle type"},
		{"a string of an unknown particle type", "\xa2\x09a", "particle type 9"},
		{"nesting deeper than MaxDepth", deep, "deeper"},
		{"an argument count beyond the payload", "\xdd\x00\x00\xff\xff\x10", "exceeds"},
		{"a call of an unknown system", "\x95\x7f\x02\x03\x91\x03\x93\x51\x06\xa1b", "system 3"},
	}
	for _, c := range cases {
		_, err := Decode([]byte(c.in))
		var xe *Error
		if !errors.As(err, &xe) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: Decode(%x) = %v, want an *Error containing %q", c.name, c.in, err, c.want)
		}
	}
	for _, in := range []string{"\xa2\x12\x00"} { // an HLL value literal
		if _, err := Decode([]byte(in)); !errors.Is(err, ErrUnsupported) {
			t.Errorf("Decode(%x) = %v, want ErrUnsupported", in, err)
		}
	}
}

func TestDecodePrefix(t *testing.T) {
	t.Parallel()
	b := append(Eq(IntBin("a"), IntVal(1)).Bytes(), 0x10) // [exp, flags] tail
	e, n, err := DecodePrefix(b)
	if err != nil || n != len(b)-1 || !e.Equal(Eq(IntBin("a"), IntVal(1))) {
		t.Fatalf("DecodePrefix = %v, %d, %v; want the expression and %d bytes", e, n, err, len(b)-1)
	}
}

// TestMapValKeys checks that MapVal normalizes keys as map keys (a byte
// array is a blob key, no panic) and reports keys that collide.
func TestMapValKeys(t *testing.T) {
	t.Parallel()
	if err := MapVal(map[any]any{[2]byte{1, 2}: int64(1), "a": int64(2)}).Validate(); err != nil {
		t.Fatalf("blob key: %v", err)
	}
	if err := MapVal(map[any]any{int8(1): "a", int64(1): "b"}).Validate(); err == nil {
		t.Fatal("two keys normalizing to 1: no error")
	}
	if err := MapVal(map[any]any{struct{}{}: 1}).Validate(); err == nil {
		t.Fatal("a struct key: no error")
	}
}
