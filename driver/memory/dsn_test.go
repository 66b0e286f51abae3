package memory

import (
	"reflect"
	"strings"
	"testing"

	"github.com/aerokit/aero/driver"
)

func TestParseDSN(t *testing.T) {
	t.Parallel()
	tests := []struct {
		dsn     string
		want    *Config
		errPart string // substring the error must contain
	}{
		{dsn: "memory://test", want: &Config{Namespaces: []string{"test"}}},
		{dsn: "memory://test/", want: &Config{Namespaces: []string{"test"}}},
		{dsn: "memory:///?namespaces=test,bar", want: &Config{Namespaces: []string{"test", "bar"}}},
		{dsn: "memory://?namespaces=a", want: &Config{Namespaces: []string{"a"}}},
		{dsn: "memory://test?default-ttl=60&max-record-size=128K&allow-ttl=false&shared=s1",
			want: &Config{Namespaces: []string{"test"}, DefaultTTL: 60, MaxRecordSize: 128 << 10, ForbidTTL: true, Shared: "s1"}},
		{dsn: "memory://test?default-ttl=1h&max-record-size=2M&allow-ttl=true",
			want: &Config{Namespaces: []string{"test"}, DefaultTTL: 3600, MaxRecordSize: 2 << 20}},
		{dsn: "memory://test?max-record-size=1000", want: &Config{Namespaces: []string{"test"}, MaxRecordSize: 1000}},
		{dsn: "memory://test?edition=enterprise", want: &Config{Namespaces: []string{"test"}, Enterprise: true}},
		{dsn: "memory://test?edition=community", want: &Config{Namespaces: []string{"test"}}},

		{dsn: "aerospike://test", errPart: "must start with"},
		{dsn: "memory://", errPart: "no namespace"},
		{dsn: "memory:///", errPart: "no namespace"},
		{dsn: "memory://test:3000", errPart: "port"},
		{dsn: "memory://test/x", errPart: `path "/x"`},
		{dsn: "memory://test?namespaces=a", errPart: "cannot be combined"},
		{dsn: "memory:///?namespaces=", errPart: "namespaces is empty"},
		{dsn: "memory:///?namespaces=a,,b", errPart: "empty namespace"},
		{dsn: "memory:///?namespaces=a,a", errPart: `"a" listed twice`},
		{dsn: "memory://" + strings.Repeat("n", 32), errPart: "longer than 31"},
		{dsn: "memory://test?default-ttl=abc", errPart: "default-ttl"},
		{dsn: "memory://test?default-ttl=-1s", errPart: "default-ttl"},
		{dsn: "memory://test?default-ttl=1.5s", errPart: "default-ttl"},
		{dsn: "memory://test?default-ttl=999999999999", errPart: "default-ttl"},
		{dsn: "memory://test?max-record-size=0", errPart: "max-record-size"},
		{dsn: "memory://test?max-record-size=12G", errPart: "max-record-size"},
		{dsn: "memory://test?allow-ttl=maybe", errPart: "allow-ttl"},
		{dsn: "memory://test?shared=", errPart: "shared is empty"},
		{dsn: "memory://test?colour=red", errPart: `unknown option "colour"`},
		{dsn: "memory://test?default-ttl=1&default-ttl=2", errPart: `"default-ttl" given 2 times`},
		{dsn: "memory://test#frag", errPart: "fragment"},
		{dsn: "memory://user:s3cret@test", errPart: "user info"},
		{dsn: "memory://test?edition=pro", errPart: "edition"},
		{dsn: "memory:///?namespaces=te%FFst", errPart: "not printable ASCII"},
		{dsn: "memory:///?namespaces=te%00st", errPart: "not printable ASCII"},
		{dsn: "memory:///?namespaces=t\u00e9st", errPart: "not printable ASCII"},
		{dsn: "memory:///?namespaces=a%3Bb", errPart: `";" is not allowed`},
	}
	for _, tt := range tests {
		t.Run(tt.dsn, func(t *testing.T) {
			t.Parallel()
			got, err := ParseDSN(tt.dsn)
			if tt.errPart == "" {
				if err != nil {
					t.Fatalf("ParseDSN: %v", err)
				}
				if !reflect.DeepEqual(got, tt.want) {
					t.Fatalf("got %+v, want %+v", got, tt.want)
				}
				return
			}
			if err == nil {
				t.Fatalf("no error, want one about %q", tt.errPart)
			}
			if c, _ := driver.CodeOf(err); c != driver.ParameterError {
				t.Fatalf("code %v, want ParameterError: %v", c, err)
			}
			if !strings.Contains(err.Error(), tt.errPart) {
				t.Fatalf("error %q does not mention %q", err, tt.errPart)
			}
			if strings.Contains(err.Error(), "s3cret") {
				t.Fatalf("error leaks the password: %v", err)
			}
		})
	}
}
