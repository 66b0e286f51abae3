package aerotest

import (
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/internal/engine"
	"github.com/aerokit/aero/internal/wire"
)

// handleInfo answers an info request: one line per command, "cmd\tvalue",
// in request order (client info.go parseMultiResponse).
func (s *Server) handleInfo(body []byte) []byte {
	cmds := wire.ParseInfoRequest(body)
	if len(cmds) == 0 {
		// An empty request asks for the default set (server: info.c).
		cmds = []string{"node", "build", "edition", "version"}
	}
	var out []byte
	for _, c := range cmds {
		out = wire.AppendInfoLine(out, c, s.infoValue(c))
	}
	return out
}

func (s *Server) infoValue(cmd string) string {
	// thr_info.c parse_cmd: the name ends at the first '/' (fixed
	// arguments), ':' (key/value arguments) or ';'. So "sindex-list/test/i"
	// is sindex-list, whose parameters (no key=value) list every index, as
	// server 8.1.2 answers it.
	name, params := cmd, ""
	if i := strings.IndexAny(cmd, "/:;"); i >= 0 {
		name, params = cmd[:i], cmd[i+1:]
	}
	port := strconv.Itoa(s.Port())
	switch name {
	case "build":
		return s.opts.Build
	case "version":
		return s.opts.Edition.name() + " build " + s.opts.Build
	case "edition":
		return s.opts.Edition.name()
	case "node":
		return s.nodeName
	case "cluster-name":
		return s.opts.ClusterName
	case "partition-generation", "cluster-generation":
		g, _ := s.topo.generations()
		return strconv.Itoa(g)
	case "peers-generation":
		_, g := s.topo.generations()
		return strconv.Itoa(g)
	case "cluster-stable":
		return s.topo.stable(params)
	case "services", "services-alumni", "services-alternate":
		return s.topo.services(s.idx)
	case "partitions":
		return strconv.Itoa(driver.Partitions)
	case "features":
		// thr_info.c cmd_features (server 8.1.2; the CE build adds no
		// aerospike_build_features).
		return "batch-any;batch-index;blob-bits;cdt-index;cdt-list;cdt-map;cluster-stable;float;geo;" +
			"sindex-exists;peers;pipelining;pquery;pscans;query-show;relaxed-sc;replicas;replicas-all;" +
			"replicas-master;replicas-max;truncate-namespace;udf"
	case "user-agent-set":
		// Sent by a client of server 8.1+ on each tend connection (client
		// node.go sendUserAgentId); thr_info.c cmd_user_agent_set.
		return infoUserAgentSet(params)
	case "query-show":
		// query_manager.c as_query_manager_get_job_info (server 8.1 knows
		// no scan-show): udf.go.
		return s.infoJob(params)
	case "udf-put", "udf-get", "udf-list", "udf-remove":
		return s.infoUDF(name, params)
	case "peers-clear-std", "peers-clear-alt":
		return s.topo.peersAnswer(s.idx, port)
	case "peers-tls-std", "peers-tls-alt":
		// No TLS: the peers are listed without addresses.
		_, g := s.topo.generations()
		return strconv.Itoa(g) + ",,[]"
	case "service", "service-clear-std", "service-clear-alt":
		return s.Addr()
	case "service-tls-std", "service-tls-alt":
		return ""
	case "replicas":
		// ns:regime,replica-count,bitmap,...;... (client partition_parser.go
		// parseReplicasAll)
		return s.topo.replicasAnswer(s.idx, s.namespaces, true, false)
	case "replicas-all":
		return s.topo.replicasAnswer(s.idx, s.namespaces, false, false)
	case "replicas-master":
		return s.topo.replicasAnswer(s.idx, s.namespaces, false, true)
	case "rack-ids":
		parts := make([]string, len(s.namespaces))
		for i, ns := range s.namespaces {
			parts[i] = ns + ":0"
		}
		return strings.Join(parts, ";")
	case "namespaces":
		return strings.Join(s.namespaces, ";")
	case "namespace":
		return s.infoNamespace(params)
	case "statistics":
		return "cluster_size=" + strconv.Itoa(s.topo.size()) + ";cluster_integrity=true;uptime=1"
	case "status":
		return "ok"
	case "sindex-create":
		return s.infoSindexCreate(params)
	case "sindex-delete":
		return s.infoSindexDelete(params)
	case "sindex-exists":
		p := parseParams(params)
		if !s.hasNamespace(nsParam(p)) {
			return errNoNamespace
		}
		if s.indexExists(nsParam(p), p["indexname"]) {
			return "true"
		}
		return "false"
	case "sindex-stat":
		p := parseParams(params)
		if !s.hasNamespace(nsParam(p)) {
			return errNoNamespace
		}
		return s.infoSindexStat(nsParam(p), p["indexname"])
	case "sindex-list":
		p := parseParams(params)
		// sindex_manager.c: b64=true lists an expression in base64, else
		// as as_exp_display renders it; any other value is "bad b64".
		b64, ok := p["b64"]
		if ok && b64 != "true" && b64 != "false" {
			return infoErr(driver.ParameterError, "bad b64")
		}
		if ns := nsParam(p); ns != "" && !s.hasNamespace(ns) {
			return errNoNamespace
		}
		return s.infoSindexList(nsParam(p), b64 == "true")
	case "truncate", "truncate-namespace":
		return s.infoTruncate(name, params)
	}
	if strings.HasPrefix(cmd, "sindex/") {
		// sindex/NS/NAME: the index's statistics (pre-8.1 IndexTask polling).
		f := strings.Split(cmd, "/")
		if len(f) == 3 {
			return s.infoSindexStat(f[1], f[2])
		}
		if len(f) == 2 {
			return s.infoSindexList(f[1], false)
		}
	}
	if strings.HasPrefix(cmd, "namespace/") {
		return s.infoNamespace(strings.TrimPrefix(cmd, "namespace/"))
	}
	// thr_info.c: an unknown command answers AS_ERR_PARAMETER.
	return infoErr(driver.ParameterError, "unrecognized command")
}

