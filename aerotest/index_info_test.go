package aerotest

import (
	"strings"
	"testing"

	as "github.com/aerospike/aerospike-client-go/v8"
)

// TestSindexInfoAnswers sends the index info commands as a client of server
// 8.1 and of older servers does, and checks that the answers are those of
// server 8.1 (sindex/sindex_manager.c): a duplicate create answers ok, the
// same name with another definition ERROR:200, the same definition under a
// new name renames the index, a drop of a missing index answers ok, an
// unknown namespace ok (nothing is created).
func TestSindexInfoAnswers(t *testing.T) {
	t.Parallel()
	for _, nsKey := range []string{"ns", "namespace"} {
		t.Run(nsKey, func(t *testing.T) {
			t.Parallel()
			_, c := newClient(t)
			node := c.GetNodes()[0]
			ask := func(cmd string) string {
				t.Helper()
				cmd = strings.ReplaceAll(cmd, "NS=", nsKey+"=")
				info, err := node.RequestInfo(as.NewInfoPolicy(), cmd)
				if err != nil {
					t.Fatalf("%s: %v", cmd, err)
				}
				return info[cmd]
			}
			steps := []struct{ cmd, want string }{
				{"sindex-create:NS=test;set=s;indexname=i1;bin=n;type=numeric", "ok"},
				{"sindex-create:NS=test;set=s;indexname=i1;bin=n;type=numeric", "ok"},
				{"sindex-create:NS=test;set=s;indexname=i1;indexdata=n,NUMERIC", "ok"},
				{"sindex-create:NS=test;set=s;indexname=i1;bin=other;type=numeric", "ERROR:200"},
				{"sindex-create:NS=test;set=s;indexname=i1;bin=n;type=string", "ERROR:200"},
				{"sindex-exists:NS=test;indexname=i1", "true"},
				{"sindex-create:NS=test;set=s;indexname=i2;bin=n;type=numeric", "ok"},
				{"sindex-exists:NS=test;indexname=i1", "false"},
				{"sindex-exists:NS=test;indexname=i2", "true"},
				{"sindex-delete:NS=test;indexname=nosuch", "ok"},
				{"sindex-delete:NS=test;indexname=i2", "ok"},
				{"sindex-exists:NS=test;indexname=i2", "false"},
				{"sindex-delete:NS=test;indexname=i2", "ok"},
				{"sindex-create:NS=nosuchns;set=s;indexname=i3;bin=n;type=numeric", "ok"},
				// Collection types (sindex.c as_sindex_itype_from_string):
				// part of the definition, case-insensitive, listed.
				{"sindex-create:NS=test;set=s;indexname=l1;bin=n;type=numeric;indextype=list", "ok"},
				{"sindex-create:NS=test;set=s;indexname=l1;bin=n;type=numeric;indextype=mapkeys", "ERROR:200"},
				{"sindex-create:NS=test;set=s;indexname=l2;bin=n;type=string;indextype=MAPVALUES", "ok"},
				{"sindex-create:NS=test;set=s;indexname=l3;bin=n;type=string;indextype=default", "ok"},
				{"sindex-create:NS=test;set=s;indexname=l4;bin=n;type=string;indextype=nested", "ERROR:4"},
				{"sindex-list:NS=test", "ns=test:indexname=l1:set=s:bin=n:type=numeric:indextype=list:"},
				// thr_info.c parse_cmd: the name ends at '/'; server 8.1.2
				// answers sindex-list/NS/NAME (the client suite's form) with
				// the whole list.
				{"sindex-list/test/l1", "ns=test:indexname=l1:set=s:bin=n:type=numeric:indextype=list:"},
				{"status/anything", "ok"},
				{"sindex-exists:NS=test;indexname=l1", "true"},
				{"sindex-delete:NS=nosuchns;indexname=i3", "ok"},
				{"sindex-exists:NS=nosuchns;indexname=i3", "ERROR:20"},
			}
			for i, st := range steps {
				if got := ask(st.cmd); !strings.HasPrefix(got, st.want) {
					t.Fatalf("step %d %s: got %q, want %q", i, st.cmd, got, st.want)
				}
			}
		})
	}
}

// TestSindexCreateContextInfo sends sindex-create with context= as raw info
// commands; the answers are those of server 8.1.2 (sindex_manager.c
// as_sindex_manager_sindex_create, sindex.c as_sindex_cdt_ctx_b64_decode,
// cdt.c cdt_context_read_check_peek), checked against it.
func TestSindexCreateContextInfo(t *testing.T) {
	t.Parallel()
	_, c := newClient(t)
	node := c.GetNodes()[0]
	const create = "sindex-create:namespace=test;set=s;indexname=vc1;bin=l;type=numeric;context="
	steps := []struct{ cmd, want string }{
		{create + "!!", "ERROR:4:'context' invalid base64"},
		{create + "kRE=", "ERROR:4:'context' invalid cdt context"},     // [0x11]: an odd count
		{create + "kmKiA3E=", "ERROR:4:'context' invalid cdt context"}, // [0x62, "q"]: a create flag
		{create + "khH/", "ok"},                                        // [0x11, -1]: list rank -1
		{create + "khEA", "ERROR:200:'indexname' already exists with different definition"},
		{"sindex-create:namespace=test;set=s;indexname=vc2;bin=l;type=numeric", "ok"}, // no context: another definition
		{"sindex-create:namespace=test;set=s;indexname=vc3;bin=m;type=string;indextype=mapkeys;context=kiKiA3g=", "ok"},
		{"sindex-list:namespace=test", "ns=test:indexname=vc1:set=s:bin=l:type=numeric:indextype=default:context=[list_rank(-1)]:exp=null:state=RW;" +
			"ns=test:indexname=vc2:set=s:bin=l:type=numeric:indextype=default:context=null:exp=null:state=RW;" +
			"ns=test:indexname=vc3:set=s:bin=m:type=string:indextype=mapkeys:context=[map_key(<string#1>)]:exp=null:state=RW"},
		{"sindex-list:namespace=test;b64=true", "ns=test:indexname=vc1:set=s:bin=l:type=numeric:indextype=default:context=khH/:exp=null:state=RW;"},
	}
	for i, st := range steps {
		info, err := node.RequestInfo(as.NewInfoPolicy(), st.cmd)
		if err != nil {
			t.Fatalf("%s: %v", st.cmd, err)
		}
		if got := info[st.cmd]; !strings.HasPrefix(got, st.want) {
			t.Fatalf("step %d %s: got %q, want prefix %q", i, st.cmd, got, st.want)
		}
	}
}
