package aerospike

import (
	"net"
	"net/url"
	"strconv"
	"strings"

	"github.com/aerokit/aero/driver"
)

// paramErr is a PARAMETER_ERROR (4) for bad DSN or Config input.
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
	c := &Config{MaxRetries: DefaultMaxRetries, MinConnectionsPerNode: DefaultMinConnectionsPerNode}

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
	if q := c.ConnectionQueueSize; q > 0 && q < c.MinConnectionsPerNode && !hasOption(rawQuery, optMinConnsPerNode) {
		// The default minimum never exceeds a smaller pool the DSN asks
		// for; an explicit one that does is an error (validate).
		c.MinConnectionsPerNode = q
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

// checkHostName rejects a host name no resolver can answer: anything but an
// IP address or ASCII letters, digits, '-', '.' and '_' (an internationalized
// name must be given in its ASCII, "xn--", form). Without this check a
// non-ASCII or control character waits out the whole connect timeout.
func checkHostName(name string) error {
	if net.ParseIP(name) != nil {
		return nil
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '-', c == '.', c == '_':
		default:
			return paramErr("host %q: byte %d (%#02x) is not allowed in a host name (want an IP address or ASCII letters, digits, '-', '.', '_'; write an internationalized name in its xn-- form)", name, i, c)
		}
	}
	return nil
}

// hasOption reports whether the raw query of a DSN names option name.
func hasOption(rawQuery, name string) bool {
	for _, kv := range strings.Split(rawQuery, "&") {
		k, _, _ := strings.Cut(kv, "=")
		if k == name {
			return true
		}
	}
	return false
}