// parseParams splits "k1=v1;k2=v2".
func parseParams(s string) map[string]string {
	out := map[string]string{}
	for _, kv := range strings.Split(s, ";") {
		if k, v, ok := strings.Cut(kv, "="); ok {
			out[strings.TrimSpace(k)] = strings.TrimSpace(v)
		}
	}
	return out
}

// nsParam returns the namespace of an info command: "ns" before server 8.1,
// "namespace" after.
func nsParam(p map[string]string) string {
	if v, ok := p["namespace"]; ok {
		return v
	}
	return p["ns"]
}

// errNoNamespace is how server 8.1 answers the sindex commands that read an
// unknown namespace (thr_info.c: AS_ERR_NAMESPACE, checked against server
// 8.1.2).
var errNoNamespace = infoErr(driver.InvalidNamespace, "namespace not found on node")

// infoErr is an error answer as server 8.1 writes it (thr_info.c
// as_info_respond_error: "ERROR:<code>:<message>").
func infoErr(code driver.ResultCode, msg string) string {
	return fmt.Sprintf("ERROR:%d:%s", int(code), msg)
}

// infoUserAgentSet answers user-agent-set:value=<base64> (thr_info.c
// cmd_user_agent_set): ok, or PARAMETER_ERROR for a missing or invalid
// value.
func infoUserAgentSet(params string) string {
	v, ok := parseParams(params)["value"]
	if !ok || v == "" {
		return infoErr(driver.ParameterError, "missing 'value'")
	}
	if _, err := base64.StdEncoding.DecodeString(v); err != nil {
		return infoErr(driver.ParameterError, "'value' invalid base64")
	}
	return "ok"
}

func infoErrOf(err error) string {
	code, ok := driver.CodeOf(err)
	if !ok {
		code = driver.ServerError
	}
	msg := err.Error()
	// The message follows the code after a colon: keep it on one line and
	// free of the separators of the info protocol.
	msg = strings.NewReplacer("\n", " ", "\t", " ").Replace(msg)
	return infoErr(code, msg)
}

func (s *Server) hasNamespace(ns string) bool {
	for _, n := range s.namespaces {
		if n == ns {
			return true
		}
	}
	return false
}

