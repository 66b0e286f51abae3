package mapper

import (
	"reflect"
	"unsafe"
)

// DecodeInto's destination stays where the caller has it. Decoding calls
// each field's function through a pointer (field.decp), so escape analysis
// cannot see what becomes of the address it is given and moves the
// caller's value to the heap: `var u T; DecodeInto(bins, &u)` would cost an
// allocation of a T per record that hand-written code does not make
// (BenchmarkBroadStruct). No function of this package keeps the address of
// the value it decodes into beyond the call, so DecodeInto hides it from
// escape analysis, as the runtime's noescape does (runtime/stubs.go) — but
// only for a type whose decoding runs this package's code alone (sealed):
// a method of the user's (UnmarshalAero, UnmarshalText) is handed the
// address of the field it decodes, and may keep it, so those types are
// decoded in a copy on the heap.

// noescape returns p, hidden from escape analysis. There is no call between
// the two conversions, so the stack cannot move in between.
//
//go:nosplit
func noescape(p unsafe.Pointer) unsafe.Pointer {
	x := uintptr(p)
	return *(*unsafe.Pointer)(unsafe.Pointer(&x))
}

// callsUser reports whether decoding a value of type t may call a method of
// the user's with an address inside the value: t, or a type t holds (field,
// element, key, pointee), has UnmarshalAero or UnmarshalText. It errs on the
// safe side: every struct field counts, mapped or not.
func callsUser(t reflect.Type, seen map[reflect.Type]bool) bool {
	if t == timeType || seen[t] {
		return false
	}
	seen[t] = true
	k := t.Kind()
	if k != reflect.Pointer && k != reflect.Interface {
		pt := reflect.PointerTo(t)
		if pt.Implements(unmarshalerType) || pt.Implements(textUnmarshalerType) {
			return true
		}
	}
	switch k {
	case reflect.Pointer, reflect.Slice, reflect.Array:
		return callsUser(t.Elem(), seen)
	case reflect.Map:
		return callsUser(t.Key(), seen) || callsUser(t.Elem(), seen)
	case reflect.Struct:
		for i := range t.NumField() {
			if callsUser(t.Field(i).Type, seen) {
				return true
			}
		}
	}
	return false
}
