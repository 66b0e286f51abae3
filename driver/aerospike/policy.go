package aerospike

import (
	"time"

	as "github.com/aerospike/aerospike-client-go/v8"

	"github.com/aerokit/aero/driver"
)

func (c *Config) tendTimeout() time.Duration {
	if c.TendTimeout > 0 {
		return c.TendTimeout
	}
	return DefaultTendTimeout
}

func (c *Config) connectTimeout() time.Duration {
	if c.ConnectTimeout > 0 {
		return c.ConnectTimeout
	}
	return DefaultConnectTimeout
}

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
	// Timeout outlives Open: the client bounds every tend request and new
	// connection with it (cluster.go infoPolicy, connection.go), so it is
	// the tend timeout; Open bounds its own wait with ConnectTimeout.
	p.Timeout = c.tendTimeout()
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
	// Open waits for the cluster itself (NewConn), up to ConnectTimeout,
	// and fails unless LazyConnect is set.
	p.FailIfNotConnected = false
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

// replica returns the replica policy for reads: the configured one, else
// prefer-rack when RackAware, else sequence.
func (c *Config) replica() as.ReplicaPolicy {
	if p, ok := clientReplica(c.Replica); ok {
		return p
	}
	if c.RackAware {
		return as.PREFER_RACK
	}
	return as.SEQUENCE
}

// clientReplica is the client's replica policy for r (policy.go
// ReplicaPolicy); false for driver.ReplicaDefault and unknown values.
func clientReplica(r driver.Replica) (as.ReplicaPolicy, bool) {
	switch r {
	case driver.ReplicaMaster:
		return as.MASTER, true
	case driver.ReplicaMasterProles:
		return as.MASTER_PROLES, true
	case driver.ReplicaSequence:
		return as.SEQUENCE, true
	case driver.ReplicaPreferRack:
		return as.PREFER_RACK, true
	case driver.ReplicaRandom:
		return as.RANDOM, true
	}
	return 0, false
}
