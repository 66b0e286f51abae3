package aerospike

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	as "github.com/aerospike/aerospike-client-go/v8"
	"github.com/aerospike/aerospike-client-go/v8/types"

	"github.com/aerokit/aero/driver"
)

func TestParseDSNOptions(t *testing.T) {
	t.Parallel()
	base := func(mod func(c *Config)) *Config {
		c := &Config{Hosts: []Host{{Name: "h1", Port: 3000}}, Namespace: "test", MaxRetries: DefaultMaxRetries, MinConnectionsPerNode: DefaultMinConnectionsPerNode}
		if mod != nil {
			mod(c)
		}
		return c
	}
	tests := []struct {
		dsn  string
		want *Config
	}{
		{"aerospike://h1/test", base(nil)},
		{"aerospike://h1:3100/test", base(func(c *Config) { c.Hosts[0].Port = 3100 })},
		{"aerospike://h1,h2:4000,[::1]:5000,[fe80::1]/test", base(func(c *Config) {
			c.Hosts = []Host{{Name: "h1", Port: 3000}, {Name: "h2", Port: 4000}, {Name: "::1", Port: 5000}, {Name: "fe80::1", Port: 3000}}
		})},
		{"aerospike://h1:tls1:4333,[::1]:tls2:4334/test?tls=true", base(func(c *Config) {
			c.Hosts = []Host{{Name: "h1", TLSName: "tls1", Port: 4333}, {Name: "::1", TLSName: "tls2", Port: 4334}}
			c.TLS = true
		})},
		{"aerospike://bob:s%40cr%3At@h1/test", base(func(c *Config) { c.User, c.Password = "bob", "s@cr:t" })},
		{"aerospike://bob@h1/test", base(func(c *Config) { c.User = "bob" })},
		{"aerospike://bob:p/w?x@y:z@h1/test", base(func(c *Config) { c.User, c.Password = "bob", "p/w?x@y:z" })},
		{"aerospike://h1/test?connect-timeout=2s", base(func(c *Config) { c.ConnectTimeout = 2 * time.Second })},
		{"aerospike://h1/test?login-timeout=3s", base(func(c *Config) { c.LoginTimeout = 3 * time.Second })},
		{"aerospike://h1/test?idle-timeout=55s", base(func(c *Config) { c.IdleTimeout = 55 * time.Second })},
		{"aerospike://h1/test?tend-interval=250ms", base(func(c *Config) { c.TendInterval = 250 * time.Millisecond })},
		{"aerospike://h1/test?total-timeout=1500ms", base(func(c *Config) { c.TotalTimeout = 1500 * time.Millisecond })},
		{"aerospike://h1/test?socket-timeout=200ms", base(func(c *Config) { c.SocketTimeout = 200 * time.Millisecond })},
		{"aerospike://h1/test?max-retries=0", base(func(c *Config) { c.MaxRetries = 0 })},
		{"aerospike://h1/test?max-retries=5", base(func(c *Config) { c.MaxRetries = 5 })},
		{"aerospike://h1/test?sleep-between-retries=5ms", base(func(c *Config) { c.SleepBetweenRetries = 5 * time.Millisecond })},
		{"aerospike://h1/test?connection-queue-size=256", base(func(c *Config) { c.ConnectionQueueSize = 256 })},
		{"aerospike://h1/test?min-connections-per-node=10", base(func(c *Config) { c.MinConnectionsPerNode = 10 })},
		{"aerospike://h1/test?min-connections-per-node=0", base(func(c *Config) { c.MinConnectionsPerNode = 0 })},
		{"aerospike://h1/test?connection-queue-size=1", base(func(c *Config) { c.ConnectionQueueSize, c.MinConnectionsPerNode = 1, 1 })},
		{"aerospike://h1/test?connect-timeout=5s&tend-timeout=250ms", base(func(c *Config) {
			c.ConnectTimeout, c.TendTimeout = 5*time.Second, 250*time.Millisecond
		})},
		{"aerospike://h1/test?max-error-rate=50", base(func(c *Config) { c.MaxErrorRate = 50 })},
		{"aerospike://h1/test?error-rate-window=2", base(func(c *Config) { c.ErrorRateWindow = 2 })},
		{"aerospike://h1/test?cluster-name=prod", base(func(c *Config) { c.ClusterName = "prod" })},
		{"aerospike://h1/test?application-id=svc", base(func(c *Config) { c.ApplicationID = "svc" })},
		{"aerospike://h1/test?auth-mode=internal", base(func(c *Config) { c.AuthMode = AuthInternal })},
		{"aerospike://u:p@h1/test?auth-mode=external&tls=true", base(func(c *Config) {
			c.User, c.Password, c.AuthMode, c.TLS = "u", "p", AuthExternal, true
		})},
		{"aerospike://h1/test?use-services-alternate=true", base(func(c *Config) { c.UseServicesAlternate = true })},
		{"aerospike://h1/test?seed-only-cluster=1", base(func(c *Config) { c.SeedOnlyCluster = true })},
		{"aerospike://h1/test?fail-if-not-connected=false", base(func(c *Config) { c.LazyConnect = true })},
		{"aerospike://h1/test?fail-if-not-connected=true", base(nil)},
		{"aerospike://h1/test?rack-aware=true&rack-id=1,2", base(func(c *Config) { c.RackAware, c.RackIDs = true, []int{1, 2} })},
		{"aerospike://h1/test?rack-aware=true&replica=prefer-rack", base(func(c *Config) { c.RackAware, c.Replica = true, driver.ReplicaPreferRack })},
		{"aerospike://h1/test?replica=master", base(func(c *Config) { c.Replica = driver.ReplicaMaster })},
		{"aerospike://h1/test?replica=master-proles", base(func(c *Config) { c.Replica = driver.ReplicaMasterProles })},
		{"aerospike://h1/test?replica=sequence", base(func(c *Config) { c.Replica = driver.ReplicaSequence })},
		{"aerospike://h1/test?send-key=true", base(func(c *Config) { c.SendKey = true })},
		{"aerospike://h1/test?tls=true&tls-ca-file=/ca.pem&tls-cert-file=/c.pem&tls-key-file=/k.pem&tls-name=n", base(func(c *Config) {
			c.TLS, c.TLSCAFile, c.TLSCertFile, c.TLSKeyFile, c.TLSName = true, "/ca.pem", "/c.pem", "/k.pem", "n"
		})},
	}
	for _, tt := range tests {
		t.Run(tt.dsn, func(t *testing.T) {
			t.Parallel()
			got, err := ParseDSN(tt.dsn)
			if err != nil {
				t.Fatalf("ParseDSN: %v", err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("ParseDSN:\n got %#v\nwant %#v\n(fields: %+v)", got, tt.want, *got)
			}
			// String renders a DSN that parses back to the same config
			// (with the password masked).
			back, err := ParseDSN(got.String())
			if err != nil {
				t.Fatalf("ParseDSN(String()=%s): %v", got, err)
			}
			if got.Password != "" {
				back.Password = got.Password
			}
			if !reflect.DeepEqual(back, got) {
				t.Fatalf("round trip through %s: got %+v", got, *back)
			}
		})
	}
}

func TestParseDSNErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		dsn     string
		mention string // the error must name this
	}{
		{"memory://x/test", "aerospike://"},
		{"aerospike:/h1/test", "aerospike://"},
		{"aerospike:///test", "no host"},
		{"aerospike://h1", "namespace"},
		{"aerospike://h1/", "namespace"},
		{"aerospike://h1:0/test", "port"},
		{"aerospike://h1:65536/test", "port"},
		{"aerospike://h1:abc/test", "port"},
		{"aerospike://h1:/test", "port"},
		{"aerospike://h1,,h2/test", "empty host"},
		{"aerospike://:3000/test", "empty host name"},
		{"aerospike://a:b:c:d/test", "host:tlsname:port"},
		{"aerospike://[::1/test", "]"},
		{"aerospike://[zz]:3000/test", "IPv6"},
		{"aerospike://[::1]x/test", "after ']'"},
		{"aerospike://h1/" + strings.Repeat("n", 32), "longer than 31"},
		{"aerospike://:pw@h1/test", "empty user"},
		{"aerospike://h1/test?bogus=1", `"bogus" is unknown`},
		{"aerospike://h1/test?connect-timeout=5", "connect-timeout"},
		{"aerospike://h1/test?connect-timeout=-1s", "connect-timeout"},
		{"aerospike://h1/test?login-timeout=x", "login-timeout"},
		{"aerospike://h1/test?idle-timeout=25h", "idle-timeout"},
		{"aerospike://h1/test?tend-interval=1ms", "tend-interval"},
		{"aerospike://h1/test?total-timeout=soon", "total-timeout"},
		{"aerospike://h1/test?socket-timeout=", "socket-timeout"},
		{"aerospike://h1/test?sleep-between-retries=1", "sleep-between-retries"},
		{"aerospike://h1/test?max-retries=-1", "max-retries"},
		{"aerospike://h1/test?max-retries=two", "max-retries"},
		{"aerospike://h1/test?connection-queue-size=0", "connection-queue-size"},
		{"aerospike://h1/test?min-connections-per-node=-1", "min-connections-per-node"},
		{"aerospike://h1/test?min-connections-per-node=101", "min-connections-per-node"},
		{"aerospike://h1/test?connection-queue-size=5&min-connections-per-node=6", "min-connections-per-node"},
		{"aerospike://h1/test?max-error-rate=x", "max-error-rate"},
		{"aerospike://h1/test?error-rate-window=0", "error-rate-window"},
		{"aerospike://h1/test?cluster-name=", "cluster-name"},
		{"aerospike://h1/test?application-id=", "application-id"},
		{"aerospike://h1/test?auth-mode=kerberos", "auth-mode"},
		{"aerospike://u:p@h1/test?auth-mode=external", "auth-mode=external needs tls"},
		{"aerospike://h1/test?auth-mode=external&tls=true", "needs a user"},
		{"aerospike://h1/test?auth-mode=pki&tls=true", "auth-mode=pki"},
		{"aerospike://u:p@h1/test?auth-mode=pki&tls=true&tls-cert-file=c&tls-key-file=k", "no password"},
		{"aerospike://h1/test?use-services-alternate=yes", "use-services-alternate"},
		{"aerospike://h1/test?seed-only-cluster=2", "seed-only-cluster"},
		{"aerospike://h1/test?fail-if-not-connected=no", "fail-if-not-connected"},
		{"aerospike://h1/test?rack-aware=maybe", "rack-aware"},
		{"aerospike://h1/test?rack-aware=true&rack-id=a", "rack-id"},
		{"aerospike://h1/test?rack-aware=true&rack-id=-1", "rack-id"},
		{"aerospike://h1/test?rack-id=1", "rack-id needs rack-aware"},
		{"aerospike://h1/test?replica=random", "replica"},
		{"aerospike://h1/test?replica=prefer-rack", "prefer-rack needs rack-aware"},
		{"aerospike://h1/test?send-key=y", "send-key"},
		{"aerospike://h1/test?tls=on", "tls"},
		{"aerospike://h1/te/st", `"/" is not allowed`},
		{"aerospike://h1/te%2Fst", `"/" is not allowed`},
		{"aerospike://h1/te%00st", "not printable ASCII"},
		{"aerospike://h1/te%0Ast", "not printable ASCII"},
		{"aerospike://h1/t\u00e9st", "not printable ASCII"},
		{"aerospike://h1/te%FFst", "not printable ASCII"},
		{"aerospike://h\u00f6st/test", "not allowed in a host name"},
		{"aerospike://ho%20st/test", "not allowed in a host name"},
		{"aerospike://ho\x01st:3000/test", "not allowed in a host name"},
		{"aerospike://h1/test?tls-ca-file=/ca.pem", "need tls=true"},
		{"aerospike://h1/test?tls=true&tls-ca-file=", "tls-ca-file"},
		{"aerospike://h1/test?tls=true&tls-cert-file=c", "must be given together"},
		{"aerospike://h1/test?tls=true&tls-key-file=k", "must be given together"},
		{"aerospike://h1/test?tls=true&tls-name=", "tls-name"},
		{"aerospike://h1:name:3000/test", "TLS name"},
		{"aerospike://h1/test?tls=true&tls=false", "twice"},
		{"aerospike://h1/test?%zz=1", "percent-encoding"},
		{"aerospike://h1/test?tls=%zz", "tls"},
		{"aerospike://h1/%zz", "namespace"},
	}
	for _, tt := range tests {
		t.Run(tt.dsn, func(t *testing.T) {
			t.Parallel()
			_, err := ParseDSN(tt.dsn)
			if err == nil {
				t.Fatalf("ParseDSN(%q) succeeded, want an error naming %q", tt.dsn, tt.mention)
			}
			if code, ok := driver.CodeOf(err); !ok || code != driver.ParameterError {
				t.Fatalf("ParseDSN(%q) = %v, want a *driver.Error with PARAMETER_ERROR", tt.dsn, err)
			}
			if !strings.Contains(strings.ToLower(err.Error()), strings.ToLower(tt.mention)) {
				t.Fatalf("ParseDSN(%q) = %q, want it to name %q", tt.dsn, err, tt.mention)
			}
		})
	}
}