func (s *Server) infoNamespace(ns string) string {
	if !s.hasNamespace(ns) {
		return infoErr(driver.InvalidNamespace, "namespace not found")
	}
	s.topo.mu.RLock()
	size, rf := 0, s.topo.effectiveRFLocked()
	for _, m := range s.topo.member {
		if m {
			size++
		}
	}
	s.topo.mu.RUnlock()
	return "ns_cluster_size=" + strconv.Itoa(size) + ";replication-factor=" + strconv.Itoa(rf) +
		";storage-engine=memory;nsup-period=120;default-ttl=0;allow-ttl-without-nsup=true;strong-consistency=false"
}

// infoSindexCreate handles sindex-create:ns=NS;set=SET;indexname=NAME;
// indexdata=BIN,TYPE (client.go createIndex before 8.1) and the 8.1 form
// bin=BIN;type=TYPE.
func (s *Server) infoSindexCreate(params string) string {
	p := parseParams(params)
	idx := driver.Index{Namespace: nsParam(p), Set: p["set"], Name: p["indexname"]}
	typ := p["type"]
	if data, ok := p["indexdata"]; ok {
		bin, t, _ := strings.Cut(data, ",")
		idx.Bin, typ = bin, t
	} else {
		idx.Bin = p["bin"]
	}
	if it, ok := p["indextype"]; ok {
		// sindex_manager.c as_sindex_manager_sindex_create and sindex.c
		// as_sindex_itype_from_string (case-insensitive).
		c, ok := parseIndexCollection(it)
		if !ok {
			return infoErr(driver.ParameterError, "bad 'indextype' - must be one of 'default', 'list', 'mapkeys', 'mapvalues'")
		}
		idx.Collection = c
	}
	if b64, ok := p["exp"]; ok {
		// sindex_manager.c as_sindex_manager_sindex_create (8.1 protocol):
		// bin and exp are exclusive, as are context and exp; sindex.c
		// as_sindex_validate_exp: an expression that does not decode is
		// "bad 'exp'"; its type is checked by the engine
		// (as_sindex_validate_exp_type).
		e, msg := decodeIndexExp(b64)
		switch {
		case idx.Bin != "":
			return infoErr(driver.ParameterError, "both 'bin' and 'exp' are specified")
		case p["context"] != "":
			return infoErr(driver.ParameterError, "both 'context' and 'exp' are specified")
		case msg != "":
			return infoErr(driver.ParameterError, msg)
		}
		idx.Exp = e
	}
	if b64, ok := p["context"]; ok {
		// sindex_manager.c as_sindex_manager_sindex_create and sindex.c
		// as_sindex_cdt_ctx_b64_decode.
		ctx, msg := decodeIndexCtx(b64)
		if msg != "" {
			return infoErr(driver.ParameterError, msg)
		}
		idx.Ctx = ctx
	}
	switch strings.ToUpper(typ) {
	case "NUMERIC":
		idx.Type = driver.IndexNumeric
	case "STRING":
		idx.Type = driver.IndexString
	case "BLOB":
		idx.Type = driver.IndexBlob
	case "GEO2DSPHERE":
		idx.Type = driver.IndexGeo2DSphere
	default:
		// sindex_manager.c as_sindex_manager_sindex_create.
		return infoErr(driver.ParameterError, "bad 'type' - must be one of 'numeric', 'string', 'blob', 'geo2dsphere'")
	}
	if idx.Name == "" || idx.Bin == "" && idx.Exp == nil || idx.Namespace == "" {
		return infoErr(driver.ParameterError, "sindex-create needs namespace, indexname and bin or exp")
	}
	// Server 8.1 (sindex/sindex_manager.c as_sindex_manager_sindex_create):
	// an unknown namespace answers ok, and the SMD item is skipped where it
	// is applied (as_sindex_manager_smd_item_to_def), so no index appears
	// (checked against server 8.1.2); the SMD key of an index is its
	// definition (namespace, set, bin, type) and the value its name, so
	// the same name with the same definition answers ok, the same name
	// with another definition AS_ERR_SINDEX_FOUND (200), and the same
	// definition under a new name renames the index (ok).
	if !s.hasNamespace(idx.Namespace) {
		return "ok"
	}
	if err := engine.CheckIndexExp(&idx); err != nil {
		// sindex.c as_sindex_validate_exp_type, before the SMD lookup.
		return infoErrOf(err)
	}
	for _, ex := range s.listIndexes(idx.Namespace) {
		same := engine.SameIndexDefinition(&ex, &idx)
		switch {
		case ex.Name == idx.Name && same:
			return "ok"
		case ex.Name == idx.Name:
			return infoErr(driver.IndexFound, "'indexname' already exists with different definition")
		case same:
			if err := s.store.DropIndex(s.ctx, ex.Namespace, ex.Name); err != nil {
				return infoErrOf(err)
			}
			s.imu.Lock()
			delete(s.indexes[ex.Namespace], ex.Name)
			s.imu.Unlock()
		}
	}
	if err := s.store.CreateIndex(s.ctx, &idx); err != nil {
		return infoErrOf(err)
	}
	s.imu.Lock()
	if s.indexes[idx.Namespace] == nil {
		s.indexes[idx.Namespace] = map[string]driver.Index{}
	}
	s.indexes[idx.Namespace][idx.Name] = idx
	s.imu.Unlock()
	return "ok"
}

