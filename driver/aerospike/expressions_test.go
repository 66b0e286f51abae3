package aerospike

import (
	"encoding/base64"
	"testing"

	as "github.com/aerospike/aerospike-client-go/v8"

	"github.com/aerokit/aero/cdt"
	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/exp"
)

// TestExpWireMatchesClient checks that package exp packs every builder to
// the bytes the client's own ExpXxx builder packs: the form the server
// parses, which the driver hands to the client unchanged.
func TestExpWireMatchesClient(t *testing.T) {
	t.Parallel()
	ib, cb := exp.IntBin("a"), as.ExpIntBin("a")
	cases := []struct {
		ours   *exp.Expr
		client *as.Expression
	}{
		{exp.IntBin("a"), as.ExpIntBin("a")},
		{exp.FloatBin("f"), as.ExpFloatBin("f")},
		{exp.StringBin("s"), as.ExpStringBin("s")},
		{exp.BoolBin("t"), as.ExpBoolBin("t")},
		{exp.BlobBin("b"), as.ExpBlobBin("b")},
		{exp.ListBin("l"), as.ExpListBin("l")},
		{exp.MapBin("m"), as.ExpMapBin("m")},
		{exp.GeoBin("g"), as.ExpGeoBin("g")},
		{exp.HLLBin("h"), as.ExpHLLBin("h")},
		{exp.BinExists("a"), as.ExpBinExists("a")},
		{exp.BinType("a"), as.ExpBinType("a")},
		{exp.Key(exp.TypeInt), as.ExpKey(as.ExpTypeINT)},
		{exp.KeyExists(), as.ExpKeyExists()},
		{exp.SetName(), as.ExpSetName()},
		{exp.DigestModulo(3), as.ExpDigestModulo(3)},
		{exp.TTL(), as.ExpTTL()},
		{exp.VoidTime(), as.ExpVoidTime()},
		{exp.LastUpdate(), as.ExpLastUpdate()},
		{exp.SinceUpdate(), as.ExpSinceUpdate()},
		{exp.RecordSize(), as.ExpRecordSize()},
		//lint:ignore SA1019 the deprecated builders still pack as the server reads them
		{exp.DeviceSize(), as.ExpDeviceSize()},
		//lint:ignore SA1019 the deprecated builders still pack as the server reads them
		{exp.MemorySize(), as.ExpMemorySize()},
		{exp.IsTombstone(), as.ExpIsTombstone()},
		{exp.IntVal(-5), as.ExpIntVal(-5)},
		{exp.IntVal(1 << 40), as.ExpIntVal(1 << 40)},
		{exp.FloatVal(1.5), as.ExpFloatVal(1.5)},
		{exp.StringVal("hi"), as.ExpStringVal("hi")},
		{exp.BoolVal(true), as.ExpBoolVal(true)},
		{exp.BlobVal([]byte{1, 2}), as.ExpBlobVal([]byte{1, 2})},
		{exp.GeoVal(`{"type":"Point","coordinates":[1,2]}`), as.ExpGeoVal(`{"type":"Point","coordinates":[1,2]}`)},
		{exp.NilValue(), as.ExpNilValue()},
		{exp.InfinityValue(), as.ExpInfinityValue()},
		{exp.WildCardValue(), as.ExpWildCardValue()},
		{exp.ListVal(1, "x"), as.ExpListVal(as.IntegerValue(1), as.StringValue("x"))},
		{exp.MapVal(map[any]any{"k": 1}), as.ExpMapVal(as.MapValue{"k": 1})},
		{exp.Unknown(), as.ExpUnknown()},
		{exp.Eq(ib, exp.IntVal(1)), as.ExpEq(cb, as.ExpIntVal(1))},
		{exp.NotEq(ib, exp.IntVal(1)), as.ExpNotEq(cb, as.ExpIntVal(1))},
		{exp.Greater(ib, exp.IntVal(1)), as.ExpGreater(cb, as.ExpIntVal(1))},
		{exp.GreaterEq(ib, exp.IntVal(1)), as.ExpGreaterEq(cb, as.ExpIntVal(1))},
		{exp.Less(ib, exp.IntVal(1)), as.ExpLess(cb, as.ExpIntVal(1))},
		{exp.LessEq(ib, exp.IntVal(1)), as.ExpLessEq(cb, as.ExpIntVal(1))},
		{exp.RegexCompare("^a", exp.RegexICase, exp.StringBin("s")), as.ExpRegexCompare("^a", as.ExpRegexFlagICASE, as.ExpStringBin("s"))},
		{exp.GeoCompare(exp.GeoBin("g"), exp.GeoVal("{}")), as.ExpGeoCompare(as.ExpGeoBin("g"), as.ExpGeoVal("{}"))},
		{exp.And(exp.BoolVal(true), exp.BoolVal(false)), as.ExpAnd(as.ExpBoolVal(true), as.ExpBoolVal(false))},
		{exp.Or(exp.BoolVal(true), exp.BoolVal(false)), as.ExpOr(as.ExpBoolVal(true), as.ExpBoolVal(false))},
		{exp.Not(exp.BoolVal(true)), as.ExpNot(as.ExpBoolVal(true))},
		{exp.Exclusive(exp.BoolVal(true), exp.BoolVal(false)), as.ExpExclusive(as.ExpBoolVal(true), as.ExpBoolVal(false))},
		{exp.NumAdd(ib, exp.IntVal(1)), as.ExpNumAdd(cb, as.ExpIntVal(1))},
		{exp.NumSub(ib, exp.IntVal(1)), as.ExpNumSub(cb, as.ExpIntVal(1))},
		{exp.NumMul(ib, exp.IntVal(1)), as.ExpNumMul(cb, as.ExpIntVal(1))},
		{exp.NumDiv(ib, exp.IntVal(1)), as.ExpNumDiv(cb, as.ExpIntVal(1))},
		{exp.NumPow(exp.FloatVal(2), exp.FloatVal(3)), as.ExpNumPow(as.ExpFloatVal(2), as.ExpFloatVal(3))},
		{exp.NumLog(exp.FloatVal(8), exp.FloatVal(2)), as.ExpNumLog(as.ExpFloatVal(8), as.ExpFloatVal(2))},
		{exp.NumMod(ib, exp.IntVal(3)), as.ExpNumMod(cb, as.ExpIntVal(3))},
		{exp.NumAbs(ib), as.ExpNumAbs(cb)},
		{exp.NumFloor(exp.FloatVal(1)), as.ExpNumFloor(as.ExpFloatVal(1))},
		{exp.NumCeil(exp.FloatVal(1)), as.ExpNumCeil(as.ExpFloatVal(1))},
		{exp.ToInt(exp.FloatVal(1)), as.ExpToInt(as.ExpFloatVal(1))},
		{exp.ToFloat(ib), as.ExpToFloat(cb)},
		{exp.IntAnd(ib, exp.IntVal(1)), as.ExpIntAnd(cb, as.ExpIntVal(1))},
		{exp.IntOr(ib, exp.IntVal(1)), as.ExpIntOr(cb, as.ExpIntVal(1))},
		{exp.IntXor(ib, exp.IntVal(1)), as.ExpIntXor(cb, as.ExpIntVal(1))},
		{exp.IntNot(ib), as.ExpIntNot(cb)},
		{exp.IntLShift(ib, exp.IntVal(1)), as.ExpIntLShift(cb, as.ExpIntVal(1))},
		{exp.IntRShift(ib, exp.IntVal(1)), as.ExpIntRShift(cb, as.ExpIntVal(1))},
		{exp.IntARShift(ib, exp.IntVal(1)), as.ExpIntARShift(cb, as.ExpIntVal(1))},
		{exp.IntCount(ib), as.ExpIntCount(cb)},
		{exp.IntLScan(ib, exp.BoolVal(true)), as.ExpIntLScan(cb, as.ExpBoolVal(true))},
		{exp.IntRScan(ib, exp.BoolVal(true)), as.ExpIntRScan(cb, as.ExpBoolVal(true))},
		{exp.Min(ib, exp.IntVal(1)), as.ExpMin(cb, as.ExpIntVal(1))},
		{exp.Max(ib, exp.IntVal(1)), as.ExpMax(cb, as.ExpIntVal(1))},
		{exp.Cond(exp.BoolVal(true), exp.IntVal(1), exp.IntVal(2)), as.ExpCond(as.ExpBoolVal(true), as.ExpIntVal(1), as.ExpIntVal(2))},
		{exp.Let(exp.Def("x", ib), exp.Var("x")), as.ExpLet(as.ExpDef("x", cb), as.ExpVar("x"))},
		{exp.ListSize(exp.ListBin("l")), as.ExpListSize(as.ExpListBin("l"))},
		{exp.MapSize(exp.MapBin("m"), cdt.CtxMapKey("k")), as.ExpMapSize(as.ExpMapBin("m"), as.CtxMapKey(as.StringValue("k")))},
		{exp.ListRead(exp.TypeInt, cdt.ListGetByIndex("", 2, cdt.ReturnValue), exp.ListBin("l")),
			as.ExpListGetByIndex(as.ListReturnTypeValue, as.ExpTypeINT, as.ExpIntVal(2), as.ExpListBin("l"))},
		{exp.ListRead(exp.TypeList, cdt.ListGetByValueList("", []any{1, "a"}, cdt.ReturnIndex), exp.ListBin("l")),
			as.ExpListGetByValueList(as.ListReturnTypeIndex, as.ExpListVal(as.IntegerValue(1), as.StringValue("a")), as.ExpListBin("l"))},
		{exp.MapRead(exp.TypeString, cdt.MapGetByKey("", "k", cdt.ReturnValue), exp.MapBin("m")),
			as.ExpMapGetByKey(as.MapReturnType.VALUE, as.ExpTypeSTRING, as.ExpStringVal("k"), as.ExpMapBin("m"))},
		{exp.ListModify(cdt.ListAppendWithPolicy(cdt.ListPolicy{}, "", 5), exp.ListBin("l")),
			as.ExpListAppend(as.DefaultListPolicy(), as.ExpIntVal(5), as.ExpListBin("l"))},
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
		}
	}
}