const secret = "Hunter2-S3cr3t"

// TestPasswordNeverLeaks tries every path a password could take into text.
func TestPasswordNeverLeaks(t *testing.T) {
	t.Parallel()
	dsns := []string{
		"aerospike://bob:" + secret + "@h1:99999/test",
		"aerospike://bob:" + secret + "@h1/test?bogus=1",
		"aerospike://bob:" + secret + "@h1/test?connect-timeout=x",
		"aerospike://bob:" + secret + "%zz@h1/test",
		"aerospike://bob:" + secret + "@/test",
		"aerospike://bob:" + secret + "@h1",
		"aerospike://bob:" + secret + "@[::1/test",
		"aerospike://bob:" + secret + "@h1/test?auth-mode=pki&tls=true&tls-cert-file=c&tls-key-file=k",
		"aerospike://bob:" + secret + "@h1/test?auth-mode=external",
		"aerospike://bob:" + secret + "@h1/test?tls=true&tls-ca-file=/nonexistent/ca.pem",
		"aerospike://bob:" + secret + "/x@h1:bad/test",
		"aerospike://bob:" + secret + "?x=1@h1:bad/test",
		"aerospike://bob:" + secret + "@h1/test?cluster-name=a@b",
	}
	for _, dsn := range dsns {
		_, err := ParseDSN(dsn)
		if err == nil {
			// Parses: the failure must come from Open.
			_, err = Driver{}.Open(context.Background(), dsn)
		}
		if err == nil {
			t.Fatalf("%s: no error", dsn)
		}
		assertNoSecret(t, "error of "+strings.ReplaceAll(dsn, secret, "PW"), err)
	}

	cfg, err := ParseDSN("aerospike://bob:" + secret + "@h1/test?tls=true&tls-ca-file=/ca.pem")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{
		cfg.String(), fmt.Sprint(cfg), fmt.Sprintf("%v|%+v|%#v|%s|%q", cfg, cfg, cfg, cfg, cfg),
		fmt.Sprintf("%v|%+v|%#v|%s|%q|%x", *cfg, *cfg, *cfg, *cfg, *cfg, *cfg),
		fmt.Sprintf("%v %+v %#v %s %x %q", cfg.Password, cfg.Password, cfg.Password, cfg.Password, cfg.Password, cfg.Password),
	} {
		if strings.Contains(s, secret) {
			t.Fatalf("config rendering leaks the password: %s", s)
		}
	}
	if !strings.Contains(cfg.String(), "bob:xxxxx@") {
		t.Fatalf("String() = %s, want the user with a masked password", cfg)
	}

	// A connection failure: nothing listens on the port.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	_ = ln.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	_, err = Driver{}.Open(ctx, "aerospike://bob:"+secret+"@"+addr+"/test?connect-timeout=300ms")
	if err == nil {
		t.Fatal("Open on a closed port succeeded")
	}
	assertNoSecret(t, "connect failure", err)

	// A client error that quotes the password is masked, and stays
	// reachable with errors.As.
	c := &Conn{cfg: cfg}
	cerr := &as.AerospikeError{ResultCode: -18}
	wrapped := c.wrap(context.Background(), fmt.Errorf("dial with %s: %w", secret, cerr), "get")
	assertNoSecret(t, "wrapped client error", wrapped)
	var ae *as.AerospikeError
	if !errors.As(wrapped, &ae) || ae.ResultCode != -18 {
		t.Fatalf("errors.As(*AerospikeError) failed on %v", wrapped)
	}
}

