package aerospike

import (
	"crypto/tls"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/aerokit/aero/driver"
)

// Scheme is the DSN scheme this driver is registered under.
const Scheme = "aerospike"

// DefaultPort is the port of a host given without one.
const DefaultPort = 3000

// DefaultMaxRetries in Config.MaxRetries keeps the client's own defaults
// (2 retries for reads, none for writes).
const DefaultMaxRetries = -1

// Defaults of Config.ConnectTimeout and Config.TendTimeout. With the
// client's 1s tend interval, a tend timeout of 1s moves traffic off a node
// that stopped answering within about 2s (the Java client's default
// ClientPolicy.timeout is also 1s); the Go client's 30s default for both
// kept half of the keys on a dead node for that long (issue 12).
const (
	DefaultConnectTimeout = 30 * time.Second
	DefaultTendTimeout    = time.Second
)

// DefaultMinConnectionsPerNode is the MinConnectionsPerNode ParseDSN
// starts from. The client counts its tend connection among them
// (node.go fillMinConns), so 2 keeps one pooled connection per node for
// commands, opened before Open returns, for a node that joins at its first
// tend, and kept through idle periods. The client never waits for a connection to open:
// a command that finds a node's pool empty moves on to the next replica or
// attempt, so with cold pools the first read after a node loss could try
// the dead master, the replica's empty pool and the dead master again, and
// fail; the first batch of a fresh connection found every pool empty
// (issue 12).
const DefaultMinConnectionsPerNode = 2

// Secret is a string that never prints: String, GoString and every fmt verb
// render it as "xxxxx" (or "" when empty), so a Config holding a password
// can be logged.
type Secret string

const redacted = "xxxxx"

// String returns a mask, never the secret.
func (s Secret) String() string {
	if s == "" {
		return ""
	}
	return redacted
}

// GoString returns a mask, never the secret.
func (s Secret) GoString() string { return strconv.Quote(s.String()) }

// Format prints the mask for every verb.
func (s Secret) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(s.String())) }

// AuthMode is how the client authenticates (ClientPolicy.AuthMode).
type AuthMode string

// Authentication modes, as the client names them (auth_mode.go).
const (
	// AuthInternal sends a hashed password (the default when a user is set).
	AuthInternal AuthMode = "internal"
	// AuthExternal sends the clear password, for LDAP; it requires TLS.
	AuthExternal AuthMode = "external"
	// AuthPKI authenticates with the TLS client certificate; it requires
	// TLS with a certificate and no password (server 5.7+).
	AuthPKI AuthMode = "pki"
)

// Host is one seed node.
type Host struct {
	Name string
	// TLSName is the name expected in the node's TLS certificate; empty
	// uses Config.TLSName.
	TLSName string
	Port    int
}

// String returns host:port, or host:tlsname:port when a TLS name is set
// (the DSN form).
func (h Host) String() string {
	name := h.Name
	if strings.Contains(name, ":") {
		name = "[" + name + "]"
	}
	if h.TLSName != "" {
		return name + ":" + h.TLSName + ":" + strconv.Itoa(h.Port)
	}
	return name + ":" + strconv.Itoa(h.Port)
}

// Config is the parsed form of a DSN; build one by hand to open a Conn
// without a DSN. A zero duration or count means the client's default, except
// MaxRetries (see DefaultMaxRetries). Printing a Config never shows the
// password.
type Config struct {
	Hosts     []Host
	Namespace string

	User     string
	Password Secret
	AuthMode AuthMode // empty: internal

	// ConnectTimeout bounds Open only: the wait for the first tend of the
	// cluster (default DefaultConnectTimeout; a sooner Open deadline wins).
	ConnectTimeout time.Duration
	// TendTimeout is the client's ClientPolicy.Timeout for the life of the
	// connection: each info request of the cluster tend and each new
	// connection (default DefaultTendTimeout). It bounds how long a tend
	// round waits for a node that does not answer, so with TendInterval it
	// bounds the time traffic keeps going to a lost node.
	TendTimeout  time.Duration
	LoginTimeout time.Duration // ClientPolicy.LoginTimeout (10s)
	IdleTimeout  time.Duration // ClientPolicy.IdleTimeout (0: none)
	TendInterval time.Duration // ClientPolicy.TendInterval (1s)
	// TotalTimeout and SocketTimeout are the defaults of single-record and
	// batch commands (client defaults 1s and 30s); SocketTimeout also
	// applies to scans and queries, whose total time is bounded by the
	// context only. A context deadline that comes sooner always wins.
	TotalTimeout  time.Duration
	SocketTimeout time.Duration
	// MaxRetries applies to every command; DefaultMaxRetries (-1) keeps
	// the client's per-command defaults.
	MaxRetries            int
	SleepBetweenRetries   time.Duration
	ConnectionQueueSize   int // per node (100)
	MinConnectionsPerNode int
	MaxErrorRate          int
	ErrorRateWindow       int

	ClusterName          string
	ApplicationID        string
	UseServicesAlternate bool
	SeedOnlyCluster      bool
	// LazyConnect lets Open succeed when no seed answers (DSN
	// fail-if-not-connected=false); the client keeps trying in the
	// background.
	LazyConnect bool

	RackAware bool
	RackIDs   []int
	// Replica is the node reads go to (the DSN's replica option):
	// driver.ReplicaDefault is sequence, or prefer-rack when RackAware;
	// driver.ReplicaRandom is not a connection default.
	Replica driver.Replica

	// SendKey stores the user key with every write, whatever the
	// driver.WritePolicy says.
	SendKey bool

	// TLS turns TLS on. TLSCAFile is a PEM CA bundle that replaces the
	// system roots (tls.Config.RootCAs); TLSCertFile and TLSKeyFile are the
	// client certificate; TLSName is the default certificate name of hosts
	// that do not name one.
	TLS         bool
	TLSCAFile   string
	TLSCertFile string
	TLSKeyFile  string
	TLSName     string
	// TLSConfig, when set, is used as the base TLS configuration (cloned);
	// it implies TLS.
	TLSConfig *tls.Config
}

// NewConfig returns a Config for namespace on hosts ("host[:port]" or
// "host:tlsname:port") with the client's defaults.
func NewConfig(namespace string, hosts ...string) (*Config, error) {
	c := &Config{Namespace: namespace, MaxRetries: DefaultMaxRetries}
	for _, h := range hosts {
		hh, err := parseHost(h)
		if err != nil {
			return nil, err
		}
		c.Hosts = append(c.Hosts, hh)
	}
	return c, c.validate()
}

// String formats the config as a DSN with the password masked.
func (c Config) String() string {
	var b strings.Builder
	b.WriteString(Scheme + "://")
	if c.User != "" || c.Password != "" {
		// ':' ends the user name in a DSN: PathEscape keeps it, so escape
		// it too.
		b.WriteString(strings.ReplaceAll(url.PathEscape(c.User), ":", "%3A"))
		if c.Password != "" {
			b.WriteString(":" + redacted)
		}
		b.WriteString("@")
	}
	for i, h := range c.Hosts {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(h.String())
	}
	b.WriteString("/" + url.PathEscape(c.Namespace))
	if q := c.options().Encode(); q != "" {
		b.WriteString("?" + q)
	}
	return b.String()
}

// GoString is String: %#v never shows the password either.
func (c Config) GoString() string { return c.String() }

// Format prints String for every verb, so that %v, %+v and %#v of a Config
// never show the password.
func (c Config) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(c.String())) }
