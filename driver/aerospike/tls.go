package aerospike

import (
	"crypto/tls"
	"crypto/x509"
	"os"
)

// tlsEnabled reports whether the connection uses TLS (TLS set, or a base
// TLSConfig given).
func (c *Config) tlsEnabled() bool { return c.TLS || c.TLSConfig != nil }

// buildTLS builds the client's TLS configuration from TLSConfig (cloned)
// and the CA, certificate and key files.
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
