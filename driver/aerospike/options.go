package aerospike

import (
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/aerokit/aero/driver"
)

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
	dur(optTendTimeout, c.TendTimeout)
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
	if c.MinConnectionsPerNode != DefaultMinConnectionsPerNode {
		v.Set(optMinConnsPerNode, strconv.Itoa(c.MinConnectionsPerNode))
	}
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
	str(optReplica, replicaNames[c.Replica])
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
	optTendTimeout          = "tend-timeout"
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
	case optTendTimeout:
		return dur(&c.TendTimeout)
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
		r, ok := replicaByName(val)
		if !ok {
			return paramErr("option %s: %q is not one of master, master-proles, sequence, prefer-rack", optReplica, val)
		}
		c.Replica = r
		return nil
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

// replicaNames are the DSN's names of the replica policies a connection
// can default to, as the client names them (replica_policy.go).
var replicaNames = map[driver.Replica]string{
	driver.ReplicaMaster:       "master",
	driver.ReplicaMasterProles: "master-proles",
	driver.ReplicaSequence:     "sequence",
	driver.ReplicaPreferRack:   "prefer-rack",
}

// replicaByName returns the replica policy the DSN names.
func replicaByName(name string) (driver.Replica, bool) {
	for r, n := range replicaNames {
		if n == name {
			return r, true
		}
	}
	return driver.ReplicaDefault, false
}
