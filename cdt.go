package aero

import "github.com/aerokit/aero/mapper"

// List and map operations (package cdt) are Ops: cdt.ListAppend("tags",
// "go").Operation() goes into Session.Operate, Repo.Operate and batch
// writes as any other Op. On a Repo, FieldOp (fieldop.go) builds them, and
// scalar, bit and HLL operations, on T's Go fields.

// DecodeResult stores a list or map operation's result (a value of
// Record.Bins) into the variable out points to, as the mapper decodes a
// field of that type: a list of maps into a []Address, a count into an int.
func DecodeResult(result any, out any) error {
	if err := mapper.DecodeValue(result, out); err != nil {
		return invalidArgument("DECODE", "", "", err)
	}
	return nil
}
