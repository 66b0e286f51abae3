package aerospike

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"net"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	as "github.com/aerospike/aerospike-client-go/v8"

	"github.com/aerokit/aero/driver"
)

// Scheme is the DSN scheme this driver is registered under.
const Scheme = "aerospike"

// DefaultPort is the port of a host given without one.
const DefaultPort = 3000

// DefaultMaxRetries in Config.MaxRetries keeps the client's own defaults
// (2 retries for reads, none for writes).
const DefaultMaxRetries = -1

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

// Replica selects the node a read goes to (BasePolicy.ReplicaPolicy).
type Replica string

// Replica policies, as the client names them (replica_policy.go).
const (
	ReplicaMaster       Replica = "master"
	ReplicaMasterProles Replica = "master-proles"
	ReplicaSequence     Replica = "sequence"
	ReplicaPreferRack   Replica = "prefer-rack"
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

	ConnectTimeout time.Duration // ClientPolicy.Timeout (client default 30s)
	LoginTimeout   time.Duration // ClientPolicy.LoginTimeout (10s)
	IdleTimeout    time.Duration // ClientPolicy.IdleTimeout (0: none)
	TendInterval   time.Duration // ClientPolicy.TendInterval (1s)
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
	// LazyConnect lets Open succeed when no seed answers
	// (ClientPolicy.FailIfNotConnected = false).
	LazyConnect bool

	RackAware bool
	RackIDs   []int
	Replica   Replica // empty: sequence, or prefer-rack when RackAware

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
		b.WriteString(url.PathEscape(c.User))
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
	b.WriteString("/" + c.Namespace)
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

// options renders the non-default options in DSN form.
func (c Config) options() url.Values {
	v := url.Values{}
	dur := func(name string, d time.Duration) {
		if d != 0 {
			v.Set(name, d.String())
		}
	}
	num := func(name string, n int) {
		if n != 0 {
			v.Set(name, strconv.Itoa(n))
		}
	}
	flag := func(name string, b bool) {
		if b {
			v.Set(name, "true")
		}
	}
	str := func(name, s string) {
		if s != "" {
			v.Set(name, s)
		}
	}
	dur(optConnectTimeout, c.ConnectTimeout)
	dur(optLoginTimeout, c.LoginTimeout)
	dur(optIdleTimeout, c.IdleTimeout)
	dur(optTendInterval, c.TendInterval)
	dur(optTotalTimeout, c.TotalTimeout)
	dur(optSocketTimeout, c.SocketTimeout)
	if c.MaxRetries >= 0 {
		v.Set(optMaxRetries, strconv.Itoa(c.MaxRetries))
	}
	dur(optSleepBetweenRetries, c.SleepBetweenRetries)
	num(optConnectionQueueSize, c.ConnectionQueueSize)
	num(optMinConnsPerNode, c.MinConnectionsPerNode)
	num(optMaxErrorRate, c.MaxErrorRate)
	num(optErrorRateWindow, c.ErrorRateWindow)
	str(optClusterName, c.ClusterName)
	str(optApplicationID, c.ApplicationID)
	str(optAuthMode, string(c.AuthMode))
	flag(optUseServicesAlternate, c.UseServicesAlternate)
	flag(optSeedOnlyCluster, c.SeedOnlyCluster)
	if c.LazyConnect {
		v.Set(optFailIfNotConnected, "false")
	}
	flag(optRackAware, c.RackAware)
	if len(c.RackIDs) > 0 {
		ids := make([]string, len(c.RackIDs))
		for i, id := range c.RackIDs {
			ids[i] = strconv.Itoa(id)
		}
		v.Set(optRackID, strings.Join(ids, ","))
	}
	str(optReplica, string(c.Replica))
	flag(optSendKey, c.SendKey)
	flag(optTLS, c.TLS)
	str(optTLSCAFile, c.TLSCAFile)
	str(optTLSCertFile, c.TLSCertFile)
	str(optTLSKeyFile, c.TLSKeyFile)
	str(optTLSName, c.TLSName)
	return v
}

// DSN option names.
const (
	optConnectTimeout       = "connect-timeout"
	optLoginTimeout         = "login-timeout"
	optIdleTimeout          = "idle-timeout"
	optTendInterval         = "tend-interval"
	optTotalTimeout         = "total-timeout"
	optSocketTimeout        = "socket-timeout"
	optMaxRetries           = "max-retries"
	optSleepBetweenRetries  = "sleep-between-retries"
	optConnectionQueueSize  = "connection-queue-size"
	optMinConnsPerNode      = "min-connections-per-node"
	optMaxErrorRate         = "max-error-rate"
	optErrorRateWindow      = "error-rate-window"
	optClusterName          = "cluster-name"
	optApplicationID        = "application-id"
	optAuthMode             = "auth-mode"
	optUseServicesAlternate = "use-services-alternate"
	optSeedOnlyCluster      = "seed-only-cluster"
	optFailIfNotConnected   = "fail-if-not-connected"
	optRackAware            = "rack-aware"
	optRackID               = "rack-id"
	optReplica              = "replica"
	optSendKey              = "send-key"
	optTLS                  = "tls"
	optTLSCAFile            = "tls-ca-file"
	optTLSCertFile          = "tls-cert-file"
	optTLSKeyFile           = "tls-key-file"
	optTLSName              = "tls-name"
)

func paramErr(format string, args ...any) error {
	return driver.Errorf(driver.ParameterError, format, args...)
}

// ParseDSN parses aerospike://[user[:password]@]host[:port][,host...]/namespace?options.
// Errors name the bad part and never contain the password.
func ParseDSN(dsn string) (*Config, error) {
	rest, ok := strings.CutPrefix(dsn, Scheme+"://")
	if !ok {
		return nil, paramErr("DSN must start with %s://", Scheme)
	}
	c := &Config{MaxRetries: DefaultMaxRetries}

	// User info ends at the last '@' of the DSN, so that a password may
	// hold '/', '?', ':' or '@' unencoded and no error ever echoes a piece
	// of it (hosts, namespace and options all come after it). An '@' in an
	// option value must therefore be written %40.
	if i := strings.LastIndexByte(rest, '@'); i >= 0 {
		userinfo := rest[:i]
		rest = rest[i+1:]
		user, pass, hasPass := strings.Cut(userinfo, ":")
		u, err := url.PathUnescape(user)
		if err != nil {
			return nil, paramErr("DSN user is not valid percent-encoding")
		}
		if u == "" {
			return nil, paramErr("DSN user info has an empty user name")
		}
		c.User = u
		if hasPass {
			p, err := url.PathUnescape(pass)
			if err != nil {
				// Never echo the password or the decoder's error (which quotes it).
				return nil, paramErr("DSN password is not valid percent-encoding")
			}
			c.Password = Secret(p)
		}
	}
	var rawQuery string
	if i := strings.IndexByte(rest, '?'); i >= 0 {
		rest, rawQuery = rest[:i], rest[i+1:]
	}
	authority, ns, hasNS := strings.Cut(rest, "/")
	if authority == "" {
		return nil, paramErr("DSN names no host")
	}
	for _, hs := range strings.Split(authority, ",") {
		h, err := parseHost(hs)
		if err != nil {
			return nil, err
		}
		c.Hosts = append(c.Hosts, h)
	}
	if !hasNS || ns == "" {
		return nil, paramErr("DSN names no namespace (want %s://host:port/namespace)", Scheme)
	}
	nsu, err := url.PathUnescape(ns)
	if err != nil {
		return nil, paramErr("DSN namespace %q is not valid percent-encoding", ns)
	}
	c.Namespace = nsu
	if err := c.parseOptions(rawQuery); err != nil {
		return nil, err
	}
	if err := c.validate(); err != nil {
		return nil, err
	}
	return c, nil
}

// parseHost parses host, host:port, host:tlsname:port, [v6], [v6]:port or
// [v6]:tlsname:port.
func parseHost(s string) (Host, error) {
	if s == "" {
		return Host{}, paramErr("DSN has an empty host")
	}
	var h Host
	var parts []string
	if strings.HasPrefix(s, "[") {
		end := strings.IndexByte(s, ']')
		if end < 0 {
			return Host{}, paramErr("host %q: missing ']'", s)
		}
		h.Name = s[1:end]
		if net.ParseIP(h.Name) == nil {
			return Host{}, paramErr("host %q: %q is not an IPv6 address", s, h.Name)
		}
		rest := s[end+1:]
		if rest != "" {
			if rest[0] != ':' {
				return Host{}, paramErr("host %q: unexpected %q after ']'", s, rest)
			}
			parts = strings.Split(rest[1:], ":")
		}
	} else {
		all := strings.Split(s, ":")
		h.Name, parts = all[0], all[1:]
	}
	if h.Name == "" {
		return Host{}, paramErr("host %q: empty host name", s)
	}
	h.Port = DefaultPort
	var portStr string
	switch len(parts) {
	case 0:
	case 1:
		portStr = parts[0]
	case 2:
		h.TLSName, portStr = parts[0], parts[1]
		if h.TLSName == "" {
			return Host{}, paramErr("host %q: empty TLS name", s)
		}
	default:
		return Host{}, paramErr("host %q: want host[:port] or host:tlsname:port", s)
	}
	if len(parts) > 0 {
		p, err := strconv.Atoi(portStr)
		if err != nil || p < 1 || p > 65535 {
			return Host{}, paramErr("host %q: port %q is not a number in 1..65535", s, portStr)
		}
		h.Port = p
	}
	return h, nil
}

func (c *Config) parseOptions(raw string) error {
	if raw == "" {
		return nil
	}
	seen := map[string]bool{}
	for _, kv := range strings.Split(raw, "&") {
		if kv == "" {
			continue
		}
		k, v, _ := strings.Cut(kv, "=")
		key, err := url.QueryUnescape(k)
		if err != nil {
			return paramErr("DSN option name %q is not valid percent-encoding", k)
		}
		val, err := url.QueryUnescape(v)
		if err != nil {
			return paramErr("DSN option %s: value is not valid percent-encoding", key)
		}
		if seen[key] {
			return paramErr("DSN option %s is given twice", key)
		}
		seen[key] = true
		if err := c.setOption(key, val); err != nil {
			return err
		}
	}
	return nil
}

func (c *Config) setOption(key, val string) error {
	dur := func(dst *time.Duration) error {
		d, err := time.ParseDuration(val)
		if err != nil || d < 0 {
			return paramErr("DSN option %s: %q is not a non-negative Go duration (e.g. 1500ms, 2s)", key, val)
		}
		*dst = d
		return nil
	}
	num := func(dst *int, min int) error {
		n, err := strconv.Atoi(val)
		if err != nil || n < min {
			return paramErr("DSN option %s: %q is not an integer >= %d", key, val, min)
		}
		*dst = n
		return nil
	}
	flag := func(dst *bool) error {
		b, err := strconv.ParseBool(val)
		if err != nil {
			return paramErr("DSN option %s: %q is not a boolean (true or false)", key, val)
		}
		*dst = b
		return nil
	}
	str := func(dst *string) error {
		if val == "" {
			return paramErr("DSN option %s: empty value", key)
		}
		*dst = val
		return nil
	}
	switch key {
	case optConnectTimeout:
		return dur(&c.ConnectTimeout)
	case optLoginTimeout:
		return dur(&c.LoginTimeout)
	case optIdleTimeout:
		return dur(&c.IdleTimeout)
	case optTendInterval:
		return dur(&c.TendInterval)
	case optTotalTimeout:
		return dur(&c.TotalTimeout)
	case optSocketTimeout:
		return dur(&c.SocketTimeout)
	case optSleepBetweenRetries:
		return dur(&c.SleepBetweenRetries)
	case optMaxRetries:
		return num(&c.MaxRetries, 0)
	case optConnectionQueueSize:
		return num(&c.ConnectionQueueSize, 1)
	case optMinConnsPerNode:
		return num(&c.MinConnectionsPerNode, 0)
	case optMaxErrorRate:
		return num(&c.MaxErrorRate, 0)
	case optErrorRateWindow:
		return num(&c.ErrorRateWindow, 1)
	case optClusterName:
		return str(&c.ClusterName)
	case optApplicationID:
		return str(&c.ApplicationID)
	case optAuthMode:
		c.AuthMode = AuthMode(val)
		return nil // checked by validate
	case optUseServicesAlternate:
		return flag(&c.UseServicesAlternate)
	case optSeedOnlyCluster:
		return flag(&c.SeedOnlyCluster)
	case optFailIfNotConnected:
		var fail bool
		if err := flag(&fail); err != nil {
			return err
		}
		c.LazyConnect = !fail
		return nil
	case optRackAware:
		return flag(&c.RackAware)
	case optRackID:
		c.RackIDs = nil
		for _, p := range strings.Split(val, ",") {
			n, err := strconv.Atoi(strings.TrimSpace(p))
			if err != nil || n < 0 {
				return paramErr("DSN option %s: %q is not a comma-separated list of non-negative integers", key, val)
			}
			c.RackIDs = append(c.RackIDs, n)
		}
		return nil
	case optReplica:
		c.Replica = Replica(val)
		return nil // checked by validate
	case optSendKey:
		return flag(&c.SendKey)
	case optTLS:
		return flag(&c.TLS)
	case optTLSCAFile:
		return str(&c.TLSCAFile)
	case optTLSCertFile:
		return str(&c.TLSCertFile)
	case optTLSKeyFile:
		return str(&c.TLSKeyFile)
	case optTLSName:
		return str(&c.TLSName)
	}
	return paramErr("DSN option %q is unknown (see the package documentation of driver/aerospike for the list)", key)
}

// validate checks the combination of settings.
func (c *Config) validate() error {
	if len(c.Hosts) == 0 {
		return paramErr("config names no host")
	}
	for _, h := range c.Hosts {
		if h.Name == "" {
			return paramErr("config host %d has an empty name", h.Port)
		}
		if h.Port < 1 || h.Port > 65535 {
			return paramErr("config host %s: port %d is not in 1..65535", h.Name, h.Port)
		}
	}
	if c.Namespace == "" {
		return paramErr("config names no namespace")
	}
	if len(c.Namespace) > driver.MaxNamespaceLen {
		return paramErr("namespace %q is longer than %d bytes", c.Namespace, driver.MaxNamespaceLen)
	}
	for name, d := range map[string]time.Duration{
		optConnectTimeout: c.ConnectTimeout, optLoginTimeout: c.LoginTimeout, optIdleTimeout: c.IdleTimeout,
		optTendInterval: c.TendInterval, optTotalTimeout: c.TotalTimeout, optSocketTimeout: c.SocketTimeout,
		optSleepBetweenRetries: c.SleepBetweenRetries,
	} {
		if d < 0 {
			return paramErr("option %s: negative duration %s", name, d)
		}
	}
	// The client caps the idle timeout at 24h (client_policy.go IdleTimeout)
	// and the tend interval at a 10ms minimum (cluster.go).
	if c.IdleTimeout > 24*time.Hour {
		return paramErr("option %s: %s exceeds the client's limit of 24h", optIdleTimeout, c.IdleTimeout)
	}
	if c.TendInterval != 0 && c.TendInterval < 10*time.Millisecond {
		return paramErr("option %s: %s is below the client's minimum of 10ms", optTendInterval, c.TendInterval)
	}
	if c.MaxRetries < DefaultMaxRetries {
		return paramErr("option %s: %d is negative", optMaxRetries, c.MaxRetries)
	}
	if c.ConnectionQueueSize < 0 || c.MinConnectionsPerNode < 0 || c.MaxErrorRate < 0 || c.ErrorRateWindow < 0 {
		return paramErr("options %s, %s, %s and %s must not be negative", optConnectionQueueSize, optMinConnsPerNode, optMaxErrorRate, optErrorRateWindow)
	}
	queue := c.ConnectionQueueSize
	if queue == 0 {
		queue = as.NewClientPolicy().ConnectionQueueSize
	}
	if c.MinConnectionsPerNode > queue {
		return paramErr("option %s: %d exceeds %s (%d)", optMinConnsPerNode, c.MinConnectionsPerNode, optConnectionQueueSize, queue)
	}
	for _, id := range c.RackIDs {
		if id < 0 {
			return paramErr("option %s: rack id %d is negative", optRackID, id)
		}
	}
	if len(c.RackIDs) > 0 && !c.RackAware {
		return paramErr("option %s needs %s=true", optRackID, optRackAware)
	}
	switch c.Replica {
	case "", ReplicaMaster, ReplicaMasterProles, ReplicaSequence, ReplicaPreferRack:
	default:
		return paramErr("option %s: %q is not one of master, master-proles, sequence, prefer-rack", optReplica, string(c.Replica))
	}
	if c.Replica == ReplicaPreferRack && !c.RackAware {
		return paramErr("option %s=prefer-rack needs %s=true", optReplica, optRackAware)
	}
	if c.Password != "" && c.User == "" {
		return paramErr("a password is set without a user")
	}
	tlsOn := c.tlsEnabled()
	if !tlsOn && (c.TLSCAFile != "" || c.TLSCertFile != "" || c.TLSKeyFile != "" || c.TLSName != "") {
		return paramErr("options %s, %s, %s and %s need %s=true", optTLSCAFile, optTLSCertFile, optTLSKeyFile, optTLSName, optTLS)
	}
	if !tlsOn {
		for _, h := range c.Hosts {
			if h.TLSName != "" {
				return paramErr("host %s names a TLS name but %s is not true", h.Name, optTLS)
			}
		}
	}
	if (c.TLSCertFile == "") != (c.TLSKeyFile == "") {
		return paramErr("options %s and %s must be given together", optTLSCertFile, optTLSKeyFile)
	}
	switch c.AuthMode {
	case "", AuthInternal:
	case AuthExternal:
		// client_policy/cluster.go: external auth sends the clear password
		// and refuses to run without TLS.
		if !tlsOn {
			return paramErr("option %s=external needs %s=true (the password is sent in clear)", optAuthMode, optTLS)
		}
		if c.User == "" {
			return paramErr("option %s=external needs a user", optAuthMode)
		}
	case AuthPKI:
		if !tlsOn || (c.TLSCertFile == "" && (c.TLSConfig == nil || len(c.TLSConfig.Certificates) == 0)) {
			return paramErr("option %s=pki needs %s=true and a client certificate (%s, %s)", optAuthMode, optTLS, optTLSCertFile, optTLSKeyFile)
		}
		if c.Password != "" {
			// cluster.go: FORBIDDEN_PASSWORD for PKI.
			return paramErr("option %s=pki takes no password", optAuthMode)
		}
	default:
		return paramErr("option %s: %q is not one of internal, external, pki", optAuthMode, string(c.AuthMode))
	}
	return nil
}

func (c *Config) tlsEnabled() bool { return c.TLS || c.TLSConfig != nil }

// clientPolicy translates the config into the client's ClientPolicy.
func (c *Config) clientPolicy() (*as.ClientPolicy, error) {
	p := as.NewClientPolicy()
	p.User = c.User
	p.Password = string(c.Password)
	switch c.AuthMode {
	case AuthExternal:
		p.AuthMode = as.AuthModeExternal
	case AuthPKI:
		p.AuthMode = as.AuthModePKI
	default:
		p.AuthMode = as.AuthModeInternal
	}
	if c.ConnectTimeout > 0 {
		p.Timeout = c.ConnectTimeout
	}
	if c.LoginTimeout > 0 {
		p.LoginTimeout = c.LoginTimeout
	}
	if c.IdleTimeout > 0 {
		p.IdleTimeout = c.IdleTimeout
	}
	if c.TendInterval > 0 {
		p.TendInterval = c.TendInterval
	}
	if c.ConnectionQueueSize > 0 {
		p.ConnectionQueueSize = c.ConnectionQueueSize
	}
	p.MinConnectionsPerNode = c.MinConnectionsPerNode
	if c.MaxErrorRate > 0 {
		p.MaxErrorRate = c.MaxErrorRate
	}
	if c.ErrorRateWindow > 0 {
		p.ErrorRateWindow = c.ErrorRateWindow
	}
	p.ClusterName = c.ClusterName
	p.ApplicationId = c.ApplicationID
	p.UseServicesAlternate = c.UseServicesAlternate
	p.SeedOnlyCluster = c.SeedOnlyCluster
	p.FailIfNotConnected = !c.LazyConnect
	p.RackAware = c.RackAware
	if len(c.RackIDs) > 0 {
		p.RackIds = append([]int(nil), c.RackIDs...)
	}
	if c.tlsEnabled() {
		tc, err := c.buildTLS()
		if err != nil {
			return nil, err
		}
		p.TlsConfig = tc
	}
	return p, nil
}

func (c *Config) buildTLS() (*tls.Config, error) {
	var tc *tls.Config
	if c.TLSConfig != nil {
		tc = c.TLSConfig.Clone()
	} else {
		tc = &tls.Config{MinVersion: tls.VersionTLS12}
	}
	if c.TLSCAFile != "" {
		pem, err := os.ReadFile(c.TLSCAFile)
		if err != nil {
			return nil, paramErr("option %s: cannot read %q: %v", optTLSCAFile, c.TLSCAFile, err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, paramErr("option %s: %q holds no PEM certificate", optTLSCAFile, c.TLSCAFile)
		}
		tc.RootCAs = pool
	}
	if c.TLSCertFile != "" {
		cert, err := tls.LoadX509KeyPair(c.TLSCertFile, c.TLSKeyFile)
		if err != nil {
			return nil, paramErr("options %s/%s: cannot load the key pair %q, %q: %v", optTLSCertFile, optTLSKeyFile, c.TLSCertFile, c.TLSKeyFile, err)
		}
		tc.Certificates = append(tc.Certificates, cert)
	}
	return tc, nil
}

// hosts returns the client's seed hosts.
func (c *Config) hosts() []*as.Host {
	out := make([]*as.Host, len(c.Hosts))
	for i, h := range c.Hosts {
		tlsName := h.TLSName
		if tlsName == "" && c.tlsEnabled() {
			tlsName = c.TLSName
		}
		out[i] = &as.Host{Name: h.Name, TLSName: tlsName, Port: h.Port}
	}
	return out
}

// replica returns the replica policy for reads.
func (c *Config) replica() as.ReplicaPolicy {
	switch c.Replica {
	case ReplicaMaster:
		return as.MASTER
	case ReplicaMasterProles:
		return as.MASTER_PROLES
	case ReplicaPreferRack:
		return as.PREFER_RACK
	case ReplicaSequence:
		return as.SEQUENCE
	}
	if c.RackAware {
		return as.PREFER_RACK
	}
	return as.SEQUENCE
}

// Open connects to the cluster the config names. See NewConn.
func (c *Config) Open(ctx context.Context) (driver.Conn, error) {
	return NewConn(ctx, c)
}
