package aero_test

import (
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/aerokit/aero"

// imports returns, for each non-test Go file of the package in dir, the
// paths it imports.
func imports(t *testing.T, dir string) map[string][]string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	fset := token.NewFileSet()
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		af, err := parser.ParseFile(fset, f, src, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		out[filepath.Base(f)] = nil // a file that imports nothing counts
		for _, imp := range af.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			out[filepath.Base(f)] = append(out[filepath.Base(f)], p)
		}
	}
	if len(out) == 0 {
		t.Fatalf("no Go files in %s", dir)
	}
	return out
}

// isLeaf reports whether p is one of the value leaves (expressions, CDT
// operations, bit and HLL operations), the MessagePack codec and the op
// tables (internal/opspec) they share, or the expression tree
// (internal/exptree) the engine reads.
func isLeaf(p string) bool {
	return p == module+"/exp" || p == module+"/cdt" || p == module+"/bitop" || p == module+"/hll" ||
		p == module+"/internal/msgpack" || p == module+"/internal/opspec" || p == module+"/internal/exptree"
}

func isStd(p string) bool { return !strings.Contains(strings.Split(p, "/")[0], ".") }

// TestArchitecture keeps the arrows of docs/DESIGN.md from appearing: the leaves
// (mapper, driver, the engine) never know the front end, the Session never
// speaks to the client or to observability libraries, and the engine knows
// no protocol.
func TestArchitecture(t *testing.T) {
	t.Parallel()
	rules := []struct {
		dir   string
		allow func(file, imp string) bool
		rule  string
	}{
		{"mapper", func(_, p string) bool { return isStd(p) || p == module+"/internal/value" },
			"mapper imports the standard library only (and the value model, itself std-only)"},
		{"internal/value", func(_, p string) bool { return isStd(p) }, "the value model imports the standard library only"},
		{"driver", func(_, p string) bool {
			return isStd(p) || p == "golang.org/x/crypto/ripemd160" || p == module+"/internal/value"
		}, "driver imports the standard library only (and RIPEMD-160 for digests, and the value model)"},
		{"internal/msgpack", func(_, p string) bool { return isStd(p) || p == module+"/internal/value" },
			"msgpack imports the standard library only (and the value model, itself std-only, for GeoJSON in lists and maps)"},
		{"cdt", func(_, p string) bool {
			return isStd(p) || p == module+"/driver" || p == module+"/internal/msgpack" || p == module+"/internal/opspec"
		}, "the CDT leaf imports driver value types, the msgpack codec and its op table's shape at most"},
		{"bitop", func(_, p string) bool {
			return isStd(p) || p == module+"/driver" || p == module+"/internal/msgpack" || p == module+"/internal/opspec"
		}, "the bit operation leaf imports driver value types, the msgpack codec and its op table's shape at most"},
		{"internal/exptree", func(_, p string) bool {
			return isStd(p) || p == module+"/cdt" || p == module+"/bitop" || p == module+"/hll"
		}, "the expression tree imports the CDT, bit and HLL leaves (a call's operation) at most, never exp (exp installs its accessor)"},
		{"internal/opspec", func(_, p string) bool { return isStd(p) },
			"the op tables' shape imports nothing, so the leaves and the engine can share it"},
		{"hll", func(_, p string) bool { return isStd(p) || p == module+"/driver" || p == module+"/internal/msgpack" },
			"the HLL leaf imports driver value types and the msgpack codec at most"},
		{"geo", func(_, p string) bool { return isStd(p) || p == module+"/driver" },
			"the geo value leaf imports the standard library and driver value types at most"},
		{"internal/engine", func(_, p string) bool {
			return isStd(p) || p == module+"/driver" || isLeaf(p) ||
				strings.HasPrefix(p, "github.com/golang/geo/") || strings.HasPrefix(p, "github.com/yuin/gopher-lua")
		}, "the engine imports driver value types, the value leaves, golang/geo (S2, the server's geometry library) and gopher-lua (the UDF runtime) at most"},
		{"exp", func(_, p string) bool {
			return isStd(p) || p == module+"/driver" || p == module+"/internal/value" || isLeaf(p)
		}, "the expression leaf imports the standard library, driver value types, the value model (internal/value), the CDT, bit and HLL leaves and the msgpack codec"},
		{"driver/memory", func(_, p string) bool {
			return isStd(p) || p == module+"/driver" || p == module+"/internal/engine" || p == module+"/internal/memconn"
		}, "the memory driver is a door onto the engine"},
		{"internal/memconn", func(_, p string) bool {
			return isStd(p) || p == module+"/driver" || p == module+"/internal/engine" || isLeaf(p)
		}, "the memory door knows the driver interface, the engine and the value leaves it hands over"},
		{"internal/seam", func(_, p string) bool { return isStd(p) },
			"the integration seams know no aero type (aero installs them), so aero can import them"},
		{".", func(file, p string) bool {
			switch {
			case p == module+"/driver/aerospike":
				return false // programs import it, as database/sql programs import their driver
			case p == module+"/driver/memory":
				return file == "drivers.go" // the blank import that registers the embedded backend
			case strings.HasPrefix(p, "github.com/aerospike/"),
				strings.HasPrefix(p, "go.opentelemetry.io/"),
				strings.HasPrefix(p, "github.com/prometheus/"):
				return false
			}
			return true
		}, "the Session speaks only the driver interface; observability plugs in through hooks"},
	}
	for _, r := range rules {
		for file, imps := range imports(t, r.dir) {
			for _, imp := range imps {
				if !r.allow(file, imp) {
					t.Errorf("%s/%s imports %s: %s", r.dir, file, imp, r.rule)
				}
			}
		}
	}
}

