package otelaero

import (
	"runtime/debug"
	"strings"
	"sync"
)

// modulePath is otelaero's own module (see its go.mod).
const modulePath = "github.com/aerokit/aero/otelaero"

// Version returns the version of the otelaero module this package was built
// from, the version of the tracer's and meter's instrumentation scope: the
// version in the program's build information (of the main module when otelaero
// is the main module, of its dependency otelaero otherwise, following a
// replace). A build without module information reports "(devel)", as the
// go command does for a main module built from a work tree.
func Version() string { return version() }

var version = sync.OnceValue(func() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "(devel)"
	}
	return versionFrom(bi)
})

func versionFrom(bi *debug.BuildInfo) string {
	pick := func(m *debug.Module) string {
		for m.Replace != nil {
			m = m.Replace
		}
		if v := strings.TrimSpace(m.Version); v != "" {
			return v
		}
		return "(devel)"
	}
	if bi.Main.Path == modulePath {
		return pick(&bi.Main)
	}
	for _, d := range bi.Deps {
		if d.Path == modulePath {
			return pick(d)
		}
	}
	return "(devel)"
}