func strconvQuote(s string) string { return strconv.Quote(s) }

// parseIndexCollection reads sindex-create's indextype (sindex.c
// as_sindex_itype_from_string, case-insensitive). The server's SET type is
// a set index, not a bin index: aerotest does not have those.
func parseIndexCollection(s string) (driver.IndexCollection, bool) {
	for c := driver.IndexDefault; c.Valid(); c++ {
		if strings.EqualFold(s, c.String()) {
			return c, true
		}
	}
	return 0, false
}

func (s *Server) infoSindexDelete(params string) string {
	p := parseParams(params)
	ns, name := nsParam(p), p["indexname"]
	if name == "" {
		return infoErr(driver.ParameterError, "sindex-delete needs indexname")
	}
	// Server 8.1 (sindex_manager.c as_sindex_manager_sindex_delete): an
	// index that does not exist, in any namespace, answers ok ("'indexname'
	// %s not found"; checked against server 8.1.2).
	if !s.hasNamespace(ns) {
		return "ok"
	}
	if _, ok := s.index(ns, name); !ok {
		return "ok"
	}
	if err := s.store.DropIndex(s.ctx, ns, name); err != nil {
		return infoErrOf(err)
	}
	s.imu.Lock()
	delete(s.indexes[ns], name)
	s.imu.Unlock()
	return "ok"
}

// indexExists reports whether the index exists, asking the store when it
// can list indexes and the server's own record of the indexes created
// through it otherwise.
func (s *Server) indexExists(ns, name string) bool {
	_, ok := s.index(ns, name)
	return ok
}

func (s *Server) index(ns, name string) (driver.Index, bool) {
	if l, ok := s.store.(indexLister); ok {
		for _, idx := range l.Indexes(ns) {
			if idx.Name == name {
				return idx, true
			}
		}
		return driver.Index{}, false
	}
	s.imu.Lock()
	defer s.imu.Unlock()
	idx, ok := s.indexes[ns][name]
	return idx, ok
}

func (s *Server) listIndexes(ns string) []driver.Index {
	if l, ok := s.store.(indexLister); ok {
		return l.Indexes(ns)
	}
	s.imu.Lock()
	defer s.imu.Unlock()
	out := make([]driver.Index, 0, len(s.indexes[ns]))
	for _, idx := range s.indexes[ns] {
		out = append(out, idx)
	}
	return out
}

// infoSindexStat answers the statistics of one index; load_pct=100 tells
// the client's IndexTask that the index is ready (task_index.go IsDone).
func (s *Server) infoSindexStat(ns, name string) string {
	if _, ok := s.index(ns, name); !ok {
		// thr_info.c cmd_sindex_stat.
		return infoErr(driver.IndexNotFound, "no index")
	}
	// The keys of server 8.1's answer (sindex.c as_sindex_stats_str), with
	// the engine's counts (engine.IndexStats). Each node of a Cluster
	// answers for the whole shared engine.
	var st driver.IndexStats
	if s.eng != nil {
		st, _ = s.eng.e.IndexStatsByName(ns, name)
	}
	return fmt.Sprintf("entries=%d;used_bytes=0;entries_per_bval=%d;entries_per_rec=%d;load_pct=100;load_time=0;stat_gc_recs=0",
		st.Entries, st.EntriesPerValue, st.EntriesPerRecord)
}

