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
	// GeoIndex indexes a GeoJSON bin (GEO2DSPHERE): fields of a geo type
	// (IsGeo).
	GeoIndex
)

// String returns the kind as the server's info protocol names the index
// type.
func (k IndexKind) String() string {
	switch k {
	case NumericIndex:
		return "NUMERIC"
	case StringIndex:
		return "STRING"
	case GeoIndex:
		return "GEO2DSPHERE"
	}
	return "none"
}

// IndexOn is what of a field's bin an index holds: the bin's value, or the
// elements of a list, the keys or the values of a map (the server's index
// types default, list, mapkeys and mapvalues).
type IndexOn uint8

// What an index holds.
const (
	// IndexValue indexes the bin's value: `aero:"age,index"` on an
	// integer, time or string field.
	IndexValue IndexOn = iota
	// IndexListElems indexes the elements of a list: `aero:"tags,index"`
	// on a slice or array of integers, times or strings.
	IndexListElems
	// IndexMapKeys indexes the keys of a map: `aero:"attrs,index=keys"`.
	IndexMapKeys
	// IndexMapValues indexes the values of a map:
	// `aero:"attrs,index=values"`.
	IndexMapValues
)

// String returns what the index holds as the server's indextype names it.
func (o IndexOn) String() string {
	switch o {
	case IndexListElems:
		return "LIST"
	case IndexMapKeys:
		return "MAPKEYS"
	case IndexMapValues:
		return "MAPVALUES"
	}
	return "DEFAULT"
}

// indexOf returns the index of a field of type t that a tag's index option
// declares (opt: "" for the bare option, or "keys" or "values" for a map
// field), or an error saying why the field cannot be indexed that way.
func (b *builder) indexOf(t reflect.Type, opt string) (IndexKind, IndexOn, error) {
	ti := typeInfo(t, b.codecFor)
	switch {
	case ti.Kind == KindMap:
		var on IndexOn
		var et reflect.Type
		switch opt {
		case "keys":
			on, et = IndexMapKeys, ti.Key
		case "values":
			on, et = IndexMapValues, ti.Elem
		default:
			return NoIndex, 0, errorf("index: a %s field needs index=keys or index=values (a map index holds its keys or its values)", t)
		}
		k, err := b.elemIndexKind(et)
		if err != nil {
			return NoIndex, 0, errorf("index=%s on a %s field: %s", opt, t, err.Msg)
		}
		return k, on, nil
	case opt != "":
		return NoIndex, 0, errorf("index=%s applies to map fields, not to a %s field", opt, t)
	case ti.Kind == KindList:
		k, err := b.elemIndexKind(ti.Elem)
		if err != nil {
			return NoIndex, 0, errorf("index on a %s field (a list index of its elements): %s", t, err.Msg)
		}
		return k, IndexListElems, nil
	}
	k, err := b.indexKindOf(t)
	return k, IndexValue, err
}

// elemIndexKind is the index kind of the elements (keys, values) of a
// collection: integers, times or strings; never a nested collection, which
// the server does not descend into.
func (b *builder) elemIndexKind(t reflect.Type) (IndexKind, *Error) {
	switch typeInfo(t, b.codecFor).Kind {
	case KindList, KindMap:
		return NoIndex, errorf("elements of type %s are collections, which the server does not index", t)
	}
	k, err := b.indexKindOf(t)
	if e, ok := err.(*Error); ok {
		return NoIndex, e
	} else if err != nil {
		return NoIndex, &Error{Err: err}
	}
	return k, nil
}

func implementsAny(t, iface reflect.Type) bool {
	ok, _ := implements(t, iface)
	return ok
}

// indexKindOf returns the index kind of a field of type t, or an error
// saying why a field of that type cannot be indexed. A pointer field is
// indexed as what it points to (a nil pointer writes no bin, which the
// index skips).
func (b *builder) indexKindOf(t reflect.Type) (IndexKind, error) {
	ti := typeInfo(t, b.codecFor)
	t = ti.Base
	switch ti.Kind {
	case KindTime, KindInt:
		return NumericIndex, nil
	case KindGeo:
		return GeoIndex, nil
	case KindString:
		return StringIndex, nil
	case KindCustom:
		if ok, _ := implements(t, marshalerType); ok {
			return NoIndex, errorf("index: type %s has its own encoding (mapper.Marshaler): its bin's type is not known", t)
		}
		return NoIndex, errorf("index: type %s is stored as text by its MarshalText: index a string field instead", t)
	case KindBlob:
		return NoIndex, errorf("index: a %s field is stored as a blob, which this package cannot index (only integer, time and string fields)", t)
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