// assertNoSecret walks err's whole chain (Unwrap() error and Unwrap()
// []error) and fails when any error of it prints the password, in clear,
// escaped or hex form, under any fmt verb.
func assertNoSecret(t *testing.T, what string, err error) {
	t.Helper()
	forms := secretForms(secret)
	var walk func(e error, path string)
	walk = func(e error, path string) {
		if e == nil {
			return
		}
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%T"} {
			out := fmt.Sprintf(verb, e)
			for _, f := range forms {
				if strings.Contains(out, f) {
					t.Fatalf("%s: %s (%T) prints the password with %s: %s", what, path, e, verb, out)
				}
			}
		}
		switch u := e.(type) {
		case interface{ Unwrap() error }:
			walk(u.Unwrap(), path+".Unwrap()")
		case interface{ Unwrap() []error }:
			for i, inner := range u.Unwrap() {
				walk(inner, fmt.Sprintf("%s.Unwrap()[%d]", path, i))
			}
		}
	}
	walk(err, "err")
}

// hiddenSecretError keeps the password in a field that only %#v and %+v of
// the struct print, not Error().
type hiddenSecretError struct {
	note  string
	inner error
}

func (e hiddenSecretError) Error() string { return "hidden: " + e.inner.Error() }
func (e hiddenSecretError) Unwrap() error { return e.inner }