func (s *Server) infoSindexList(ns string, b64 bool) string {
	if ns == "" {
		// With no namespace, server 8.1.2 lists every namespace's indexes
		// in the configuration's order, joined by ';' (sindex.c
		// as_sindex_list_str).
		var all []string
		for _, n := range s.namespaces {
			if l := s.infoSindexList(n, b64); l != "" {
				all = append(all, l)
			}
		}
		return strings.Join(all, ";")
	}
	var parts []string
	for _, idx := range s.listIndexes(ns) {
		typ := strings.ToLower(idx.Type.String())
		// sindex.c as_sindex_list_str: indextype= as_sindex_type_names
		// (sindex_manager.h: "default", "list", "mapkeys", "mapvalues");
		// bin=null for an expression index, exp=null for a bin index.
		bin, e := idx.Bin, "null"
		if idx.Exp != nil {
			bin, e = "null", idx.Exp.String()
			if b64 {
				e = base64.StdEncoding.EncodeToString(idx.Exp.AppendWire(nil))
			}
		}
		// context= as cdt.c cdt_ctx_to_dynbuf renders it, or base64.
		ctx := "null"
		if len(idx.Ctx) > 0 {
			ctx = driver.CtxString(idx.Ctx)
			if b64 {
				packed, err := wire.AppendCDTContext(nil, idx.Ctx)
				if err == nil {
					ctx = base64.StdEncoding.EncodeToString(packed)
				}
			}
		}
		set := idx.Set
		if set == "" {
			set = "null"
		}
		parts = append(parts, fmt.Sprintf("ns=%s:indexname=%s:set=%s:bin=%s:type=%s:indextype=%s:context=%s:exp=%s:state=RW",
			idx.Namespace, idx.Name, set, bin, typ, strings.ToLower(idx.Collection.String()), ctx, e))
	}
	return strings.Join(parts, ";")
}

// infoTruncate handles truncate:namespace=NS;set=SET[;lut=NANOS] and
// truncate-namespace:namespace=NS[;lut=NANOS] (client.go Truncate).
func (s *Server) infoTruncate(name, params string) string {
	p := parseParams(params)
	ns, set := nsParam(p), p["set"]
	if name == "truncate" && set == "" {
		return infoErr(driver.ParameterError, "missing 'set'")
	}
	var before time.Time
	if lut, ok := p["lut"]; ok {
		n, err := strconv.ParseInt(lut, 10, 64)
		if err != nil || n < 0 {
			return infoErr(driver.ParameterError, "bad lut "+strconvQuote(lut))
		}
		before = time.Unix(0, n)
		if s.clock != nil {
			// lut is the client's wall clock; the engine runs on the
			// server's moved clock.
			before = before.Add(s.clock.Offset())
		}
	}
	if err := s.store.Truncate(s.ctx, ns, set, before); err != nil {
		return infoErrOf(err)
	}
	return "ok"
}

// indexLister is implemented by a Store that can list its indexes.
type indexLister interface {
	Indexes(namespace string) []driver.Index
}

// decodeIndexCtx decodes sindex-create's context=<base64> (sindex.c
// as_sindex_cdt_ctx_b64_decode), returning the error message the server
// answers with PARAMETER_ERROR, if any.
func decodeIndexCtx(b64 string) ([]driver.CDTContext, string) {
	raw, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		return nil, "'context' invalid base64"
	}
	ctx, err := wire.ParseCDTContext(raw)
	if err != nil {
		return nil, "'context' invalid cdt context"
	}
	if ctx, err = engine.NormalizeIndexCtx(ctx); err != nil {
		return nil, "'context' invalid cdt context"
	}
	return ctx, ""
}
