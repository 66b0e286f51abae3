package aero

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/internal/exptree"
)

// Choosing the index of a typed query. A query uses one secondary index;
// when several predicates of its conjunction could use one, the choice
// must not follow the order the predicates were written in. The planner
// ranks the candidates:
//
//  1. by what the backend knows of each index, when it reports it
//     (driver.IndexStatser: the server's sindex-stat, sindex/sindex.c
//     as_sindex_stats_str): an equality meets about entries_per_bval
//     records, a range an assumed third of the index's entries (a
//     Between, with two bounds, a ninth), since the server keeps no
//     histogram of values; the fewest records win. An index the backend
//     does not have is not used while another is there;
//  2. when a figure is missing (the backend has no statistics, or the
//     server has not yet counted the values: entries_per_bval is computed
//     when the index is built and then once an hour), by kind: an
//     equality before a bounded range, before an open range;
//  3. ties by bin name, then collection.
//
// The figures are asked for only when there is a choice, and are kept by
// the Session for a minute (indexStatsTTL), so building queries stays cheap.

// indexStatsTTL is how long a Session keeps an index's figures, and
// indexStatsRetry how long it keeps a failure to get them.
const (
	indexStatsTTL   = time.Minute
	indexStatsRetry = 5 * time.Second
)

// indexStatsTimeout bounds the wait for the figures; a backend that does
// not answer in time leaves the choice to rule 2.
const indexStatsTimeout = 2 * time.Second

// indexStatsCache is the Session's cache of index figures, by namespace,
// set and filter definition.
type indexStatsCache struct {
	mu sync.Mutex
	m  map[indexStatsKey]indexStatsEntry
}

type indexStatsKey struct {
	ns, set, bin string
	typ          driver.IndexType
	on           driver.IndexCollection
}

type indexStatsEntry struct {
	st  driver.IndexStats
	err error
	at  time.Time
}

func statsKey(ns, set string, f *driver.Filter) indexStatsKey {
	return indexStatsKey{ns, set, f.Bin, f.IndexType(), f.Collection}
}

// indexStats returns the figures of the index of each filter, from the
// cache or the backend; the error says why there are none.
func (s *Session) indexStats(ns, set string, fs []*driver.Filter) ([]driver.IndexStats, error) {
	st, ok := s.conn.(driver.IndexStatser)
	if !ok {
		return nil, fmt.Errorf("the %T backend reports no index statistics", s.conn)
	}
	c := &s.istats
	now := time.Now()
	out := make([]driver.IndexStats, len(fs))
	c.mu.Lock()
	hit := true
	for i, f := range fs {
		e, ok := c.m[statsKey(ns, set, f)]
		if !ok || now.Sub(e.at) >= indexStatsTTL || (e.err != nil && now.Sub(e.at) >= indexStatsRetry) {
			hit = false
			break
		}
		if e.err != nil {
			c.mu.Unlock()
			return nil, e.err
		}
		out[i] = e.st
	}
	c.mu.Unlock()
	if hit {
		return out, nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), indexStatsTimeout)
	defer cancel()
	got, err := st.IndexStats(ctx, ns, set, fs)
	if err == nil && len(got) != len(fs) {
		err = fmt.Errorf("the backend reported %d index statistics for %d filters", len(got), len(fs))
	}
	if err != nil {
		err = fmt.Errorf("no index statistics: %w", err)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) >= maxCachedFields {
		c.m = map[indexStatsKey]indexStatsEntry{}
	}
	for i, f := range fs {
		e := indexStatsEntry{err: err, at: now}
		if err == nil {
			e.st = got[i]
		}
		c.m[statsKey(ns, set, f)] = e
	}
	if err != nil {
		return nil, err
	}
	return got, nil
}

// candidate is a predicate of the conjunction that an index could serve.
type candidate struct {
	pos    int // in the conjunction
	filter Filter
	field  string
	kind   int    // 0 an equality, 1 a bounded range, 2 an open range
	name   string // the index's name, when known
	found  bool   // the backend has the index (true without statistics)
	est    uint64 // about the records the index yields
	known  bool   // est is known
	basis  string // how est was reckoned
}

