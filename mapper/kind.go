package mapper

import (
	"reflect"
	"strconv"
)

// Kind is what the mapper stores a Go type as: the one answer to "what is
// this field" that package aero's typed queries, FieldOp and index
// declarations ask (through FieldInfo and TypeInfoOf) instead of walking
// the type themselves.
type Kind uint8

// The kinds of stored value. A pointer is stored as what it points to (no
// bin when nil), so it has the kind of its element.
const (
	// KindAny is an interface: the value it holds decides.
	KindAny Kind = iota
	// KindInt is a signed or unsigned integer type (time.Duration
	// included), stored as an integer.
	KindInt
	// KindFloat is a float32 or float64, stored as a float.
	KindFloat
	// KindString is a string type, stored as a string.
	KindString
	// KindBool is a bool, stored as a boolean.
	KindBool
	// KindBlob is a []byte or [N]byte, stored as a blob.
	KindBlob
	// KindTime is a time.Time, stored as an integer of Unix nanoseconds.
	KindTime
	// KindList is a slice or array (not of bytes), stored as a list of
	// its encoded elements.
	KindList
	// KindMap is a map, stored as a map of its encoded keys and values.
	KindMap
	// KindStruct is a struct (not embedded), stored as a map keyed by its
	// fields' names.
	KindStruct
	// KindGeo is a GeoJSON value (driver.GeoJSON, package geo's shapes).
	KindGeo
	// KindHLL is a HyperLogLog (driver.HLL), stored as an HLL bin.
	KindHLL
	// KindCustom is a type with its own encoding (Marshaler,
	// encoding.TextMarshaler): what it stores is its own choice.
	KindCustom
)

var kindNames = [...]string{KindAny: "any", KindInt: "integer", KindFloat: "float", KindString: "string", KindBool: "bool",
	KindBlob: "blob", KindTime: "time", KindList: "list", KindMap: "map", KindStruct: "struct", KindGeo: "GeoJSON",
	KindHLL: "HLL", KindCustom: "custom"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

// TypeInfo describes how the mapper stores a Go type.
type TypeInfo struct {
	// Kind is what the type is stored as.
	Kind Kind
	// Base is the type without its pointers: a pointer is stored as the
	// value it points to, and a nil one writes no bin.
	Base reflect.Type
	// Pointer is set for a pointer type.
	Pointer bool
	// Elem is the type of a list's elements or a map's values (nil for
	// other kinds); Key the type of a map's keys.
	Elem, Key reflect.Type
}

// TypeInfoOf describes how the mapper stores a value of type t, by the
// rules its codecs follow (codec.go fill): through pointers, a geo type,
// then a Marshaler, time.Time, a TextMarshaler, an HLL, then by kind.
func TypeInfoOf(t reflect.Type) TypeInfo {
	var ti TypeInfo
	for t.Kind() == reflect.Pointer {
		t, ti.Pointer = t.Elem(), true
	}
	ti.Base, ti.Kind = t, kindOf(t)
	switch ti.Kind {
	case KindList:
		ti.Elem = t.Elem()
	case KindMap:
		ti.Elem, ti.Key = t.Elem(), t.Key()
	}
	return ti
}

// kindOf is the kind of t, not a pointer.
func kindOf(t reflect.Type) Kind {
	if IsGeo(t) {
		return KindGeo
	}
	k := t.Kind()
	if k != reflect.Interface {
		if m, _ := implements(t, marshalerType); m {
			return KindCustom
		}
		if t == timeType {
			return KindTime
		}
		if tm, _ := implements(t, textMarshalerType); tm && reflect.PointerTo(t).Implements(textUnmarshalerType) {
			return KindCustom
		}
		if t == hllType {
			return KindHLL
		}
	}
	switch {
	case k == reflect.Interface:
		return KindAny
	case k == reflect.Bool:
		return KindBool
	case isIntKind(k) || isUintKind(k):
		return KindInt
	case k == reflect.Float32 || k == reflect.Float64:
		return KindFloat
	case k == reflect.String:
		return KindString
	case (k == reflect.Slice || k == reflect.Array) && t.Elem().Kind() == reflect.Uint8:
		return KindBlob
	case k == reflect.Slice || k == reflect.Array:
		return KindList
	case k == reflect.Map:
		return KindMap
	case k == reflect.Struct:
		return KindStruct
	}
	return KindCustom // unsupported kinds never reach a plan
}
