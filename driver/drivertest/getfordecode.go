package drivertest

import (
	"reflect"

	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/hll"
)

// What a backend that implements driver.DecodeGetter reads: GetForDecode
// reads what Get reads, the header and every bin, and its convert turns
// each bin as the backend returned it into Get's value, for every kind of
// bin (integers small and large, nested lists and maps, GeoJSON, HLL); the
// restricted and header-only forms and a missing record answer as Get's.
func testGetForDecode(e *env) {
	dg, ok := e.conn.(driver.DecodeGetter)
	if !ok {
		e.Skip("the backend does not implement driver.DecodeGetter")
	}
	k := e.key("all")
	e.put(k, driver.Bins{
		"small": int64(7), "big": int64(1) << 40, "neg": int64(-5), "f": 1.5, "s": "x", "b": []byte{1, 2}, "t": true,
		"l": []any{int64(1), "y", 2.5, []any{int64(1) << 50}, map[any]any{"k": int64(3)}},
		"m": map[any]any{"a": int64(1), int64(2): []any{"z"}, "n": map[any]any{"deep": int64(1) << 33}},
		"g": driver.GeoJSON(`{"type":"Point","coordinates":[1.5,2.5]}`),
		"h": hll.New(8, 0),
	})
	for _, tc := range []struct {
		name   string
		policy *driver.ReadPolicy
		bins   []string
	}{
		{"all bins", nil, nil},
		{"named bins", nil, []string{"s", "m", "g"}},
		{"no bins", nil, []string{}},
		{"header only", &driver.ReadPolicy{HeaderOnly: true}, nil},
	} {
		rule := "GetForDecode, " + tc.name
		want, err := e.conn.Get(e.ctx, tc.policy, k, tc.bins)
		e.mustOK(rule+": Get", err)
		got, convert, err := dg.GetForDecode(e.ctx, tc.policy, k, tc.bins)
		if !e.wantOK(rule, err) {
			continue
		}
		if got.Generation != want.Generation || got.Key != want.Key || (got.Bins == nil) != (want.Bins == nil) || len(got.Bins) != len(want.Bins) {
			e.Errorf("%s: generation %d, key %v, %d bins (nil %v); Get: generation %d, key %v, %d bins (nil %v)", rule,
				got.Generation, got.Key, len(got.Bins), got.Bins == nil, want.Generation, want.Key, len(want.Bins), want.Bins == nil)
		}
		if d := int64(got.Expiration) - int64(want.Expiration); d < -1 || d > 1 {
			e.Errorf("%s: expiration %d, Get's %d", rule, got.Expiration, want.Expiration)
		}
		for name, w := range want.Bins {
			raw, ok := got.Bins[name]
			if !ok {
				e.Errorf("%s: bin %q missing", rule, name)
				continue
			}
			c, err := convert(raw)
			if err != nil {
				e.Errorf("%s: convert(bin %q: %T) = %v", rule, name, raw, err)
				continue
			}
			if !reflect.DeepEqual(c, w) {
				e.Errorf("%s: convert(bin %q: %#v) = %#v, Get read %#v", rule, name, raw, c, w)
			}
		}
	}
	rec, _, err := dg.GetForDecode(e.ctx, nil, e.key("missing"), nil)
	if e.wantCode("GetForDecode of a missing record", err, driver.KeyNotFoundError) && rec != nil {
		e.Errorf("GetForDecode of a missing record returned a record with its error")
	}
}