var kindNames = [...]string{"an equality", "a bounded range", "an open range"}

func candidateKind(l *leaf) int {
	switch {
	case l.op == exptree.OpEq:
		return 0
	case l.op == exptree.OpAnd:
		return 1
	}
	return 2
}

// choose picks the index of a query among the candidates and says why.
func (r *Repo[T, K]) choose(cands []candidate) (candidate, string) {
	names := map[indexStatsKey]string{}
	for _, idx := range r.Indexes() {
		names[indexStatsKey{bin: idx.Bin, typ: idx.Type, on: idx.Collection}] = idx.Name
	}
	for i := range cands {
		f := &cands[i].filter.f
		cands[i].name = names[indexStatsKey{bin: f.Bin, typ: f.IndexType(), on: f.Collection}]
		cands[i].found = true
	}
	if len(cands) == 1 {
		return cands[0], "the only indexed predicate"
	}
	fs := make([]*driver.Filter, len(cands))
	for i := range cands {
		fs[i] = &cands[i].filter.f
	}
	stats, err := r.s.indexStats(r.ns, r.set, fs)
	if err == nil {
		anyFound := false
		for i, st := range stats {
			c := &cands[i]
			c.found = st.Name != ""
			anyFound = anyFound || c.found
			if !c.found {
				continue
			}
			c.name = st.Name
			switch {
			case st.Entries == 0:
				c.est, c.known, c.basis = 0, true, "an empty index"
			case c.kind == 0 && st.EntriesPerValue > 0:
				c.est, c.known, c.basis = st.EntriesPerValue, true, "entries per value"
			case c.kind == 1:
				c.est, c.known = st.Entries/9, true
				c.basis = fmt.Sprintf("a ninth of %d entries", st.Entries)
			case c.kind == 2:
				c.est, c.known = st.Entries/3, true
				c.basis = fmt.Sprintf("a third of %d entries", st.Entries)
			}
		}
		if anyFound {
			var missing []string
			cands = slices.DeleteFunc(cands, func(c candidate) bool {
				if !c.found {
					missing = append(missing, strconv.Quote(c.filter.f.Bin))
				}
				return !c.found
			})
			if len(cands) == 1 {
				return cands[0], "the only index the backend has of those the predicates could use (none on " + strings.Join(missing, ", ") + ")"
			}
		}
	}
	byStats := err == nil
	for _, c := range cands {
		byStats = byStats && c.known
	}
	byRule := func(a, b candidate) int {
		return cmp.Or(cmp.Compare(a.kind, b.kind), strings.Compare(a.filter.f.Bin, b.filter.f.Bin),
			cmp.Compare(a.filter.f.Collection, b.filter.f.Collection))
	}
	slices.SortStableFunc(cands, func(a, b candidate) int {
		if byStats {
			if c := cmp.Compare(a.est, b.est); c != 0 {
				return c
			}
		}
		return byRule(a, b)
	})
	best := cands[0]
	var why strings.Builder
	if byStats {
		why.WriteString("fewest records by the index statistics:")
		for i, c := range cands {
			if i > 0 {
				why.WriteByte(',')
			}
			fmt.Fprintf(&why, " %q about %d (%s)", c.filter.f.Bin, c.est, c.basis)
		}
		return best, why.String()
	}
	why.WriteString(kindNames[best.kind])
	if next := cands[1]; next.kind != best.kind {
		fmt.Fprintf(&why, ", before %s on %q", kindNames[next.kind], next.filter.f.Bin)
	} else {
		fmt.Fprintf(&why, " as on %q, first by bin name", next.filter.f.Bin)
	}
	if err != nil {
		why.WriteString("; " + err.Error())
	} else {
		why.WriteString("; the server has not counted each index's values yet")
	}
	return best, why.String()
}
