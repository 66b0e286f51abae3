package cdt

import "fmt"

// Hazard reports an input known to crash a real Aerospike server (see
// "Inputs that crash a server" in the package doc): an error naming the
// first such context step, or nil. The Aerospike driver refuses an Op
// with a hazard before sending it.
func (o Op) Hazard() error {
	for i, c := range o.Ctx {
		if err := c.Hazard(); err != nil {
			return fmt.Errorf("cdt: %s on bin %q: context step %d: %w", o.Code, o.Bin, i+1, err)
		}
	}
	return nil
}

// maxPadIndex is the largest index a padding list index context may
// take: the server counts the padding in 32 bits.
const maxPadIndex = 1<<31 - 1

// Hazard reports whether the context step is an input known to crash a
// real Aerospike server: a list index step that creates with an index
// below -1, or that pads with an index past 2^31-1 (cdt.c
// cdt_context_ctx_type_create_sz and cdt_context_fill_create,
// particle_list.c list_subcontext_by_index).
func (c Context) Hazard() error {
	// A persisted index alone (0x100) creates nothing.
	if c.Type&^ctxCreateMask != CtxTypeListIndex || c.Type&CtxCreateListOrdered == 0 {
		return nil
	}
	idx, ok := c.Value.(int64)
	if !ok {
		return nil
	}
	if idx < -1 {
		return fmt.Errorf("%s: a list index context that creates cannot take an index below -1: "+
			"where the list is shorter, Aerospike server 8.1.2 crashes instead of answering", c)
	}
	if idx > maxPadIndex && c.Type&CtxCreateListOrdered == CtxCreateListUnorderedUnbound {
		return fmt.Errorf("%s: a list index context that pads cannot take an index past %d: "+
			"Aerospike server 8.1.2 counts the padding in 32 bits", c, maxPadIndex)
	}
	return nil
}
