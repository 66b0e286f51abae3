package memory

import (
	"testing"

	"github.com/aerokit/aero/driver"
)

// FuzzParseDSN checks that ParseDSN never panics, that every error is a
// PARAMETER_ERROR, and that every namespace it accepts passes
// driver.CheckNamespace (so invalid UTF-8, control bytes and the server's
// forbidden characters never reach an engine).
func FuzzParseDSN(f *testing.F) {
	for _, s := range []string{
		"memory://test",
		"memory:///?namespaces=a,b&default-ttl=1h&max-record-size=2M&edition=enterprise",
		"memory:///?namespaces=te%FFst",
		"memory://t%C3%A9st",
		"memory://test?shared=x&allow-ttl=false",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, dsn string) {
		c, err := ParseDSN(dsn)
		if err != nil {
			if code, ok := driver.CodeOf(err); !ok || code != driver.ParameterError {
				t.Fatalf("ParseDSN(%q) = %v, want a PARAMETER_ERROR", dsn, err)
			}
			return
		}
		if len(c.Namespaces) == 0 {
			t.Fatalf("ParseDSN(%q) accepted no namespace", dsn)
		}
		for _, ns := range c.Namespaces {
			if err := driver.CheckNamespace(ns); err != nil {
				t.Fatalf("ParseDSN(%q) accepted namespace %q: %v", dsn, ns, err)
			}
		}
	})
}