// TestScrubEveryDepth checks that a client error chain holding the password
// anywhere (text, a field only %#v prints, a multi-error branch) comes back
// scrubbed: no verb at any depth prints it, the result code survives, and a
// clean chain is kept as it is.
func TestScrubEveryDepth(t *testing.T) {
	t.Parallel()
	c := &Conn{cfg: &Config{User: "bob", Password: secret}}
	leaf := &as.AerospikeError{ResultCode: types.TIMEOUT, InDoubt: true}
	tests := []struct {
		name string
		err  error
	}{
		{"text", fmt.Errorf("dial with %s: %w", secret, leaf)},
		{"deep text", fmt.Errorf("a: %w", fmt.Errorf("b: %w", fmt.Errorf("pw=%s: %w", secret, leaf)))},
		{"GoString field only", fmt.Errorf("op: %w", hiddenSecretError{note: secret, inner: leaf})},
		{"multi-error branch", fmt.Errorf("join: %w", errors.Join(leaf, errors.New("x "+secret)))},
		{"quoted", fmt.Errorf("%q: %w", secret+"\n", leaf)},
		{"hex", fmt.Errorf("%x: %w", secret, leaf)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := c.wrap(context.Background(), tt.err, "get")
			assertNoSecret(t, tt.name, got)
			var ae *as.AerospikeError
			if !errors.As(got, &ae) || ae.ResultCode != types.TIMEOUT || !ae.InDoubt {
				t.Fatalf("errors.As(*AerospikeError) = %v on %v, want TIMEOUT in doubt", ae, got)
			}
			if code, ok := driver.CodeOf(got); !ok || code != driver.Timeout {
				t.Fatalf("code = %v, want TIMEOUT", code)
			}
			if strings.Contains(tt.err.Error(), secret) && !strings.Contains(got.Error(), "xxxxx") {
				t.Fatalf("scrubbed text %q lacks the mask", got.Error())
			}
		})
	}
	clean := fmt.Errorf("dial: %w", leaf)
	got := c.wrap(context.Background(), clean, "get")
	var de *driver.Error
	if !errors.As(got, &de) || de.Err != clean {
		t.Fatalf("a clean chain must be kept as is: got %#v", got)
	}
}

