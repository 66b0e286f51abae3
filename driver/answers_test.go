package driver

import "testing"

func TestAnswersAndSharesResultBin(t *testing.T) {
	t.Parallel()
	read := func(bin string) Operation { return Operation{Type: OpRead, Bin: bin} }
	write := func(bin string) Operation { return Operation{Type: OpWrite, Bin: bin, Value: int64(1)} }
	cdtOp := func(bin string) Operation { return Operation{Type: OpCDTModify, Bin: bin} }
	for _, c := range []struct {
		name string
		ops  []Operation
		want bool
	}{
		{"one read", []Operation{read("a")}, false},
		{"reads of two bins", []Operation{read("a"), read("b")}, false},
		{"a write and a read of one bin", []Operation{write("a"), read("a")}, false},
		{"two reads of one bin", []Operation{read("a"), write("a"), read("a")}, true},
		{"a list op and a read of one bin", []Operation{cdtOp("a"), read("a")}, true},
		{"a bit modify and a bit read", []Operation{{Type: OpBitModify, Bin: "a"}, {Type: OpBitRead, Bin: "a"}}, false},
		{"an HLL modify and an HLL read", []Operation{{Type: OpHLLModify, Bin: "a"}, {Type: OpHLLRead, Bin: "a"}}, true},
		{"expression reads of one name", []Operation{{Type: OpExpRead, Bin: "x"}, {Type: OpExpRead, Bin: "x"}}, true},
		{"a read of every bin turns it off", []Operation{read("a"), read("a"), {Type: OpRead}}, false},
		{"header, touch and delete have no bin", []Operation{{Type: OpReadHeader}, {Type: OpTouch}, {Type: OpDelete}, read("a")}, false},
	} {
		if got := SharesResultBin(c.ops); got != c.want {
			t.Errorf("%s: SharesResultBin = %v, want %v", c.name, got, c.want)
		}
	}
	for typ, want := range map[OpType]bool{OpRead: true, OpReadHeader: false, OpWrite: false, OpAdd: false, OpAppend: false,
		OpPrepend: false, OpTouch: false, OpDelete: false, OpCDTRead: true, OpCDTModify: true, OpExpRead: true,
		OpExpWrite: false, OpBitRead: true, OpBitModify: false, OpHLLRead: true, OpHLLModify: true} {
		if got := (Operation{Type: typ, Bin: "b"}).Answers(); got != want {
			t.Errorf("%s: Answers = %v, want %v", typ, got, want)
		}
	}
	if (Operation{Type: OpRead}).Answers() {
		t.Error("a read of every bin: Answers = true, want false (it answers every bin)")
	}
}
