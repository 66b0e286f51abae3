package memconn

import (
	"context"

	"github.com/aerokit/aero/driver"
)

var _ driver.IndexStatser = (*conn)(nil)

// IndexStats reports the engine's figures of the index each filter would
// use (engine.IndexStats); an unknown namespace is InvalidNamespace.
func (c *conn) IndexStats(ctx context.Context, namespace, set string, filters []*driver.Filter) ([]driver.IndexStats, error) {
	if err := c.check(ctx); err != nil {
		return nil, err
	}
	if _, ok := c.e.Namespace(namespace); !ok {
		return nil, driver.Errorf(driver.InvalidNamespace, "memory: namespace %q not found", namespace)
	}
	out := make([]driver.IndexStats, len(filters))
	for i, f := range filters {
		out[i], _ = c.e.IndexStats(namespace, set, f)
	}
	return out, nil
}
