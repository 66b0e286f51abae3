package aero_test

import (
	"go/doc/comment"
	"go/parser"
	"go/token"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestPackageDocIsTheManual: the package comment, in doc.go and nowhere
// else, holds the manual's sections and the tag grammar, and `go doc -all`
// shows them.
func TestPackageDocIsTheManual(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	var text string
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		af, err := parser.ParseFile(fset, f, nil, parser.PackageClauseOnly|parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		if af.Doc == nil {
			continue
		}
		if f != "doc.go" {
			t.Errorf("%s has a package comment: it belongs in doc.go", f)
			continue
		}
		text = af.Doc.Text()
	}
	var headings []string
	for _, b := range new(comment.Parser).Parse(text).Content {
		if h, ok := b.(*comment.Heading); ok {
			var sb strings.Builder
			for _, x := range h.Text {
				if p, ok := x.(comment.Plain); ok {
					sb.WriteString(string(p))
				}
			}
			headings = append(headings, sb.String())
		}
	}
	for _, want := range []string{"Opening a Session", "Struct tags", "Errors", "Options", "Filters",
		"Typed queries", "Scans, queries and pages", "Batches", "Hooks and the call skeleton", "Testing"} {
		if !slices.Contains(headings, want) {
			t.Errorf("the package doc has no section %q (sections: %q)", want, headings)
		}
	}
	out, err := exec.Command("go", "doc", "-all", ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go doc -all .: %v\n%s", err, out)
	}
	for _, want := range []string{"# Struct tags", `aero:"name,option,option..."`, "omitempty", "alias=old", "# Options"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("go doc -all . does not show %q", want)
		}
	}
}
