package aero_test

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
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

func isStd(p string) bool { return !strings.Contains(strings.Split(p, "/")[0], ".") }

// TestArchitecture keeps the arrows of DESIGN.md from appearing: the leaves
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
		{"internal/engine", func(_, p string) bool { return isStd(p) || p == module+"/driver" },
			"the engine imports driver value types at most"},
		{"driver/memory", func(_, p string) bool {
			return isStd(p) || p == module+"/driver" || p == module+"/internal/engine"
		}, "the memory driver is a door onto the engine"},
		{".", func(file, p string) bool {
			switch {
			case p == module+"/driver/aerospike" || p == module+"/driver/memory":
				return file == "drivers.go" // blank imports that register the drivers
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
