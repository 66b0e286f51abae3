package mapper

import (
	"reflect"
)

// IndexKind is the kind of secondary index a field's tag declares (the
// index option), taken from the field's Go type.
type IndexKind uint8

// Index kinds.
const (
	// NoIndex: the field declares no index.
	NoIndex IndexKind = iota
	// NumericIndex indexes an integer bin: fields of any integer kind, and
	// time.Time (stored as Unix nanoseconds).
	NumericIndex
	// StringIndex indexes a string bin: fields of a string kind.
	StringIndex
)

// String returns the kind as the server's info protocol names the index
// type.
func (k IndexKind) String() string {
	switch k {
	case NumericIndex:
		return "NUMERIC"
	case StringIndex:
		return "STRING"
	}
	return "none"
}

// indexKindOf returns the index kind of a field of type t, or an error
// saying why a field of that type cannot be indexed. A pointer field is
// indexed as what it points to (a nil pointer writes no bin, which the
// index skips).
func indexKindOf(t reflect.Type) (IndexKind, error) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == timeType {
		return NumericIndex, nil
	}
	if ok, _ := implements(t, marshalerType); ok {
		return NoIndex, errorf("index: type %s has its own encoding (mapper.Marshaler): its bin's type is not known", t)
	}
	if ok, _ := implements(t, textMarshalerType); ok {
		return NoIndex, errorf("index: type %s is stored as text by its MarshalText: index a string field instead", t)
	}
	switch k := t.Kind(); {
	case k >= reflect.Int && k <= reflect.Int64, k >= reflect.Uint && k <= reflect.Uint64:
		return NumericIndex, nil
	case k == reflect.String:
		return StringIndex, nil
	case k == reflect.Slice && t.Elem().Kind() == reflect.Uint8, k == reflect.Array && t.Elem().Kind() == reflect.Uint8:
		return NoIndex, errorf("index: a %s field is stored as a blob, which this package cannot index (only integer, time and string fields)", t)
	case k == reflect.Slice, k == reflect.Array, k == reflect.Map:
		return NoIndex, errorf("index: a %s field needs a collection index (list values, map keys or values), which is not supported yet", t)
	}
	return NoIndex, errorf("index: a %s field cannot be indexed (only integer, time and string fields)", t)
}

// Indexes returns the bin fields whose tag declares an index, in field
// order, with their FieldInfo.Index set.
func (p *Plan) Indexes() []FieldInfo {
	var out []FieldInfo
	for _, f := range p.fields {
		if f.sindex != NoIndex {
			out = append(out, f.info())
		}
	}
	return out
}
