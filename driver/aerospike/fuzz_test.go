package aerospike

import (
	"net/url"
	"strings"
	"testing"

	"github.com/aerokit/aero/driver"
)

// FuzzParseDSN checks that ParseDSN never panics, that every error is a
// PARAMETER_ERROR that does not hold the password, and that every DSN it
// accepts names valid hosts and a valid namespace and survives a round trip
// through Config.String (password aside).
func FuzzParseDSN(f *testing.F) {
	for _, s := range []string{
		"aerospike://h1/test",
		"aerospike://u:pw@h1:3000,h2:tls:4333/test?tls=true&max-retries=2",
		"aerospike://[::1]:3000/test?rack-aware=true&rack-id=1,2",
		"aerospike://h1/te%2Fst",
		"aerospike://h\u00f6st/test",
		"aerospike://u:p@ss@h1/t\x00",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, dsn string) {
		c, err := ParseDSN(dsn)
		if err != nil {
			if code, ok := driver.CodeOf(err); !ok || code != driver.ParameterError {
				t.Fatalf("ParseDSN(%q) = %v, want a PARAMETER_ERROR", dsn, err)
			}
			// The password (between the first ':' of the user info and the
			// last '@') must not appear in the error, unless the text of
			// the error has it for another reason (the rest of the DSN
			// holds it too, or the fixed messages do).
			rest, ok := strings.CutPrefix(dsn, "aerospike://")
			if i := strings.LastIndexByte(rest, '@'); ok && i > 0 {
				_, pw, hasPW := strings.Cut(rest[:i], ":")
				if hasPW && len(pw) >= 6 && !strings.Contains(rest[i+1:], pw) && !strings.Contains("aerospike://", pw) && strings.Contains(err.Error(), pw) {
					t.Fatalf("ParseDSN(%q): error %q holds the password", dsn, err)
				}
			}
			return
		}
		if err := driver.CheckNamespace(c.Namespace); err != nil {
			t.Fatalf("ParseDSN(%q) accepted namespace %q: %v", dsn, c.Namespace, err)
		}
		for _, h := range c.Hosts {
			if err := checkHostName(h.Name); err != nil {
				t.Fatalf("ParseDSN(%q) accepted host %q: %v", dsn, h.Name, err)
			}
		}
		c2, err := ParseDSN(strings.Replace(c.String(), ":"+redacted+"@", ":"+url.PathEscape(string(c.Password))+"@", 1))
		if err != nil {
			t.Fatalf("ParseDSN(%q) = %+v, whose String does not parse: %v", dsn, c, err)
		}
		if c2.String() != c.String() || c2.Namespace != c.Namespace || c2.Password != c.Password {
			t.Fatalf("round trip of %q: %s, want %s", dsn, c2, c)
		}
	})
}
