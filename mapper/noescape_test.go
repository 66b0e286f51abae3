package mapper

import (
	"net"
	"reflect"
	"testing"
	"time"
)

// TestDecodeIntoStaysOnStack checks that DecodeInto into a value the caller
// declares costs no allocation beyond the hand-written decoding's: the
// value is not moved to the heap (it was, one allocation of the struct per
// record, before DecodeInto hid its address from escape analysis).
func TestDecodeIntoStaysOnStack(t *testing.T) {
	v := benchValue()
	bins := clientBins(wireKeys(handEncode(&v)))
	var sink int
	aero := testing.AllocsPerRun(200, func() {
		var u benchClientUser
		if err := DecodeInto(bins, &u); err != nil {
			t.Fatal(err)
		}
		sink += len(u.Tags)
	})
	hand := testing.AllocsPerRun(200, func() {
		var u benchClientUser
		if !handDecodeClient(bins, &u) {
			t.Fatal("handDecodeClient failed")
		}
		sink += len(u.Tags)
	})
	if aero != hand {
		t.Errorf("DecodeInto into a local: %v allocations per record, hand-written %v", aero, hand)
	}
	var u benchClientUser
	if err := DecodeInto(bins, &u); err != nil {
		t.Fatal(err)
	}
	var h benchClientUser
	handDecodeClient(bins, &h)
	if !reflect.DeepEqual(u, h) {
		t.Errorf("DecodeInto = %+v\nhand-written %+v", u, h)
	}
}

// keeper remembers the address UnmarshalAero is called on, as a user's
// method may.
type keeper struct{ s string }

var kept []*keeper

func (k keeper) MarshalAero() (any, error) { return k.s, nil }

func (k *keeper) UnmarshalAero(x any) error {
	k.s, _ = x.(string)
	kept = append(kept, k)
	return nil
}

type withKeeper struct {
	ID   string `aero:",key"`
	Gen  uint32 `aero:",gen"`
	K    keeper `aero:"k"`
	Name string `aero:"name"`
}

type withText struct {
	IP   net.IP    `aero:"ip"` // UnmarshalText
	When time.Time `aero:"when"`
}

// TestDecodeIntoUserMethods checks that a type whose decoding calls a
// method of the user's is not sealed, and that DecodeInto decodes it
// through a copy on the heap: bins decoded, key and gen fields kept, the
// address the method kept not one of the caller's value.
func TestDecodeIntoUserMethods(t *testing.T) {
	for _, c := range []struct {
		t      reflect.Type
		sealed bool
	}{
		{reflect.TypeFor[benchClientUser](), true},
		{reflect.TypeFor[withKeeper](), false},
		{reflect.TypeFor[withText](), false},
		{reflect.TypeFor[struct {
			M map[string][]*keeper `aero:"m"`
		}](), false},
	} {
		p, err := PlanFor(c.t)
		if err != nil {
			t.Fatal(err)
		}
		if p.sealed != c.sealed {
			t.Errorf("%s: sealed = %v, want %v", c.t, p.sealed, c.sealed)
		}
	}
	kept = nil
	w := withKeeper{ID: "id1", Gen: 7}
	if err := DecodeInto(map[string]any{"k": "kv", "name": "n"}, &w); err != nil {
		t.Fatal(err)
	}
	if want := (withKeeper{ID: "id1", Gen: 7, K: keeper{"kv"}, Name: "n"}); w != want {
		t.Errorf("DecodeInto = %+v, want %+v", w, want)
	}
	if len(kept) != 1 || kept[0] == &w.K {
		t.Errorf("UnmarshalAero was called on %v, want once on a copy (not %p)", kept, &w.K)
	}
}
