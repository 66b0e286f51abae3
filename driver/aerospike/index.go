package aerospike

import (
	"context"
	"encoding/base64"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	as "github.com/aerospike/aerospike-client-go/v8"
	"github.com/aerospike/aerospike-client-go/v8/types"

	"github.com/aerokit/aero/driver"
)

// minAdminTimeout is the least time an admin info command (index create and
// drop, truncate) is given. The server answers sindex-create, sindex-delete
// and truncate only once its system metadata module has taken the change
// (sindex_manager.c, truncate.c: as_smd_set_blocking),
// which queues behind other metadata changes (truncates, other indexes) and,
// on a loaded server, takes longer than a record command's 1s default.
const minAdminTimeout = 10 * time.Second

// infoPolicy returns the timeout of an admin info command under ctx:
// the configured total timeout, at least minAdminTimeout, bounded by ctx's
// deadline.
func (c *Conn) infoPolicy(ctx context.Context) (*as.InfoPolicy, error) {
	if err := c.begin(ctx); err != nil {
		return nil, err
	}
	bp := c.readPolicy
	bp.TotalTimeout = max(bp.TotalTimeout, minAdminTimeout)
	if err := withDeadline(ctx, &bp); err != nil {
		return nil, err
	}
	return &as.InfoPolicy{Timeout: bp.TotalTimeout}, nil
}

func validIndexName(ns, name string) error {
	if ns == "" {
		return driver.NewError(driver.ParameterError, "index: namespace is empty")
	}
	if name == "" {
		return driver.NewError(driver.ParameterError, "index: name is empty")
	}
	if len(name) > driver.MaxIndexNameLen {
		// server 8.1: INAME_MAX_SZ (sindex_manager.h); the info parameter
		// parser answers "FAIL:4:'indexname' value too long" (thr_info.c).
		return driver.Errorf(driver.ParameterError, "index name %.20q... is longer than %d bytes", name, driver.MaxIndexNameLen)
	}
	if strings.ContainsAny(name, ";:=") {
		return driver.Errorf(driver.ParameterError, "index name %q contains one of ';', ':', '=' (the info protocol's separators)", name)
	}
	return nil
}

// CreateIndex creates a secondary index with the client's CreateIndex (the
// sindex-create info command) and polls its load_pct until every node has
// built it, honouring ctx.
func (c *Conn) CreateIndex(ctx context.Context, idx *driver.Index) error {
	if idx == nil {
		return driver.NewError(driver.ParameterError, "create index: index is nil")
	}
	if err := validIndexName(idx.Namespace, idx.Name); err != nil {
		return err
	}
	switch {
	case idx.Bin == "" && idx.Exp == nil:
		return driver.Errorf(driver.ParameterError, "create index %s: bin is empty", idx.Name)
	case idx.Bin != "" && idx.Exp != nil:
		// sindex_manager.c: "both 'bin' and 'exp' are specified".
		return driver.Errorf(driver.ParameterError, "create index %s: both bin %q and an expression are specified", idx.Name, idx.Bin)
	}
	if idx.Exp != nil && len(idx.Ctx) > 0 {
		// sindex_manager.c: "both 'context' and 'exp' are specified".
		return driver.Errorf(driver.ParameterError, "create index %s: both a context and an expression are specified", idx.Name)
	}
	ixCtx, err := clientCtx(idx.Ctx)
	if err != nil {
		return driver.Errorf(driver.ParameterError, "create index %s: %v", idx.Name, err)
	}
	var ixExp *as.Expression
	if idx.Exp != nil {
		var err error
		if ixExp, err = clientExp(idx.Exp); err != nil {
			return driver.Errorf(driver.ParameterError, "create index %s: %v", idx.Name, err)
		}
	}
	if strings.ContainsAny(idx.Bin+idx.Set, ";:=,") {
		return driver.Errorf(driver.ParameterError, "create index %s: set %q or bin %q contains an info-protocol separator", idx.Name, idx.Set, idx.Bin)
	}
	var it as.IndexType
	switch idx.Type {
	case driver.IndexNumeric:
		it = as.NUMERIC
	case driver.IndexString:
		it = as.STRING
	case driver.IndexBlob:
		it = as.BLOB
	case driver.IndexGeo2DSphere:
		it = as.GEO2DSPHERE
	default:
		return driver.Errorf(driver.ParameterError, "create index %s: unknown index type %s", idx.Name, idx.Type)
	}
	ict, err := collectionType(idx.Collection)
	if err != nil {
		return driver.Errorf(driver.ParameterError, "create index %s: %v", idx.Name, err)
	}
	ip, err := c.infoPolicy(ctx)
	if err != nil {
		return err
	}
	what := "create index " + idx.Namespace + "." + idx.Name
	if err := c.checkIndexAbsent(ctx, ip, idx, what); err != nil {
		return err
	}
	wp := c.writePolicy
	wp.TotalTimeout = ip.Timeout
	// CreateComplexIndex adds indextype= for a collection index (client.go
	// createIndex), as sindex-create takes it.
	// CreateIndexWithExpression sends exp= (base64) and no bin (server 8.1).
	var aerr as.Error
	if ixExp != nil {
		_, aerr = c.client.CreateIndexWithExpression(&wp, idx.Namespace, idx.Set, idx.Name, it, ict, ixExp)
	} else {
		// With a context the client adds context=<base64> (server 8.1).
		_, aerr = c.client.CreateComplexIndex(&wp, idx.Namespace, idx.Set, idx.Name, idx.Bin, it, ict, ixCtx...)
	}
	if aerr != nil {
		return c.wrap(ctx, aerr, what)
	}
	return c.wait(ctx, what, func(ip *as.InfoPolicy, polls int) (bool, error) {
		return c.indexBuilt(ip, idx.Namespace, idx.Name, polls)
	})
}

