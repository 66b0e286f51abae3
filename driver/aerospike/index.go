package aerospike

import (
	"context"
	"regexp"
	"strconv"
	"strings"
	"time"

	as "github.com/aerospike/aerospike-client-go/v8"
	"github.com/aerospike/aerospike-client-go/v8/types"

	"github.com/aerokit/aero/driver"
)

// infoPolicy returns the timeout of an info command under ctx: the
// configured total timeout (1s by default), bounded by ctx's deadline.
func (c *Conn) infoPolicy(ctx context.Context) (*as.InfoPolicy, error) {
	if err := c.begin(ctx); err != nil {
		return nil, err
	}
	bp := c.readPolicy
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
		// server: INAME_MAX_SZ; the info protocol answers INDEX_NAME_MAXLEN.
		return driver.Errorf(driver.IndexNameMaxLen, "index name %.20q... is longer than %d bytes", name, driver.MaxIndexNameLen)
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
	if idx.Bin == "" {
		return driver.Errorf(driver.ParameterError, "create index %s: bin is empty", idx.Name)
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
	default:
		return driver.Errorf(driver.ParameterError, "create index %s: unknown index type %s", idx.Name, idx.Type)
	}
	ip, err := c.infoPolicy(ctx)
	if err != nil {
		return err
	}
	wp := c.writePolicy
	wp.TotalTimeout = ip.Timeout
	what := "create index " + idx.Namespace + "." + idx.Name
	if _, aerr := c.client.CreateIndex(&wp, idx.Namespace, idx.Set, idx.Name, idx.Bin, it); aerr != nil {
		return c.wrap(ctx, aerr, what)
	}
	return c.wait(ctx, what, func(ip *as.InfoPolicy, polls int) (bool, error) {
		return c.indexBuilt(ip, idx.Namespace, idx.Name, polls)
	})
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
	cmd := "sindex-delete:ns=" + namespace + ";indexname=" + name
	if atLeast81(node) {
		cmd = "sindex-delete:namespace=" + namespace + ";indexname=" + name
	}
	resp, aerr := node.RequestInfo(ip, cmd)
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
// commands; lut in nanoseconds).
func (c *Conn) Truncate(ctx context.Context, namespace, set string, before time.Time) error {
	if namespace == "" {
		return driver.NewError(driver.ParameterError, "truncate: namespace is empty")
	}
	ip, err := c.infoPolicy(ctx)
	if err != nil {
		return err
	}
	var lut *time.Time
	if !before.IsZero() {
		lut = &before
	}
	if aerr := c.client.Truncate(ip, namespace, set, lut); aerr != nil {
		return c.wrap(ctx, aerr, "truncate "+namespace+"."+set)
	}
	return nil
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