func TestClientPolicyTranslation(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	ca := writeTestCA(t, dir)
	cfg, err := ParseDSN("aerospike://u:p@h1:tlsA:4333,h2:4334/test?tls=true&tls-name=tlsDefault&tls-ca-file=" + ca +
		"&auth-mode=external&connect-timeout=2s&tend-timeout=1500ms&login-timeout=3s&idle-timeout=50s&tend-interval=500ms" +
		"&connection-queue-size=64&min-connections-per-node=4&max-error-rate=7&error-rate-window=3&cluster-name=c1" +
		"&application-id=app&use-services-alternate=true&seed-only-cluster=true&fail-if-not-connected=false" +
		"&rack-aware=true&rack-id=3,1&total-timeout=750ms&socket-timeout=250ms&max-retries=4&sleep-between-retries=3ms&send-key=true")
	if err != nil {
		t.Fatal(err)
	}
	p, err := cfg.clientPolicy()
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		name      string
		got, want any
	}{
		{"User", p.User, "u"},
		{"Password", p.Password, "p"},
		{"AuthMode", p.AuthMode, as.AuthModeExternal},
		// connect-timeout bounds Open only; the client's Timeout, which
		// it keeps for every tend, is tend-timeout.
		{"Timeout", p.Timeout, 1500 * time.Millisecond},
		{"ConnectTimeout", cfg.connectTimeout(), 2 * time.Second},
		{"LoginTimeout", p.LoginTimeout, 3 * time.Second},
		{"IdleTimeout", p.IdleTimeout, 50 * time.Second},
		{"TendInterval", p.TendInterval, 500 * time.Millisecond},
		{"ConnectionQueueSize", p.ConnectionQueueSize, 64},
		{"MinConnectionsPerNode", p.MinConnectionsPerNode, 4},
		{"MaxErrorRate", p.MaxErrorRate, 7},
		{"ErrorRateWindow", p.ErrorRateWindow, 3},
		{"ClusterName", p.ClusterName, "c1"},
		{"ApplicationId", p.ApplicationId, "app"},
		{"UseServicesAlternate", p.UseServicesAlternate, true},
		{"SeedOnlyCluster", p.SeedOnlyCluster, true},
		{"FailIfNotConnected", p.FailIfNotConnected, false},
		{"RackAware", p.RackAware, true},
		{"RackIds", p.RackIds, []int{3, 1}},
		{"TlsConfig set", p.TlsConfig != nil, true},
		{"RootCAs set", p.TlsConfig != nil && p.TlsConfig.RootCAs != nil, true},
		{"hosts", cfg.hosts(), []*as.Host{{Name: "h1", TLSName: "tlsA", Port: 4333}, {Name: "h2", TLSName: "tlsDefault", Port: 4334}}},
	}
	for _, c := range checks {
		if !reflect.DeepEqual(c.got, c.want) {
			t.Errorf("ClientPolicy.%s = %v, want %v", c.name, c.got, c.want)
		}
	}

	// Command policies.
	conn := newConn(nil, cfg)
	for name, bp := range map[string]*as.BasePolicy{
		"read": &conn.readPolicy, "write": &conn.writePolicy.BasePolicy, "batch": &conn.batchPolicy.BasePolicy,
	} {
		if bp.TotalTimeout != 750*time.Millisecond || bp.SocketTimeout != 250*time.Millisecond || bp.MaxRetries != 4 ||
			bp.SleepBetweenRetries != 3*time.Millisecond || bp.ReplicaPolicy != as.PREFER_RACK || !bp.SendKey {
			t.Errorf("%s policy = %+v", name, *bp)
		}
	}
	for name, bp := range map[string]*as.BasePolicy{"scan": &conn.scanPolicy.BasePolicy, "query": &conn.queryPolicy.BasePolicy} {
		if bp.TotalTimeout != 0 || bp.SocketTimeout != 250*time.Millisecond || bp.MaxRetries != 4 {
			t.Errorf("%s policy: total %v socket %v retries %d, want 0, 250ms, 4", name, bp.TotalTimeout, bp.SocketTimeout, bp.MaxRetries)
		}
	}

	// Defaults keep the client's, but for the tend timeout (1s, not the
	// client's 30s: issue 12) and FailIfNotConnected (Open waits itself).
	def, err := ParseDSN("aerospike://h1/test")
	if err != nil {
		t.Fatal(err)
	}
	dp, err := def.clientPolicy()
	if err != nil {
		t.Fatal(err)
	}
	ref := as.NewClientPolicy()
	if dp.Timeout != DefaultTendTimeout || def.connectTimeout() != DefaultConnectTimeout || dp.ConnectionQueueSize != ref.ConnectionQueueSize ||
		dp.FailIfNotConnected || dp.TlsConfig != nil || dp.AuthMode != as.AuthModeInternal {
		t.Errorf("default client policy differs from the client's: %+v", dp)
	}
	dc := newConn(nil, def)
	if dc.readPolicy.MaxRetries != as.NewPolicy().MaxRetries || dc.writePolicy.MaxRetries != as.NewWritePolicy(0, 0).MaxRetries ||
		dc.readPolicy.ReplicaPolicy != as.SEQUENCE {
		t.Errorf("default command policies differ from the client's")
	}

	// A programmatic TLS config is cloned and implies TLS.
	base := &tls.Config{ServerName: "x", MinVersion: tls.VersionTLS13}
	pc := &Config{Hosts: []Host{{Name: "h", Port: 3000}}, Namespace: "test", TLSConfig: base}
	pp, err := pc.clientPolicy()
	if err != nil {
		t.Fatal(err)
	}
	if pp.TlsConfig == base || pp.TlsConfig.ServerName != "x" {
		t.Errorf("TLSConfig not cloned: %+v", pp.TlsConfig)
	}

	// Unreadable TLS files name the option.
	for _, dsn := range []string{
		"aerospike://h1/test?tls=true&tls-ca-file=" + filepath.Join(dir, "missing.pem"),
		"aerospike://h1/test?tls=true&tls-ca-file=" + filepath.Join(dir, "garbage.pem"),
		"aerospike://h1/test?tls=true&tls-cert-file=" + ca + "&tls-key-file=" + ca,
	} {
		_ = os.WriteFile(filepath.Join(dir, "garbage.pem"), []byte("not pem"), 0o600)
		c, err := ParseDSN(dsn)
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.clientPolicy()
		if code, _ := driver.CodeOf(err); code != driver.ParameterError || !strings.Contains(err.Error(), "tls-") {
			t.Errorf("%s: got %v, want a ParameterError naming the tls option", dsn, err)
		}
	}
}

