package aerotest

import (
	"strings"
	"testing"

	as "github.com/aerospike/aerospike-client-go/v8"
)

// TestSindexInfoAnswers sends the index info commands as a client of server
// 8.1 and of older servers does, and checks that the answers are those of
// server 8.1 (sindex/sindex_manager.c): a duplicate create answers OK, the
// same name with another definition FAIL:200, the same definition under a
// new name renames the index, a drop of a missing index answers OK, an
// unknown namespace FAIL:4.
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
				{"sindex-create:NS=test;set=s;indexname=i1;bin=n;type=numeric", "OK"},
				{"sindex-create:NS=test;set=s;indexname=i1;bin=n;type=numeric", "OK"},
				{"sindex-create:NS=test;set=s;indexname=i1;indexdata=n,NUMERIC", "OK"},
				{"sindex-create:NS=test;set=s;indexname=i1;bin=other;type=numeric", "FAIL:200"},
				{"sindex-create:NS=test;set=s;indexname=i1;bin=n;type=string", "FAIL:200"},
				{"sindex-exists:NS=test;indexname=i1", "true"},
				{"sindex-create:NS=test;set=s;indexname=i2;bin=n;type=numeric", "OK"},
				{"sindex-exists:NS=test;indexname=i1", "false"},
				{"sindex-exists:NS=test;indexname=i2", "true"},
				{"sindex-delete:NS=test;indexname=nosuch", "OK"},
				{"sindex-delete:NS=test;indexname=i2", "OK"},
				{"sindex-exists:NS=test;indexname=i2", "false"},
				{"sindex-delete:NS=test;indexname=i2", "OK"},
				{"sindex-create:NS=nosuchns;set=s;indexname=i3;bin=n;type=numeric", "FAIL:4"},
				// Collection types (sindex.c as_sindex_itype_from_string):
				// part of the definition, case-insensitive, listed.
				{"sindex-create:NS=test;set=s;indexname=l1;bin=n;type=numeric;indextype=list", "OK"},
				{"sindex-create:NS=test;set=s;indexname=l1;bin=n;type=numeric;indextype=mapkeys", "FAIL:200"},
				{"sindex-create:NS=test;set=s;indexname=l2;bin=n;type=string;indextype=MAPVALUES", "OK"},
				{"sindex-create:NS=test;set=s;indexname=l3;bin=n;type=string;indextype=default", "OK"},
				{"sindex-create:NS=test;set=s;indexname=l4;bin=n;type=string;indextype=nested", "FAIL:4"},
				{"sindex-list:NS=test", "ns=test:indexname=l1:set=s:bin=n:type=numeric:indextype=list:"},
				{"sindex-exists:NS=test;indexname=l1", "true"},
				{"sindex-delete:NS=nosuchns;indexname=i3", "FAIL:4"},
			}
			for i, st := range steps {
				if got := ask(st.cmd); !strings.HasPrefix(got, st.want) {
					t.Fatalf("step %d %s: got %q, want %q", i, st.cmd, got, st.want)
				}
			}
		})
	}
}