// TestExpOpsToClient checks the translation of expression operations and
// of expressions that cannot be sent.
func TestExpOpsToClient(t *testing.T) {
	t.Parallel()
	ops, hasWrite, err := opsToClient([]driver.Operation{
		exp.ReadOp("r", exp.IntBin("a"), exp.ReadEvalNoFail),
		exp.WriteOp("w", exp.IntVal(1), exp.WriteCreateOnly),
	})
	if err != nil || len(ops) != 2 || !hasWrite {
		t.Fatalf("opsToClient of a read and a write expression: %v, %d ops, hasWrite %v", err, len(ops), hasWrite)
	}
	bad := []driver.Operation{
		{Type: driver.OpExpRead, Bin: "r", Value: "not an expression"},
		{Type: driver.OpExpRead, Bin: "r", Value: exp.IntVal(1), ExpFlags: driver.ExpWriteCreateOnly},
		{Type: driver.OpExpWrite, Bin: "", Value: exp.IntVal(1)},
		{Type: driver.OpExpWrite, Bin: "w", Value: exp.ListVal(struct{}{})},
	}
	for _, op := range bad {
		_, _, err := opsToClient([]driver.Operation{op})
		if c, _ := driver.CodeOf(err); c != driver.ParameterError {
			t.Errorf("opsToClient(%+v): got %v, want ParameterError", op, err)
		}
	}
	if _, err := clientExp(exp.And(exp.BoolVal(true), nil)); err == nil {
		t.Error("clientExp of an expression with a nil argument: got nil error, want ParameterError")
	}
}

