package aerospike

import (
	"encoding/base64"
	"testing"

	as "github.com/aerospike/aerospike-client-go/v8"

	"github.com/aerokit/aero/bitop"
	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/exp"
)

// TestBitExpWireMatchesClient checks that every bit expression of package
// exp packs to the bytes the client's ExpBitXxx packs (exp_bit.go).
func TestBitExpWireMatchesClient(t *testing.T) {
	t.Parallel()
	b, cb := exp.BlobBin("b"), as.ExpBlobBin("b")
	i, ci := exp.IntVal, as.ExpIntVal
	buf, cbuf := exp.BlobVal([]byte{0x80, 0x01}), as.ExpBlobVal([]byte{0x80, 0x01})
	pol, cpol := bitop.WriteUpdateOnly|bitop.WriteNoFail, as.NewBitPolicy(as.BitWriteFlagsUpdateOnly|as.BitWriteFlagsNoFail)
	cases := []struct {
		ours   *exp.Expr
		client *as.Expression
	}{
		{exp.BitResize(bitop.WriteCreateOnly, i(4), bitop.ResizeFromFront, b), as.ExpBitResize(as.NewBitPolicy(as.BitWriteFlagsCreateOnly), ci(4), as.BitResizeFlagsFromFront, cb)},
		{exp.BitInsert(pol, i(1), buf, b), as.ExpBitInsert(cpol, ci(1), cbuf, cb)},
		{exp.BitRemove(pol, i(1), i(2), b), as.ExpBitRemove(cpol, ci(1), ci(2), cb)},
		{exp.BitSet(pol, i(1), i(9), buf, b), as.ExpBitSet(cpol, ci(1), ci(9), cbuf, cb)},
		{exp.BitOr(pol, i(1), i(9), buf, b), as.ExpBitOr(cpol, ci(1), ci(9), cbuf, cb)},
		{exp.BitXor(pol, i(1), i(9), buf, b), as.ExpBitXor(cpol, ci(1), ci(9), cbuf, cb)},
		{exp.BitAnd(pol, i(1), i(9), buf, b), as.ExpBitAnd(cpol, ci(1), ci(9), cbuf, cb)},
		{exp.BitNot(pol, i(1), i(9), b), as.ExpBitNot(cpol, ci(1), ci(9), cb)},
		{exp.BitLShift(pol, i(1), i(9), i(3), b), as.ExpBitLShift(cpol, ci(1), ci(9), ci(3), cb)},
		{exp.BitRShift(pol, i(1), i(9), i(3), b), as.ExpBitRShift(cpol, ci(1), ci(9), ci(3), cb)},
		{exp.BitAdd(pol, i(0), i(8), i(3), true, bitop.OverflowSaturate, b), as.ExpBitAdd(cpol, ci(0), ci(8), ci(3), true, as.BitOverflowActionSaturate, cb)},
		{exp.BitSubtract(pol, i(0), i(8), i(3), false, bitop.OverflowWrap, b), as.ExpBitSubtract(cpol, ci(0), ci(8), ci(3), false, as.BitOverflowActionWrap, cb)},
		{exp.BitSetInt(pol, i(0), i(8), i(3), b), as.ExpBitSetInt(cpol, ci(0), ci(8), ci(3), cb)},
		{exp.BitGet(i(0), i(8), b), as.ExpBitGet(ci(0), ci(8), cb)},
		{exp.BitCount(i(0), i(8), b), as.ExpBitCount(ci(0), ci(8), cb)},
		{exp.BitLScan(i(0), i(8), exp.BoolVal(true), b), as.ExpBitLScan(ci(0), ci(8), as.ExpBoolVal(true), cb)},
		{exp.BitRScan(i(0), i(8), exp.BoolVal(false), b), as.ExpBitRScan(ci(0), ci(8), as.ExpBoolVal(false), cb)},
		{exp.BitGetInt(i(0), i(8), true, b), as.ExpBitGetInt(ci(0), ci(8), true, cb)},
		{exp.BitGetInt(i(0), i(8), false, b), as.ExpBitGetInt(ci(0), ci(8), false, cb)},
	}
	for _, c := range cases {
		want, aerr := c.client.Base64()
		if aerr != nil {
			t.Fatalf("client Base64 of %s: %v", c.ours, aerr)
		}
		if got := base64.StdEncoding.EncodeToString(c.ours.Bytes()); got != want {
			g, _ := base64.StdEncoding.DecodeString(got)
			w, _ := base64.StdEncoding.DecodeString(want)
			t.Errorf("%s: packed %x, the client packs %x", c.ours, g, w)
			continue
		}
		back, err := exp.Decode(c.ours.Bytes())
		if err != nil || back.String() != c.ours.String() {
			t.Errorf("%s: decodes to %v, %v", c.ours, back, err)
		}
	}
}

// TestBitToClient checks the translation of bit operations that the
// client's builders cannot send: ParameterError, naming the bin.
func TestBitToClient(t *testing.T) {
	t.Parallel()
	for _, op := range []driver.Operation{
		{Type: driver.OpBitModify, Bin: "b", Value: "x"},
		{Type: driver.OpBitModify, Bin: "b", Value: bitop.Count("b", 0, 1)},
		{Type: driver.OpBitRead, Bin: "b", Value: bitop.Op{Bin: "b", Code: bitop.OpGetInt, Args: []any{int64(0), int64(8), int64(2)}}},
		{Type: driver.OpBitModify, Bin: "b", Value: bitop.Op{Bin: "b", Code: bitop.OpSet, Args: []any{int64(0), int64(8), "x"}}},
		{Type: driver.OpBitModify, Bin: "b", Value: bitop.Op{Bin: "b", Code: bitop.OpNot, Args: []any{int64(0)}}},
		{Type: driver.OpBitModify, Bin: "b", Value: bitop.Not(0, "c", 0, 8)},
	} {
		_, _, err := opsToClient([]driver.Operation{op})
		if code, _ := driver.CodeOf(err); code != driver.ParameterError {
			t.Errorf("%v: error %v, want ParameterError", op.Value, err)
		}
	}
	if _, _, err := opsToClient([]driver.Operation{bitop.Add(0, "b", 0, 8, 1, true, bitop.OverflowWrap).Operation(), bitop.GetInt("b", 0, 8, true).Operation()}); err != nil {
		t.Fatal(err)
	}
}
