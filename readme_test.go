package aero_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestReadmeLayoutListsEveryPackage: the README's Layout table names every
// directory of the tree that holds Go files (every module of the
// workspace), and every package it names exists.
func TestReadmeLayoutListsEveryPackage(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	i := strings.Index(readme, "\n## Layout\n")
	if i < 0 {
		t.Fatal("README has no Layout section")
	}
	layout := readme[i+len("\n## Layout\n"):]
	if j := strings.Index(layout, "\n## "); j >= 0 {
		layout = layout[:j]
	}
	// The first column of each table row: the packages it names.
	named := map[string]bool{}
	cell := regexp.MustCompile("`([^`]+)`")
	for _, line := range strings.Split(layout, "\n") {
		if !strings.HasPrefix(line, "| ") || strings.HasPrefix(line, "| package") {
			continue
		}
		first := strings.SplitN(line[2:], " |", 2)[0]
		for _, m := range cell.FindAllStringSubmatch(first, -1) {
			named[m[1]] = true
		}
	}
	dirs := map[string]bool{}
	err = filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && path != "." && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(path, ".go") {
			dirs[filepath.ToSlash(filepath.Dir(path))] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for dir := range dirs {
		name := dir
		if dir == "." {
			name = "aero"
		}
		if !named[name] {
			t.Errorf("README Layout does not list %s", name)
		}
	}
	for name := range named {
		if name != "aero" && !dirs[name] {
			t.Errorf("README Layout lists %s, which holds no Go file", name)
		}
	}
}
