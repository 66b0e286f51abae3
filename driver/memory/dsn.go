package memory

import (
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/internal/engine"
)

// Config is what a memory DSN describes.
type Config struct {
	// Namespaces are the namespaces of the engine; the first is the
	// default namespace of the Conn.
	Namespaces []string
	// DefaultTTL is every namespace's default-ttl in seconds (0: never
	// expire).
	DefaultTTL uint32
	// MaxRecordSize is every namespace's max-record-size in bytes (0: 1
	// MiB).
	MaxRecordSize int
	// ForbidTTL makes writes with a finite TTL FailForbidden, as a server
	// namespace with nsup-period 0 does (DSN: allow-ttl=false).
	ForbidTTL bool
	// Shared names an engine shared by every Conn opened with the same
	// name (DSN: shared=name); empty means a fresh engine per Open.
	Shared string
	// Enterprise imitates Aerospike Enterprise Edition (DSN:
	// edition=enterprise); false imitates Community Edition, the default
	// (see the package documentation for what differs).
	Enterprise bool
}

// ParseDSN parses a memory DSN:
//
//	memory://test                              one namespace, test
//	memory:///?namespaces=test,bar             several; the first is the default
//	memory://test?default-ttl=1h&max-record-size=128K&allow-ttl=false&shared=name
//	memory://test?edition=enterprise
//
// Options (each at most once):
//
//   - namespaces: comma-separated namespace names (not with a host part);
//   - default-ttl: the namespaces' default-ttl, in seconds or as a Go
//     duration ("90s", "1h"); 0 (the default) means never expire;
//   - max-record-size: the namespaces' max-record-size in bytes, with an
//     optional K or M suffix (KiB, MiB); default 1M;
//   - allow-ttl: false makes writes with a finite TTL FAIL_FORBIDDEN, as a
//     server 7 namespace with nsup-period 0 does; default true;
//   - shared: Conns opened with the same shared name use one engine, which
//     lives while any of them is open; their options must agree;
//   - edition: community (the default) or enterprise, the server edition
//     to imitate (see the package documentation).
//
// A malformed DSN is a *driver.Error with ParameterError naming the bad part.
func ParseDSN(dsn string) (*Config, error) {
	const prefix = "memory://"
	if !strings.HasPrefix(dsn, prefix) {
		return nil, dsnErr("must start with %q", prefix)
	}
	rest := dsn[len(prefix):]
	authority := rest
	if end := strings.IndexAny(rest, "/?#"); end >= 0 {
		authority = rest[:end]
	}
	if strings.Contains(authority, "@") {
		// Never echo the user info: it may hold a password.
		return nil, dsnErr("user info (user:password@) is not supported")
	}
	u, err := url.Parse(dsn)
	if err != nil {
		return nil, dsnErr("cannot parse: %v", redact(err))
	}
	if u.Port() != "" {
		return nil, dsnErr("host part %q: a namespace takes no port", u.Host)
	}
	if u.Path != "" && u.Path != "/" {
		return nil, dsnErr("path %q: want none (namespace goes in the host part or in namespaces=)", u.Path)
	}
	if u.Fragment != "" {
		return nil, dsnErr("fragment %q is not supported", u.Fragment)
	}
	cfg := &Config{}
	if u.Host != "" {
		cfg.Namespaces = []string{u.Hostname()}
	}
	q, err := url.ParseQuery(u.RawQuery)
	if err != nil {
		return nil, dsnErr("query: %v", err)
	}
	for name, vals := range q {
		if len(vals) != 1 {
			return nil, dsnErr("option %q given %d times", name, len(vals))
		}
		v := vals[0]
		switch name {
		case "namespaces":
			if u.Host != "" {
				return nil, dsnErr("option namespaces cannot be combined with the namespace %q of the host part", u.Host)
			}
			if v == "" {
				return nil, dsnErr("option namespaces is empty")
			}
			cfg.Namespaces = strings.Split(v, ",")
		case "default-ttl":
			ttl, err := parseTTL(v)
			if err != nil {
				return nil, err
			}
			cfg.DefaultTTL = ttl
		case "max-record-size":
			n, err := parseSize(v)
			if err != nil {
				return nil, err
			}
			cfg.MaxRecordSize = n
		case "allow-ttl":
			b, err := strconv.ParseBool(v)
			if err != nil {
				return nil, dsnErr("option allow-ttl=%q: want true or false", v)
			}
			cfg.ForbidTTL = !b
		case "shared":
			if v == "" {
				return nil, dsnErr("option shared is empty")
			}
			cfg.Shared = v
		case "edition":
			ed, err := engine.ParseEdition(v)
			if err != nil {
				return nil, dsnErr("option edition=%q: want community or enterprise", v)
			}
			cfg.Enterprise = ed == engine.Enterprise
		default:
			return nil, dsnErr("unknown option %q (known: namespaces, default-ttl, max-record-size, allow-ttl, shared, edition)", name)
		}
	}
	if len(cfg.Namespaces) == 0 {
		return nil, dsnErr("no namespace: use memory://<namespace> or memory:///?namespaces=a,b")
	}
	seen := map[string]bool{}
	for _, ns := range cfg.Namespaces {
		if ns == "" {
			return nil, dsnErr("empty namespace name in %q", strings.Join(cfg.Namespaces, ","))
		}
		if err := driver.CheckNamespace(ns); err != nil {
			return nil, dsnErr("%s", err.(*driver.Error).Msg)
		}
		if seen[ns] {
			return nil, dsnErr("namespace %q listed twice", ns)
		}
		seen[ns] = true
	}
	return cfg, nil
}

func parseTTL(v string) (uint32, error) {
	if n, err := strconv.ParseUint(v, 10, 32); err == nil {
		if n > engine.MaxTTL {
			return 0, dsnErr("option default-ttl=%s exceeds %d seconds", v, engine.MaxTTL)
		}
		return uint32(n), nil
	}
	d, err := time.ParseDuration(v)
	if err != nil {
		return 0, dsnErr("option default-ttl=%q: want seconds or a duration such as 1h", v)
	}
	if d < 0 || d%time.Second != 0 {
		return 0, dsnErr("option default-ttl=%q: want a whole, non-negative number of seconds", v)
	}
	if d/time.Second > engine.MaxTTL {
		return 0, dsnErr("option default-ttl=%s exceeds %d seconds", v, engine.MaxTTL)
	}
	return uint32(d / time.Second), nil
}

func parseSize(v string) (int, error) {
	mult := 1
	s := v
	switch {
	case strings.HasSuffix(s, "K"), strings.HasSuffix(s, "k"):
		mult, s = 1<<10, s[:len(s)-1]
	case strings.HasSuffix(s, "M"), strings.HasSuffix(s, "m"):
		mult, s = 1<<20, s[:len(s)-1]
	}
	n, err := strconv.ParseUint(s, 10, 31)
	if err != nil || n == 0 || int(n) > (1<<31-1)/mult {
		return 0, dsnErr("option max-record-size=%q: want a positive number of bytes, optionally with K or M", v)
	}
	return int(n) * mult, nil
}

func dsnErr(format string, args ...any) error {
	return driver.Errorf(driver.ParameterError, "memory DSN: "+format, args...)
}

// redact drops the URL from a url.Error, which could carry user info.
func redact(err error) error {
	if ue, ok := err.(*url.Error); ok {
		return ue.Err
	}
	return err
}
