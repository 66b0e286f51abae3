package aero

import (
	"fmt"
	"iter"
	"reflect"

	"github.com/aerokit/aero/mapper"
)

// Decode maps a record read through the untyped API (Session.Get, Scan,
// a BatchResult, a Page's Failed list...) into a new T, as a Repo of T
// decodes it: bins, user key (when the record carries it), generation and
// TTL. T is a struct type with the tags described in tags.go. A record
// that does not decode is ErrDecode, naming the field and bin at fault.
func Decode[T any](rec *Record) (*T, error) {
	plan, err := planOf[T]()
	if err != nil {
		return nil, invalidArgument("DECODE", "", "", err)
	}
	if rec == nil {
		return nil, invalidArgument("DECODE", "", "", fmt.Errorf("nil *Record to decode into %s", plan.Type()))
	}
	v := new(T)
	if err := decodeStruct(plan, rec.Bins, nil, rec.Key.Value, rec.Generation, rec.TTL, reflect.ValueOf(v).Elem()); err != nil {
		e := decodeError("DECODE", rec.Key.Namespace, rec.Key.Set, nil, err)
		e.Key = keyText(rec.Key.Value, rec.Key.Digest)
		return nil, e
	}
	return v, nil
}

// BinName returns the bin that the Go field of the struct type T named
// field is stored in: its Go name or, for a field promoted from an
// embedded struct, its name or dotted path ("Base.Created"). Key, gen and
// ttl fields that are not bins, and fields of nested (non-embedded)
// structs, are not found (ErrInvalidArgument). Use it to name bins in
// untyped calls, operations and filters without repeating tag names:
//
//	bin, err := aero.BinName[User]("Visits")
//	res, err := s.Operate(ctx, users.Key("ada"), []aero.Op{aero.AddOp(bin, 1), aero.GetOp(bin)})
func BinName[T any](field string) (string, error) {
	plan, err := planOf[T]()
	if err != nil {
		return "", invalidArgument("BIN", "", "", err)
	}
	return binOf(plan, field, "", "")
}

// binOf is the bin of a Go field of the plan's type.
func binOf(plan *mapper.Plan, field, ns, set string) (string, error) {
	fi, err := plan.Field(field)
	if err != nil {
		return "", invalidArgument("BIN", ns, set, err)
	}
	return fi.Bin, nil
}

// Collect reads a scan or query to the end into a slice. It stops at the
// first error (a record that does not decode, or the failure of the scan)
// and returns it with the values read before it; nil and no error for an
// empty scan.
func Collect[V any](seq iter.Seq2[V, error]) ([]V, error) {
	var out []V
	for v, err := range seq {
		if err != nil {
			return out, err
		}
		out = append(out, v)
	}
	return out, nil
}
