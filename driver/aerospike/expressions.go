package aerospike

import (
	"encoding/base64"

	as "github.com/aerospike/aerospike-client-go/v8"

	"github.com/aerokit/aero/driver"
)

// Expressions travel to the client in their packed form: the client takes
// an expression it did not build through ExpFromBase64 (expression.go),
// which keeps the bytes and writes them as they are into the FILTER_EXP
// field or an expression operation. The bytes are the ones the leaf package
// exp packs, which are the client's own (translate_test.go compares them).

// clientExp translates a driver expression; nil stays nil.
func clientExp(x driver.Expression) (*as.Expression, error) {
	if x == nil {
		return nil, nil
	}
	if err := driver.CheckExpression(x); err != nil {
		return nil, err
	}
	b := x.AppendWire(nil)
	if len(b) == 0 {
		return nil, driver.Errorf(driver.ParameterError, "expression %s packs to nothing", x)
	}
	e, aerr := as.ExpFromBase64(base64.StdEncoding.EncodeToString(b))
	if aerr != nil {
		return nil, driver.Errorf(driver.ParameterError, "expression %s: %v", x, aerr)
	}
	return e, nil
}

// readPolWith returns the read policy of a call, with the filter and the
// routing of policy (a copy of the shared template when there is one).
func (c *Conn) readPolWith(p *as.BasePolicy, policy *driver.ReadPolicy) (*as.BasePolicy, error) {
	if policy == nil || (policy.FilterExp == nil && policy.Routing == (driver.ReadRouting{})) {
		return p, nil
	}
	cp := *p
	if policy.FilterExp != nil {
		f, err := clientExp(policy.FilterExp)
		if err != nil {
			return nil, err
		}
		cp.FilterExpression = f
	}
	if err := applyRouting(&cp, policy.Routing); err != nil {
		return nil, err
	}
	return &cp, nil
}

// applyRouting sets the replica and read modes of a read (policy.go
// BasePolicy ReplicaPolicy, ReadModeAP, ReadModeSC); the zero fields keep
// the connection's.
func applyRouting(p *as.BasePolicy, r driver.ReadRouting) error {
	if r.Replica != driver.ReplicaDefault {
		rp, ok := clientReplica(r.Replica)
		if !ok {
			return driver.Errorf(driver.ParameterError, "unknown replica policy %d", r.Replica)
		}
		p.ReplicaPolicy = rp
	}
	switch r.ReadModeAP {
	case driver.ReadModeAPDefault:
	case driver.ReadModeAPOne:
		p.ReadModeAP = as.ReadModeAPOne
	case driver.ReadModeAPAll:
		p.ReadModeAP = as.ReadModeAPAll
	default:
		return driver.Errorf(driver.ParameterError, "unknown AP read mode %d", r.ReadModeAP)
	}
	switch r.ReadModeSC {
	case driver.ReadModeSCDefault:
	case driver.ReadModeSCSession:
		p.ReadModeSC = as.ReadModeSCSession
	case driver.ReadModeSCLinearize:
		p.ReadModeSC = as.ReadModeSCLinearize
	case driver.ReadModeSCAllowReplica:
		p.ReadModeSC = as.ReadModeSCAllowReplica
	case driver.ReadModeSCAllowUnavailable:
		p.ReadModeSC = as.ReadModeSCAllowUnavailable
	default:
		return driver.Errorf(driver.ParameterError, "unknown SC read mode %d", r.ReadModeSC)
	}
	return nil
}

// expOpToClient translates an expression operation (client exp_operation.go
// ExpReadOp, ExpWriteOp; flags have the same values).
func expOpToClient(op driver.Operation) (*as.Operation, error) {
	x, _ := op.Value.(driver.Expression) // driver.CheckOps made sure
	e, err := clientExp(x)
	if err != nil {
		return nil, err
	}
	if op.Type == driver.OpExpRead {
		return as.ExpReadOp(op.Bin, e, as.ExpReadFlags(op.ExpFlags)), nil
	}
	return as.ExpWriteOp(op.Bin, e, as.ExpWriteFlags(op.ExpFlags)), nil
}

// hasBatchFilter reports whether any filter applies to a batch: the
// client's BatchGet cannot tell a filtered-out record from a missing one.
func hasBatchFilter(policy *driver.BatchPolicy, records []*driver.BatchRecord) bool {
	if policy != nil && policy.FilterExp != nil {
		return true
	}
	for _, r := range records {
		if r != nil && r.FilterExp != nil {
			return true
		}
	}
	return false
}

// hasExpOps reports whether ops hold an expression operation: the client
// then sends the Operate with respond-all-ops (operate_args.go: _EXP_READ
// and _EXP_MODIFY set respondAllOps unless a read of every bin is there).
func hasExpOps(ops []driver.Operation) bool {
	for _, op := range ops {
		if op.Type == driver.OpExpRead || op.Type == driver.OpExpWrite {
			return true
		}
	}
	return false
}
