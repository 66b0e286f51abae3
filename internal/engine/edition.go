package engine

import (
	"strings"

	"github.com/aerokit/aero/driver"
)

// Edition is the Aerospike server edition an engine imitates. The zero value
// is Community, the edition of the reference server (CE 8.1.2).
//
// Edition-dependent behaviours the engine models (each one a
// validate_*/*_ce.c check of the server's Community build):
//
//   - durable delete: a delete with WritePolicy.DurableDelete, and a write
//     with it whose ops leave the record without bins (the write deletes the
//     record), are EnterpriseOnly (25) on Community
//     (as/src/transaction/rw_utils_ce.c validate_delete_durability, called by
//     delete.c as_delete_start before the record is looked up and by write.c
//     write_master once the ops have emptied an existing record). Enterprise
//     deletes as a plain delete does (the engine keeps no tombstones).
//
// Other Community checks are not reachable through the engine: transactions
// (mrt_utils_ce.c), linearized reads (replica_ping_ce.c), compressed
// requests (proto_ce.c) and enterprise-only info commands are refused by the
// doors (the memory driver and the test server) before the engine.
type Edition uint8

// Editions.
const (
	// Community imitates Aerospike Community Edition (the default).
	Community Edition = iota
	// Enterprise imitates Aerospike Enterprise Edition.
	Enterprise
)

// String returns "community" or "enterprise".
func (ed Edition) String() string {
	if ed == Enterprise {
		return "enterprise"
	}
	return "community"
}

// ParseEdition parses "community" or "enterprise" (any case; "ce" and "ee"
// too). Anything else is ParameterError naming the input.
func ParseEdition(s string) (Edition, error) {
	switch strings.ToLower(s) {
	case "community", "ce":
		return Community, nil
	case "enterprise", "ee":
		return Enterprise, nil
	}
	return Community, driver.Errorf(driver.ParameterError, "edition %q: want community or enterprise", s)
}

// Edition returns the edition the engine imitates.
func (e *Engine) Edition() Edition { return e.edition }

// checkDurableDelete is validate_delete_durability (rw_utils_ce.c): a
// durable delete is EnterpriseOnly on Community.
func (e *Engine) checkDurableDelete(policy *driver.WritePolicy, key *driver.Key) error {
	if policy.DurableDelete && e.edition == Community {
		return driver.Errorf(driver.EnterpriseOnly, "key %s: durable delete is an Enterprise feature (the engine imitates Community Edition)", key)
	}
	return nil
}