// collectionType returns the client's collection type of an index or
// filter (index_collection_type.go).
func collectionType(c driver.IndexCollection) (as.IndexCollectionType, error) {
	switch c {
	case driver.IndexDefault:
		return as.ICT_DEFAULT, nil
	case driver.IndexList:
		return as.ICT_LIST, nil
	case driver.IndexMapKeys:
		return as.ICT_MAPKEYS, nil
	case driver.IndexMapValues:
		return as.ICT_MAPVALUES, nil
	}
	return 0, fmt.Errorf("unknown collection type %s", c)
}

// checkIndexAbsent enforces driver.Conn's CreateIndex contract, which the
// server does not: since the sindex rewrite of server 6, sindex-create
// answers OK when an index of the same name and definition exists, and when
// the definition (namespace, set, bin, type) exists under another name it
// renames that index (sindex_manager.c as_sindex_manager_sindex_create,
// thr_info.c before 8.1: "'indexname' and defintion already exists",
// "Allow index renaming"), which would silently break the queries of the old
// name's users. Only a name taken by another definition is FAIL:200. So the
// driver lists the namespace's indexes first (sindex-list, answered from the
// cluster-wide SMD state) and reports IndexFound for either case. The check
// and the create are two commands: two clients racing on one name can still
// both succeed, as they would on the server itself.
func (c *Conn) checkIndexAbsent(ctx context.Context, ip *as.InfoPolicy, idx *driver.Index, what string) error {
	node, aerr := c.client.Cluster().GetRandomNode()
	if aerr != nil {
		return c.wrap(ctx, aerr, what)
	}
	cmd := "sindex-list:ns=" + idx.Namespace
	if atLeast81(node) {
		cmd = "sindex-list:namespace=" + idx.Namespace
	}
	if idx.Exp != nil || len(idx.Ctx) > 0 {
		// b64=true lists expressions and contexts in base64
		// (sindex_manager.c, server 8.1, the first with expression
		// indexes), to compare with their wire forms.
		cmd += ";b64=true"
	}
	resp, aerr := node.RequestInfo(ip, cmd)
	if aerr != nil {
		return c.wrap(ctx, aerr, what)
	}
	list := resp[cmd]
	entries := parseSindexList(list)
	if len(entries) == 0 || isInfoError(list) {
		// The server applies a sindex-create for a namespace it does not
		// have through SMD, where the item is skipped (sindex_manager.c
		// as_sindex_manager_smd_item_to_def): the command would answer OK
		// and the index never appear. Check the namespace here, when the
		// list cannot tell (an empty list, or an error answer).
		if c.namespaceUnknown(ip, idx.Namespace) {
			return driver.Errorf(driver.InvalidNamespace, "%s: namespace not found", what)
		}
		if isInfoError(list) {
			// A server that does not list: let sindex-create answer.
			return nil
		}
	}
	for _, ex := range entries {
		if ex.namespace != "" && ex.namespace != idx.Namespace {
			continue
		}
		if ex.name == idx.Name {
			return driver.Errorf(driver.IndexFound, "%s: an index of that name exists (set %q, bin %q, type %s)", what, ex.set, ex.bin, ex.typ)
		}
		if ex.sameDefinition(idx) {
			on := fmt.Sprintf("bin %q", idx.Bin)
			if idx.Exp != nil {
				on = "expression " + idx.Exp.String()
			}
			return driver.Errorf(driver.IndexFound, "%s: index %q already indexes set %q, %s as %s (the server would rename it)", what, ex.name, idx.Set, on, idx.Type)
		}
	}
	return nil
}

