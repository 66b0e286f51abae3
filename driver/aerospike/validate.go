package aerospike

import (
	"time"

	as "github.com/aerospike/aerospike-client-go/v8"

	"github.com/aerokit/aero/driver"
)

// validate checks the combination of settings.
func (c *Config) validate() error {
	if len(c.Hosts) == 0 {
		return paramErr("config names no host")
	}
	for _, h := range c.Hosts {
		if h.Name == "" {
			return paramErr("config host %d has an empty name", h.Port)
		}
		if err := checkHostName(h.Name); err != nil {
			return err
		}
		if h.Port < 1 || h.Port > 65535 {
			return paramErr("config host %s: port %d is not in 1..65535", h.Name, h.Port)
		}
	}
	if c.Namespace == "" {
		return paramErr("config names no namespace")
	}
	if err := driver.CheckNamespace(c.Namespace); err != nil {
		return err
	}
	for name, d := range map[string]time.Duration{
		optConnectTimeout: c.ConnectTimeout, optTendTimeout: c.TendTimeout, optLoginTimeout: c.LoginTimeout, optIdleTimeout: c.IdleTimeout,
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
	if _, ok := replicaNames[c.Replica]; !ok && c.Replica != driver.ReplicaDefault {
		return paramErr("option %s: replica %d is not one of master, master-proles, sequence, prefer-rack", optReplica, c.Replica)
	}
	if c.Replica == driver.ReplicaPreferRack && !c.RackAware {
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
