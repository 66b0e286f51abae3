package aerotest

import (
	"fmt"
	"strings"

	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/internal/engine"
)

// Edition is the Aerospike server edition a Server imitates. The zero value
// is Community, the edition of the reference server (CE 8.1.2).
//
// What differs between the editions, as the Server models it:
//
//   - durable delete: on Community a delete, batch delete or write that
//     empties a record with the durable-delete flag answers ENTERPRISE_ONLY
//     (25) (server as/src/transaction/rw_utils_ce.c
//     validate_delete_durability); Enterprise deletes.
//   - compressed requests (proto type 4, the client's UseCompression): on
//     Community the server cannot inflate them and answers ENTERPRISE_ONLY
//     (base/proto_ce.c as_proto_uncompress, via service.c
//     as_transaction_demarshal_error); Enterprise inflates them (replies are
//     never compressed).
//   - the edition and version info commands name the edition.
//
// The other Enterprise-only features (transactions, strong consistency and
// linearized reads, XDR, security) are not implemented in either edition.
type Edition uint8

// Editions.
const (
	// Community imitates Aerospike Community Edition (the default).
	Community Edition = iota
	// Enterprise imitates Aerospike Enterprise Edition.
	Enterprise
)

// String returns "community" or "enterprise".
func (ed Edition) String() string { return ed.engine().String() }

// ParseEdition parses "community" or "enterprise" (any case; "ce" and "ee"
// too), for flags.
func ParseEdition(s string) (Edition, error) {
	ed, err := engine.ParseEdition(s)
	if err != nil {
		return Community, fmt.Errorf("aerotest: edition %q: want community or enterprise", s)
	}
	if ed == engine.Enterprise {
		return Enterprise, nil
	}
	return Community, nil
}

func (ed Edition) engine() engine.Edition {
	if ed == Enterprise {
		return engine.Enterprise
	}
	return engine.Community
}

// name is how the server's edition info command names the edition.
func (ed Edition) name() string {
	return "Aerospike " + strings.ToUpper(ed.String()[:1]) + ed.String()[1:] + " Edition"
}

// WithEdition makes the server imitate edition ed.
func WithEdition(ed Edition) Option {
	return func(o *Options) { o.Edition = ed }
}

// checkEdition validates Options.Edition.
func checkEdition(ed Edition) error {
	if ed != Community && ed != Enterprise {
		return fmt.Errorf("aerotest: unknown edition %d", ed)
	}
	return nil
}

// compressedRefused reports whether a compressed request must be refused,
// and with which code: Community cannot inflate one.
func (s *Server) compressedRefused() (uint8, bool) {
	if s.opts.Edition == Enterprise {
		return 0, false
	}
	return uint8(driver.EnterpriseOnly), true
}