// forbiddenDeps are the packages (by prefix) that the root package must not
// reach, directly or through any of its dependencies. (gopher-lua, which
// the client uses too, is the engine's UDF runtime: the embedded memory
// driver links it.)
var forbiddenDeps = []struct{ prefix, why string }{
	{"github.com/aerospike/", "the client: a program that uses only memory:// never links it"},
	{module + "/driver/aerospike", "the Aerospike driver is imported by programs, not by aero"},
	{"go.opentelemetry.io/", "observability plugs in through hooks"},
	{"github.com/prometheus/", "observability plugs in through hooks"},
	{"gopkg.in/yaml", "the client's dependencies come with the client"},
}

// TestRootDependencies checks what `go list -deps` says the root package
// links: none of forbiddenDeps, through any path.
func TestRootDependencies(t *testing.T) {
	t.Parallel()
	out, err := exec.Command("go", "list", "-deps", ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go list -deps .: %v\n%s", err, out)
	}
	deps := strings.Fields(string(out))
	if !slices.Contains(deps, module+"/driver/memory") || !slices.Contains(deps, module+"/driver") {
		t.Fatalf("go list -deps . does not list the memory driver: the check would pass vacuously:\n%s", out)
	}
	for _, d := range deps {
		for _, f := range forbiddenDeps {
			if strings.HasPrefix(d, f.prefix) {
				t.Errorf("the root package depends on %s: %s", d, f.why)
			}
		}
	}
}

// userGraphForbidden are the modules (by prefix) that must not be in the
// aero module's graph: a user who requires aero gets a subset of it, so none
// of these enters theirs. The integrations that need them (otelaero,
// promaero, logbridge, examples/observability) are modules of their own, in
// the repository's go.work, as go-redis keeps extra/redisotel.
var userGraphForbidden = []string{
	"go.opentelemetry.io/",
	"github.com/prometheus/",
	"github.com/go-viper/mapstructure",
	"github.com/mitchellh/mapstructure",
}

// TestModuleGraph checks `go mod graph` of the aero module alone (GOWORK=off:
// the workspace's other modules are not a user's).
func TestModuleGraph(t *testing.T) {
	t.Parallel()
	cmd := exec.Command("go", "mod", "graph")
	cmd.Env = append(os.Environ(), "GOWORK=off")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go mod graph: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "github.com/aerospike/aerospike-client-go/v8@") {
		t.Fatalf("go mod graph does not list the client: the check would pass vacuously:\n%s", out)
	}
	for _, line := range strings.Split(string(out), "\n") {
		for _, f := range userGraphForbidden {
			if strings.Contains(line, " "+f) {
				t.Errorf("the aero module's graph has %q (%s belongs in a module of its own)", line, f)
			}
		}
	}
}

// TestOpenWithoutAerospikeDriver runs a program that imports only the root
// package: memory:// works, and aerospike:// fails with an error that names
// the import to add (the test binary itself links the driver, for
// eachBackend, so the check needs a program of its own).
func TestOpenWithoutAerospikeDriver(t *testing.T) {
	t.Parallel()
	out, err := exec.Command("go", "run", "./testdata/nodriver").CombinedOutput()
	if err != nil {
		t.Fatalf("go run ./testdata/nodriver: %v\n%s", err, out)
	}
	got := string(out)
	for _, want := range []string{
		"memory: <nil>\n",
		"aerospike: aero: OPEN: invalid argument: the Aerospike driver is not registered: " +
			`add import _ "github.com/aerokit/aero/driver/aerospike" to the program (registered: memory)`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
}
