package aerospike

import (
	"context"
	"strconv"
	"strings"

	"github.com/aerokit/aero/driver"
)

var _ driver.IndexStatser = (*Conn)(nil)

// IndexStats finds the index each filter would use in the namespace's
// sindex-list, as the server's query does (query.c find_sindex: by name,
// else sindex.c as_sindex_lookup_by_defn: by bin or expression, context,
// key type and collection type, on the set, else set-less), and asks every
// node for its sindex-stat (sindex.c as_sindex_stats_str): entries and
// entries_per_bval are summed over the nodes, entries_per_rec is the
// largest. A node that does not answer for an index (not built there yet)
// adds nothing.
func (c *Conn) IndexStats(ctx context.Context, namespace, set string, filters []*driver.Filter) ([]driver.IndexStats, error) {
	if err := driver.CheckNamespace(namespace); err != nil {
		return nil, driver.Errorf(driver.ParameterError, "index stats: %s", msgOf(err))
	}
	ip, err := c.infoPolicy(ctx)
	if err != nil {
		return nil, err
	}
	what := "index stats " + namespace
	node, aerr := c.client.Cluster().GetRandomNode()
	if aerr != nil {
		return nil, c.wrap(ctx, aerr, what)
	}
	cmd := "sindex-list:ns=" + namespace
	if atLeast81(node) {
		cmd = "sindex-list:namespace=" + namespace
	}
	for _, f := range filters {
		if f != nil && (f.Exp != nil || len(f.Ctx) > 0) {
			cmd += ";b64=true" // expressions and contexts by wire form
			break
		}
	}
	resp, aerr := node.RequestInfo(ip, cmd)
	if aerr != nil {
		return nil, c.wrap(ctx, aerr, what)
	}
	list := resp[cmd]
	if isInfoError(list) {
		if c.namespaceUnknown(ip, namespace) {
			return nil, driver.Errorf(driver.InvalidNamespace, "%s: namespace not found", what)
		}
		return nil, infoError(list, what)
	}
	entries := parseSindexList(list)
	out := make([]driver.IndexStats, len(filters))
	var names []string
	for i, f := range filters {
		if name := findListed(entries, namespace, set, f); name != "" {
			out[i].Name = name
			names = append(names, name)
		}
	}
	if len(names) == 0 {
		return out, nil
	}
	byName := map[string]*driver.IndexStats{}
	cmds := make([]string, len(names))
	for i, name := range names {
		byName[name] = &driver.IndexStats{Name: name}
		cmds[i] = "sindex-stat:namespace=" + namespace + ";indexname=" + name
	}
	for _, n := range c.client.GetNodes() {
		nc := cmds
		if !atLeast81(n) {
			nc = make([]string, len(names))
			for i, name := range names {
				nc[i] = "sindex/" + namespace + "/" + name
			}
		}
		resp, aerr := n.RequestInfo(ip, nc...)
		if aerr != nil {
			return nil, c.wrap(ctx, aerr, what)
		}
		for i, name := range names {
			addSindexStat(byName[name], resp[nc[i]])
		}
	}
	for i := range out {
		if out[i].Name != "" {
			out[i] = *byName[out[i].Name]
		}
	}
	return out, nil
}

// findListed returns the name of the listed index a query of set with f
// uses, or "".
func findListed(entries []sindexEntry, ns, set string, f *driver.Filter) string {
	if f == nil {
		return ""
	}
	if f.IndexName != "" {
		for _, e := range entries {
			if e.name == f.IndexName && (e.namespace == "" || e.namespace == ns) {
				return e.name
			}
		}
		return ""
	}
	def := driver.Index{Set: set, Bin: f.Bin, Exp: f.Exp, Ctx: f.Ctx, Type: f.IndexType(), Collection: f.Collection}
	setless := ""
	for _, e := range entries {
		if e.namespace != "" && e.namespace != ns {
			continue
		}
		if e.sameDefinition(&def) {
			return e.name
		}
		if set != "" && setless == "" {
			d := def
			d.Set = ""
			if e.sameDefinition(&d) {
				setless = e.name
			}
		}
	}
	return setless
}

// addSindexStat adds one node's sindex-stat answer
// (entries=N;used_bytes=N;entries_per_bval=N;entries_per_rec=N;...) to st;
// an error answer adds nothing.
func addSindexStat(st *driver.IndexStats, resp string) {
	if isInfoError(resp) {
		return
	}
	for _, kv := range strings.Split(resp, ";") {
		k, v, _ := strings.Cut(kv, "=")
		n, err := strconv.ParseUint(strings.TrimSpace(v), 10, 64)
		if err != nil {
			continue
		}
		switch strings.TrimSpace(k) {
		case "entries", "keys":
			st.Entries += n
		case "entries_per_bval":
			st.EntriesPerValue += n
		case "entries_per_rec":
			st.EntriesPerRecord = max(st.EntriesPerRecord, n)
		}
	}
}