func TestNewConfig(t *testing.T) {
	t.Parallel()
	c, err := NewConfig("test", "a:3001", "b")
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Hosts) != 2 || c.Hosts[0].Port != 3001 || c.Hosts[1].Port != DefaultPort || c.MaxRetries != DefaultMaxRetries {
		t.Fatalf("NewConfig = %+v", *c)
	}
	if _, err := NewConfig("test"); err == nil {
		t.Fatal("NewConfig without hosts succeeded")
	}
	if _, err := NewConn(context.Background(), nil); err == nil {
		t.Fatal("NewConn(nil) succeeded")
	}
	if _, err := NewConn(context.Background(), &Config{Namespace: "test"}); err == nil {
		t.Fatal("NewConn without hosts succeeded")
	}
}

// Config.Replica is a driver.Replica; the DSN names the ones a connection
// can default to, and a Config carrying another is refused as the DSN is.
func TestConfigReplica(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		r    driver.Replica
		dsn  string // the replica option String writes
		fail bool
	}{
		{r: driver.ReplicaDefault},
		{r: driver.ReplicaMaster, dsn: "replica=master"},
		{r: driver.ReplicaMasterProles, dsn: "replica=master-proles"},
		{r: driver.ReplicaSequence, dsn: "replica=sequence"},
		{r: driver.ReplicaRandom, fail: true},
		{r: 42, fail: true},
	} {
		c, err := NewConfig("test", "h1")
		if err != nil {
			t.Fatal(err)
		}
		c.Replica = tc.r
		err = c.validate()
		if tc.fail {
			if err == nil {
				t.Errorf("replica %d: validate accepted it", tc.r)
			}
			continue
		}
		if err != nil {
			t.Errorf("replica %d: %v", tc.r, err)
			continue
		}
		back, err := ParseDSN(c.String())
		if err != nil || back.Replica != tc.r || !strings.Contains(c.String(), tc.dsn) {
			t.Errorf("replica %d: DSN %q parses to %v, %v", tc.r, c.String(), back.Replica, err)
		}
	}
}

func TestRegistered(t *testing.T) {
	t.Parallel()
	d, ok := driver.Lookup("aerospike")
	if !ok {
		t.Fatal("scheme aerospike is not registered")
	}
	if _, ok := d.(Driver); !ok {
		t.Fatalf("registered driver is %T", d)
	}
}

// writeTestCA writes a self-signed CA certificate (PEM) and returns its path.
func writeTestCA(t *testing.T, dir string) string {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "aero test CA"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "ca.pem")
	if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}