// sindexEntry is one index of a sindex-list answer.
type sindexEntry struct {
	namespace, name, set, bin, typ string
	indexType, context, exp        string
}

// sameDefinition reports whether the entry is an index on idx's set, bin
// or expression and context (both listed in base64, compared by wire form
// as sindex.c as_si_by_defn does), type and collection type: the
// definition the server keys its indexes by (sindex_manager.c
// build_smd_key). A server that does not list indextype has only default
// indexes.
func (e *sindexEntry) sameDefinition(idx *driver.Index) bool {
	it := e.indexType
	if it == "" {
		it = driver.IndexDefault.String()
	}
	sameExp := isNullField(e.exp)
	if idx.Exp != nil {
		sameExp = e.exp == base64.StdEncoding.EncodeToString(idx.Exp.AppendWire(nil))
	}
	sameCtx := isNullField(e.context)
	if len(idx.Ctx) > 0 {
		sameCtx = e.context == ctxBase64(idx.Ctx)
	}
	return e.set == idx.Set && e.bin == idx.Bin && strings.EqualFold(e.typ, idx.Type.String()) &&
		strings.EqualFold(it, idx.Collection.String()) &&
		sameCtx && sameExp
}

// clientCtx translates an index's or a filter's CDT context.
func clientCtx(ctx []driver.CDTContext) ([]*as.CDTContext, error) {
	if len(ctx) == 0 {
		return nil, nil
	}
	out := make([]*as.CDTContext, len(ctx))
	for i, c := range ctx {
		v, err := driver.Normalize(c.Value)
		if err != nil {
			return nil, fmt.Errorf("context step %d: %w", i, err)
		}
		out[i] = &as.CDTContext{Id: c.Type, Value: as.NewValue(clientArg(v))}
	}
	return out, nil
}

// ctxBase64 is a context as sindex-list b64=true lists it (the client's
// packing, base64).
func ctxBase64(ctx []driver.CDTContext) string {
	cc, err := clientCtx(ctx)
	if err != nil {
		return ""
	}
	s, aerr := as.CDTContextToBase64(cc)
	if aerr != nil {
		return ""
	}
	return s
}

func isNullField(v string) bool { return v == "" || strings.EqualFold(v, "null") }

// parseSindexList parses a sindex-list answer: entries separated by ';',
// fields "key=value" separated by ':' (sindex.c as_sindex_list_str:
// ns=NS:indexname=NAME:set=SET:bin=BIN:type=numeric:indextype=default:
// context=null:exp=null:state=RW; a set-less index has set=NULL; servers
// before 6 spelled the bin field "bins").
func parseSindexList(resp string) []sindexEntry {
	var out []sindexEntry
	for _, ent := range strings.Split(resp, ";") {
		ent = strings.TrimSpace(ent)
		if ent == "" {
			continue
		}
		var e sindexEntry
		for _, kv := range strings.Split(ent, ":") {
			k, v, ok := strings.Cut(kv, "=")
			if !ok {
				continue
			}
			switch k {
			case "ns", "namespace":
				e.namespace = v
			case "indexname":
				e.name = v
			case "set":
				if !isNullField(v) {
					e.set = v
				}
			case "bin", "bins":
				if !isNullField(v) {
					e.bin = v
				}
			case "type":
				e.typ = v
			case "indextype":
				e.indexType = v
			case "context":
				e.context = v
			case "exp":
				e.exp = v
			}
		}
		if e.name != "" {
			out = append(out, e)
		}
	}
	return out
}

// isInfoError reports an info answer that is an error line (FAIL:... or
// ERROR:...), as the client's parseInfoErrorCode recognises them.
func isInfoError(resp string) bool {
	u := strings.ToUpper(strings.TrimSpace(resp))
	return strings.HasPrefix(u, "FAIL") || strings.HasPrefix(u, "ERROR")
}

