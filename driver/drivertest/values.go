package drivertest

import (
	"bytes"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/aerokit/aero/driver"
)

// diffBins compares two bin maps exactly: the same bin names, and values of
// the same canonical types with equal contents. It returns "" when they are
// equal, else the first difference found (in sorted bin order).
func diffBins(got, want map[string]any) string {
	names := make([]string, 0, len(got)+len(want))
	for n := range got {
		names = append(names, n)
	}
	for n := range want {
		if _, ok := got[n]; !ok {
			names = append(names, n)
		}
	}
	slices.Sort(names)
	for _, n := range names {
		g, gok := got[n]
		w, wok := want[n]
		switch {
		case !gok:
			return fmt.Sprintf("bin %q: missing, want %s", n, fmtValue(w))
		case !wok:
			return fmt.Sprintf("bin %q: got %s, want no such bin", n, fmtValue(g))
		}
		if d := diffValue(fmt.Sprintf("bin %q", n), g, w); d != "" {
			return d
		}
	}
	return ""
}

// diffValue compares two canonical values. Types must match exactly (an
// int where int64 is due is a difference: backends return canonical types);
// an empty []byte or []any equals a nil one of the same type.
func diffValue(path string, got, want any) string {
	if fmt.Sprintf("%T", got) != fmt.Sprintf("%T", want) {
		return fmt.Sprintf("%s: got %s, want %s", path, fmtValue(got), fmtValue(want))
	}
	switch w := want.(type) {
	case nil:
		return ""
	case bool, int64, string, driver.GeoJSON:
		if got != want {
			return fmt.Sprintf("%s: got %s, want %s", path, fmtValue(got), fmtValue(want))
		}
	case float64:
		g := got.(float64)
		if g != w && !(math.IsNaN(g) && math.IsNaN(w)) || math.Signbit(g) != math.Signbit(w) {
			return fmt.Sprintf("%s: got %s, want %s", path, fmtValue(got), fmtValue(want))
		}
	case []byte:
		if !bytes.Equal(got.([]byte), w) {
			return fmt.Sprintf("%s: got %s, want %s", path, fmtValue(got), fmtValue(want))
		}
	case driver.HLL:
		if !bytes.Equal(got.(driver.HLL), w) {
			return fmt.Sprintf("%s: got %s, want %s", path, fmtValue(got), fmtValue(want))
		}
	case []any:
		g := got.([]any)
		if len(g) != len(w) {
			return fmt.Sprintf("%s: got a list of %d elements %s, want %d elements %s", path, len(g), fmtValue(g), len(w), fmtValue(w))
		}
		for i := range w {
			if d := diffValue(fmt.Sprintf("%s[%d]", path, i), g[i], w[i]); d != "" {
				return d
			}
		}
	case map[any]any:
		g := got.(map[any]any)
		for k, wv := range w {
			gv, ok := g[k]
			if !ok {
				return fmt.Sprintf("%s: map key %s missing, want value %s", path, fmtValue(k), fmtValue(wv))
			}
			if d := diffValue(fmt.Sprintf("%s[%s]", path, fmtValue(k)), gv, wv); d != "" {
				return d
			}
		}
		for k, gv := range g {
			if _, ok := w[k]; !ok {
				return fmt.Sprintf("%s: unexpected map key %s (value %s)", path, fmtValue(k), fmtValue(gv))
			}
		}
	default:
		return fmt.Sprintf("%s: the suite cannot compare values of type %T", path, want)
	}
	return ""
}

// fmtValue prints a value with its type, so that int64(1) and "1" differ.
func fmtValue(v any) string {
	switch x := v.(type) {
	case nil:
		return "nil"
	case string:
		if len(x) > 64 {
			return fmt.Sprintf("string(%d bytes) %q...", len(x), x[:32])
		}
		return fmt.Sprintf("%q", x)
	case []byte:
		if len(x) > 32 {
			return fmt.Sprintf("[]byte(%d bytes) %x...", len(x), x[:16])
		}
		return fmt.Sprintf("[]byte{%x}", x)
	case driver.HLL:
		if len(x) > 32 {
			return fmt.Sprintf("HLL(%d bytes) %x...", len(x), x[:16])
		}
		return fmt.Sprintf("HLL{%x}", x)
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = fmtValue(e)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case map[any]any:
		parts := make([]string, 0, len(x))
		for k, e := range x {
			parts = append(parts, fmtValue(k)+": "+fmtValue(e))
		}
		slices.Sort(parts)
		return "map{" + strings.Join(parts, ", ") + "}"
	}
	return fmt.Sprintf("%T(%v)", v, v)
}

func fmtBins(b map[string]any) string {
	if b == nil {
		return "nil"
	}
	names := make([]string, 0, len(b))
	for n := range b {
		names = append(names, n)
	}
	slices.Sort(names)
	parts := make([]string, len(names))
	for i, n := range names {
		parts[i] = fmt.Sprintf("%q: %s", n, fmtValue(b[n]))
	}
	return "{" + strings.Join(parts, ", ") + "}"
}
