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
	// KindUnsupported is a type the mapper cannot store.
	KindUnsupported
)

var kindNames = [...]string{KindAny: "any", KindInt: "integer", KindFloat: "float", KindString: "string", KindBool: "bool",
	KindBlob: "blob", KindTime: "time", KindList: "list", KindMap: "map", KindStruct: "struct", KindGeo: "GeoJSON",
	KindHLL: "HLL", KindCustom: "custom", KindUnsupported: "unsupported"}

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

// TypeInfoOf describes how the mapper stores a value of type t: the kind
// its codec chose when it was built (codec.go fill), so that what a type is
// said to be and how it is encoded are one decision. A type the mapper
// cannot store (a chan, a func, a map with unsupported keys) is
// KindUnsupported.
func TypeInfoOf(t reflect.Type) TypeInfo {
	return typeInfo(t, codecOf)
}

// typeInfo is TypeInfoOf with the codecs of codecFor: codecOf, or a
// builder's while it builds a plan (under buildMu, which codecOf takes).
func typeInfo(t reflect.Type, codecFor func(reflect.Type) (*codec, error)) TypeInfo {
	var ti TypeInfo
	for t.Kind() == reflect.Pointer {
		t, ti.Pointer = t.Elem(), true
	}
	ti.Base = t
	c, err := codecFor(t)
	if err != nil {
		ti.Kind = KindUnsupported
		return ti
	}
	ti.Kind = c.kind
	switch ti.Kind {
	case KindList:
		ti.Elem = t.Elem()
	case KindMap:
		ti.Elem, ti.Key = t.Elem(), t.Key()
	}
	return ti
}