var loadPct = regexp.MustCompile(`load_pct=(\d+)`)

// indexBuilt asks every node for the index's load_pct, as the client's
// IndexTask.IsDone does (task_index.go): done when each node reports 100.
// A node that does not know the index yet is asked again; after 20 polls
// an answer without load_pct counts as built, as IndexTask does.
func (c *Conn) indexBuilt(ip *as.InfoPolicy, ns, name string, polls int) (bool, error) {
	for _, node := range c.client.GetNodes() {
		cmd := "sindex/" + ns + "/" + name
		if atLeast81(node) {
			cmd = "sindex-stat:namespace=" + ns + ";indexname=" + name
		}
		resp, err := node.RequestInfo(ip, cmd)
		if err != nil {
			return false, err
		}
		for _, r := range resp {
			m := loadPct.FindStringSubmatch(r)
			if m == nil {
				if polls > 20 {
					continue
				}
				return false, nil
			}
			if pct, _ := strconv.Atoi(m[1]); pct < 100 {
				return false, nil
			}
		}
	}
	return true, nil
}

// DropIndex removes an index with the sindex-delete info command. Unlike
// the client's DropIndex, which folds INDEX_NOTFOUND into success
// (client.go DropIndex), a missing index is IndexNotFound, and the wait for
// the index to disappear (sindex-exists, task_drop_index.go) honours ctx.
//
// A server of the sindex rewrite (6+) answers sindex-delete of an unknown
// name with OK (sindex_manager.c as_sindex_manager_sindex_delete:
// "'indexname' %s not found" then as_info_respond_ok); older ones answered
// FAIL:201. The driver therefore asks the node it sends the delete to
// whether the index exists (sindex-exists) first.
func (c *Conn) DropIndex(ctx context.Context, namespace, name string) error {
	if err := validIndexName(namespace, name); err != nil {
		return err
	}
	ip, err := c.infoPolicy(ctx)
	if err != nil {
		return err
	}
	what := "drop index " + namespace + "." + name
	node, aerr := c.client.Cluster().GetRandomNode()
	if aerr != nil {
		return c.wrap(ctx, aerr, what)
	}
	exists := "sindex-exists:ns=" + namespace + ";indexname=" + name
	if atLeast81(node) {
		exists = "sindex-exists:namespace=" + namespace + ";indexname=" + name
	}
	resp, aerr := node.RequestInfo(ip, exists)
	if aerr != nil {
		return c.wrap(ctx, aerr, what)
	}
	switch r := strings.TrimSpace(resp[exists]); {
	case r == "false" || isInfoError(r):
		// sindex-exists answers an unknown namespace with an error line
		// whose code varies with the version (or, on some, "false"):
		// check the namespace before reporting the index missing.
		if c.namespaceUnknown(ip, namespace) {
			return driver.Errorf(driver.InvalidNamespace, "%s: namespace not found", what)
		}
		if r == "false" {
			return driver.Errorf(driver.IndexNotFound, "%s: no index of that name", what)
		}
		return infoError(r, what)
	}
	cmd := "sindex-delete:ns=" + namespace + ";indexname=" + name
	if atLeast81(node) {
		cmd = "sindex-delete:namespace=" + namespace + ";indexname=" + name
	}
	resp, aerr = node.RequestInfo(ip, cmd)
	if aerr != nil {
		return c.wrap(ctx, aerr, what)
	}
	if r := resp[cmd]; !strings.EqualFold(r, "ok") {
		return infoError(r, what)
	}
	return c.wait(ctx, what, func(ip *as.InfoPolicy, _ int) (bool, error) {
		return c.indexGone(ip, namespace, name)
	})
}

// indexGone reports whether no node knows the index any more
// (task_drop_index.go IsDone: sindex-exists answers "false").
func (c *Conn) indexGone(ip *as.InfoPolicy, ns, name string) (bool, error) {
	for _, node := range c.client.GetNodes() {
		cmd := "sindex-exists:ns=" + ns + ";indexname=" + name
		if atLeast81(node) {
			cmd = "sindex-exists:namespace=" + ns + ";indexname=" + name
		}
		resp, err := node.RequestInfo(ip, cmd)
		if err != nil {
			return false, err
		}
		for _, r := range resp {
			if r != "false" {
				return false, nil
			}
		}
	}
	return true, nil
}