// TestReadRouting checks the translation of a read's routing to the
// client's policy: each value to the client's constant, the zero fields
// keeping the connection's, and values out of range refused.
func TestReadRouting(t *testing.T) {
	t.Parallel()
	base := *as.NewPolicy()
	base.ReplicaPolicy, base.ReadModeAP, base.ReadModeSC = as.PREFER_RACK, as.ReadModeAPOne, as.ReadModeSCSession
	cases := []struct {
		r       driver.ReadRouting
		replica as.ReplicaPolicy
		ap      as.ReadModeAP
		sc      as.ReadModeSC
		bad     bool
	}{
		{r: driver.ReadRouting{}, replica: as.PREFER_RACK, ap: as.ReadModeAPOne, sc: as.ReadModeSCSession},
		{r: driver.ReadRouting{Replica: driver.ReplicaMaster}, replica: as.MASTER, ap: as.ReadModeAPOne, sc: as.ReadModeSCSession},
		{r: driver.ReadRouting{Replica: driver.ReplicaMasterProles}, replica: as.MASTER_PROLES, ap: as.ReadModeAPOne, sc: as.ReadModeSCSession},
		{r: driver.ReadRouting{Replica: driver.ReplicaSequence, ReadModeAP: driver.ReadModeAPAll}, replica: as.SEQUENCE, ap: as.ReadModeAPAll, sc: as.ReadModeSCSession},
		{r: driver.ReadRouting{Replica: driver.ReplicaRandom, ReadModeSC: driver.ReadModeSCLinearize}, replica: as.RANDOM, ap: as.ReadModeAPOne, sc: as.ReadModeSCLinearize},
		{r: driver.ReadRouting{ReadModeSC: driver.ReadModeSCAllowReplica}, replica: as.PREFER_RACK, ap: as.ReadModeAPOne, sc: as.ReadModeSCAllowReplica},
		{r: driver.ReadRouting{ReadModeSC: driver.ReadModeSCAllowUnavailable}, replica: as.PREFER_RACK, ap: as.ReadModeAPOne, sc: as.ReadModeSCAllowUnavailable},
		{r: driver.ReadRouting{Replica: 42}, bad: true},
		{r: driver.ReadRouting{ReadModeAP: 42}, bad: true},
		{r: driver.ReadRouting{ReadModeSC: 42}, bad: true},
	}
	c := &Conn{}
	for _, tc := range cases {
		p, err := c.readPolWith(&base, &driver.ReadPolicy{Routing: tc.r})
		if tc.bad {
			if code, _ := driver.CodeOf(err); code != driver.ParameterError {
				t.Errorf("%+v: got %v, want PARAMETER_ERROR", tc.r, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%+v: %v", tc.r, err)
			continue
		}
		if p.ReplicaPolicy != tc.replica || p.ReadModeAP != tc.ap || p.ReadModeSC != tc.sc {
			t.Errorf("%+v: got %v %v %v, want %v %v %v", tc.r, p.ReplicaPolicy, p.ReadModeAP, p.ReadModeSC, tc.replica, tc.ap, tc.sc)
		}
	}
	if base.ReplicaPolicy != as.PREFER_RACK {
		t.Error("the connection's template policy was changed")
	}
}