// wait polls check until it reports done, backing off from 10ms to 500ms,
// and gives up with ctx's error when ctx is done.
func (c *Conn) wait(ctx context.Context, what string, check func(*as.InfoPolicy, int) (bool, error)) error {
	interval := 10 * time.Millisecond
	for polls := 1; ; polls++ {
		ip, err := c.infoPolicy(ctx)
		if err != nil {
			return err
		}
		done, err := check(ip, polls)
		if err != nil {
			return c.wrap(ctx, err, what)
		}
		if done {
			return nil
		}
		t := time.NewTimer(interval)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
		interval = min(interval*2, 500*time.Millisecond)
	}
}

// Truncate removes the records of a set (or namespace) last updated before
// before, with the client's Truncate (truncate / truncate-namespace info
// commands; lut in nanoseconds). The zero time sends no lut: the server
// truncates to its own clock's now.
//
// The server refuses a lut past its clock ("command lut ... is in the
// future") and one before the Citrusleaf epoch ("would truncate to 0")
// (truncate.c as_truncate_cmd), with an answer that carries no result code;
// the driver checks both first (driver.CheckTruncateBefore, against the
// client's clock) and reports ParameterError naming the time.
// A namespace the server does not know is InvalidNamespace: the truncate
// command's error answer has no usable code on 7.x, so on failure the driver
// asks the node for its namespaces.
func (c *Conn) Truncate(ctx context.Context, namespace, set string, before time.Time) error {
	if err := driver.CheckNamespace(namespace); err != nil {
		return driver.Errorf(driver.ParameterError, "truncate: %s", msgOf(err))
	}
	what := "truncate " + namespace + "." + set
	if err := driver.CheckTruncateBefore(before, time.Now()); err != nil {
		return driver.Errorf(driver.ParameterError, "%s: %s", what, strings.TrimPrefix(msgOf(err), "truncate: "))
	}
	var lut *time.Time
	if !before.IsZero() {
		lut = &before
	}
	ip, err := c.infoPolicy(ctx)
	if err != nil {
		return err
	}
	if aerr := c.client.Truncate(ip, namespace, set, lut); aerr != nil {
		if !isTransportError(aerr) && c.namespaceUnknown(ip, namespace) {
			return &driver.Error{Code: driver.InvalidNamespace, Msg: what + ": namespace not found", Err: aerr}
		}
		return c.wrap(ctx, aerr, what)
	}
	return nil
}

// isTransportError reports an error of the client or the network rather
// than an answer of the server.
func isTransportError(err error) bool {
	code, _ := clientCode(err)
	return code <= 0 || code == types.TIMEOUT
}

// namespaceUnknown reports whether a node of the cluster answers the
// "namespaces" info command without ns. Any failure to ask reports false.
func (c *Conn) namespaceUnknown(ip *as.InfoPolicy, ns string) bool {
	node, err := c.client.Cluster().GetRandomNode()
	if err != nil {
		return false
	}
	resp, err := node.RequestInfo(ip, "namespaces")
	if err != nil {
		return false
	}
	list, ok := resp["namespaces"]
	if !ok || isInfoError(list) {
		return false
	}
	for _, n := range strings.Split(list, ";") {
		if strings.TrimSpace(n) == ns {
			return false
		}
	}
	return true
}

// atLeast81 reports whether the node runs server 8.1 or later, which renamed
// the sindex info commands' ns parameter to namespace (client.go
// createIndex).
func atLeast81(node *as.Node) bool {
	v := node.GetServerVersion()
	return v.Major > 8 || (v.Major == 8 && v.Minor >= 1)
}

var infoErrRE = regexp.MustCompile(`(?i)(fail|error)((:|=)(?P<code>[0-9]+))?((:|=)(?P<msg>.+))?`)

// infoError parses an info command's error answer (FAIL:201:msg or
// ERROR:201:msg) as the client's parseInfoErrorCode does (client.go); an
// answer without a code is SERVER_ERROR.
func infoError(resp, what string) error {
	code := types.SERVER_ERROR
	msg := resp
	if m := infoErrRE.FindStringSubmatch(resp); m != nil {
		if s := m[infoErrRE.SubexpIndex("code")]; s != "" {
			if n, err := strconv.Atoi(s); err == nil {
				code = types.ResultCode(n)
			}
		}
		if s := m[infoErrRE.SubexpIndex("msg")]; s != "" {
			msg = s
		}
	}
	return &driver.Error{Code: driver.ResultCode(code), Msg: what + ": " + msg}
}
