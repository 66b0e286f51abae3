package aerotest

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/internal/engine"
	"github.com/aerokit/aero/internal/wire"
)

// store is what the server needs from the storage engine: the operations
// of a driver.Conn that the wire protocol reaches, implemented by the
// in-memory engine (see newEngineStore).
type store interface {
	Get(ctx context.Context, policy *driver.ReadPolicy, key *driver.Key, bins []string) (*driver.Record, error)
	Put(ctx context.Context, policy *driver.WritePolicy, key *driver.Key, bins driver.Bins) error
	Delete(ctx context.Context, policy *driver.WritePolicy, key *driver.Key) (bool, error)
	Touch(ctx context.Context, policy *driver.WritePolicy, key *driver.Key) error
	Operate(ctx context.Context, policy *driver.WritePolicy, key *driver.Key, ops []driver.Operation) (*driver.Record, error)
	Scan(ctx context.Context, req *driver.QueryRequest) (driver.Rows, error)
	Query(ctx context.Context, req *driver.QueryRequest) (driver.Rows, error)
	CreateIndex(ctx context.Context, idx *driver.Index) error
	DropIndex(ctx context.Context, namespace, name string) error
	Truncate(ctx context.Context, namespace, set string, before time.Time) error
}

// Options configures a Server. The zero value serves namespace "test" on a
// free port of 127.0.0.1.
type Options struct {
	// Addr is the address to listen on; empty means "127.0.0.1:0" (a free
	// port).
	Addr string
	// Namespaces lists the namespaces served; empty means just "test".
	// The first one is the namespace of DSN.
	Namespaces []string
	// NodeName is the node name the server reports; empty means
	// "BB9AE20000000001". In a Cluster it is the prefix of the node names
	// (see RunCluster).
	NodeName string
	// ReplicationFactor is the number of copies of each partition in a
	// Cluster: 1 or 2; zero means 2 (1 for a single node). A lone Server
	// always has 1.
	ReplicationFactor int
	// ClusterName is the cluster name reported to clients that ask for
	// one; empty means "aerotest".
	ClusterName string
	// Build is the version reported by the build info command; empty means
	// "8.1.2.0", the reference server's. The client picks its protocol by
	// it: from 8.1 it names info parameters namespace= (not ns=), creates
	// indexes with bin=/type= (not indexdata=), polls sindex-stat and
	// query-show:id=, and sends user-agent-set on its tend connections.
	Build string
	// MaxFrameSize bounds the declared size of a request frame; a larger
	// one gets the connection closed. Zero means 128 MiB.
	MaxFrameSize int
	// Logf receives the server's log lines (rejected frames, accept
	// errors); nil means log.Printf.
	Logf func(format string, args ...any)
	// Edition is the server edition to imitate; the zero value is
	// Community (see Edition for what differs).
	Edition Edition
}

// Server is an in-process server that speaks the Aerospike wire protocol.
type Server struct {
	opts  Options
	store store
	eng   *engineStore // the same engine as store
	clock *engine.OffsetClock
	logf  func(format string, args ...any)
	topo  *topology // the partition table, shared by a Cluster's nodes
	idx   int       // this node's index in topo

	commands atomic.Int64 // commands served as master or replica
	proxied  atomic.Int64 // commands served for another node (proxy)

	namespaces []string
	nodeName   string

	ctx    context.Context
	cancel context.CancelFunc

	mu      sync.Mutex
	ln      net.Listener
	addr    string
	conns   map[net.Conn]struct{}
	running bool
	closed  bool
	hole    chan struct{} // non-nil while isolated; closed to end it
	wg      sync.WaitGroup

	closeOnce sync.Once

	faults faults

	imu     sync.Mutex
	indexes map[string]map[string]driver.Index // namespace -> name -> index
}

// NewServer starts a server for a test and closes it when the test ends.
// It fails the test if the server cannot start. Log lines go to t.Log.
func NewServer(t testing.TB, opts ...Option) *Server {
	t.Helper()
	var o Options
	o.Logf = t.Logf
	for _, f := range opts {
		f(&o)
	}
	s, err := Run(o)
	if err != nil {
		t.Fatalf("aerotest: %v", err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// Option changes the Options of NewServer.
type Option func(*Options)

// WithNamespaces makes the server serve the named namespaces.
func WithNamespaces(names ...string) Option {
	return func(o *Options) { o.Namespaces = names }
}

// WithOptions replaces every option with o (Logf is kept when o has none).
func WithOptions(o Options) Option {
	return func(dst *Options) {
		logf := dst.Logf
		*dst = o
		if dst.Logf == nil {
			dst.Logf = logf
		}
	}
}

// Run starts a server with opts. It returns once the server is listening.
func Run(opts Options) (*Server, error) {
	sh, err := newShared(opts, 1)
	if err != nil {
		return nil, err
	}
	s, err := sh.run(opts)
	if err != nil {
		return nil, err
	}
	s.topo.mu.Lock()
	s.topo.balanceLocked()
	s.topo.mu.Unlock()
	return s, nil
}

// shared is what the nodes of a cluster (or a lone server) share: the
// store, its clock and the partition table.
type shared struct {
	namespaces []string
	store      store
	eng        *engineStore
	clock      *engine.OffsetClock
	topo       *topology
}

func newShared(opts Options, rf int) (*shared, error) {
	sh := &shared{namespaces: opts.Namespaces, clock: &engine.OffsetClock{}, topo: newTopology(rf)}
	if len(sh.namespaces) == 0 {
		sh.namespaces = []string{"test"}
	}
	for _, ns := range sh.namespaces {
		if err := driver.CheckNamespace(ns); err != nil {
			return nil, fmt.Errorf("aerotest: %w", err)
		}
	}
	if err := checkEdition(opts.Edition); err != nil {
		return nil, err
	}
	es, err := newEngineStore(sh.namespaces, sh.clock, opts.Edition.engine())
	if err != nil {
		return nil, err
	}
	sh.eng, sh.store = es, es
	return sh, nil
}

// run starts one node on the shared state; the caller balances the
// topology once every node is added.
func (sh *shared) run(opts Options) (*Server, error) {
	s := &Server{
		opts:       opts,
		logf:       opts.Logf,
		conns:      map[net.Conn]struct{}{},
		indexes:    map[string]map[string]driver.Index{},
		clock:      sh.clock,
		store:      sh.store,
		eng:        sh.eng,
		namespaces: sh.namespaces,
		topo:       sh.topo,
	}
	if s.logf == nil {
		s.logf = log.Printf
	}
	s.nodeName = opts.NodeName
	if s.nodeName == "" {
		s.nodeName = "BB9AE20000000001"
	}
	if s.opts.ClusterName == "" {
		s.opts.ClusterName = "aerotest"
	}
	if s.opts.Build == "" {
		s.opts.Build = "8.1.2.0"
	}
	if s.opts.MaxFrameSize <= 0 {
		s.opts.MaxFrameSize = wire.DefaultMaxFrame
	}
	s.ctx, s.cancel = context.WithCancel(context.Background())
	addr := opts.Addr
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	if err := s.listen(addr); err != nil {
		s.cancel()
		return nil, err
	}
	s.idx = sh.topo.add(s)
	running.Store(s.Addr(), s)
	return s, nil
}

// listen starts serving on addr. The listener, the running state and the
// accept goroutine's count change together under s.mu, so that a Close
// that takes the lock after it waits for the goroutine, and a Close that
// took it before makes it fail.
func (s *Server) listen(addr string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return errors.New("aerotest: Start on a closed server")
	}
	if s.running {
		return nil
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("aerotest: listen on %s: %w", addr, err)
	}
	s.ln = ln
	s.addr = ln.Addr().String()
	s.running = true
	s.wg.Add(1)
	go s.accept(ln)
	return nil
}

func (s *Server) accept(ln net.Listener) {
	defer s.wg.Done()
	for {
		c, err := ln.Accept()
		if err != nil {
			if !errors.Is(err, net.ErrClosed) {
				s.logf("aerotest: accept: %v", err)
			}
			return
		}
		s.mu.Lock()
		if !s.running {
			s.mu.Unlock()
			c.Close()
			continue
		}
		s.conns[c] = struct{}{}
		s.wg.Add(1)
		s.mu.Unlock()
		go s.serveConn(c)
	}
}

// Addr returns the server's address, host:port.
func (s *Server) Addr() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.addr
}

// Host returns the host the server listens on.
func (s *Server) Host() string {
	h, _, _ := net.SplitHostPort(s.Addr())
	return h
}

// Port returns the port the server listens on.
func (s *Server) Port() int {
	_, p, _ := net.SplitHostPort(s.Addr())
	n, _ := strconv.Atoi(p)
	return n
}

// DSN returns the DSN that opens aero on this server's first namespace:
// aerospike://HOST:PORT/NAMESPACE.
func (s *Server) DSN() string {
	return "aerospike://" + s.Addr() + "/" + s.namespaces[0]
}

// Namespaces returns the namespaces the server serves.
func (s *Server) Namespaces() []string { return append([]string(nil), s.namespaces...) }

// Stop closes the listener and every connection but keeps the data, so that
// Start can serve it again on the same port: clients see a node going down.
// It also ends an isolation (see Cluster.Isolate).
func (s *Server) Stop() {
	s.mu.Lock()
	if s.hole != nil {
		close(s.hole)
		s.hole = nil
	}
	if !s.running {
		s.mu.Unlock()
		return
	}
	s.running = false
	ln := s.ln
	conns := make([]net.Conn, 0, len(s.conns))
	for c := range s.conns {
		conns = append(conns, c)
	}
	s.mu.Unlock()
	ln.Close()
	for _, c := range conns {
		c.Close()
	}
}

// Start listens again on the address of the last listener after Stop. It
// is a no-op on a running server and an error on a closed one.
func (s *Server) Start() error {
	s.mu.Lock()
	addr := s.addr
	s.mu.Unlock()
	return s.listen(addr)
}

// isolate makes the server answer nothing: frames read on any connection,
// old or new, leave it hanging until Stop (or Close).
func (s *Server) isolate() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.hole == nil {
		s.hole = make(chan struct{})
	}
}

// isolated returns the channel a hanging connection waits on, nil when the
// server answers.
func (s *Server) isolated() <-chan struct{} {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.hole == nil {
		return nil
	}
	return s.hole
}

// serving reports whether the server listens and answers.
func (s *Server) serving() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.running && s.hole == nil
}

// OpenConnections returns the number of client connections the server
// holds open.
func (s *Server) OpenConnections() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.conns)
}

// Commands returns the number of single-record and batch-key commands the
// server ran for partitions it holds, and Proxied the number it ran for
// another node (a client that routes by partition proxies none).
func (s *Server) Commands() int64 { return s.commands.Load() }

// Proxied returns the number of commands run for another node's partition:
// the server proxies them to the partition's master (thr_tsvc.c
// as_proxy_divert), which this model does on the shared store.
func (s *Server) Proxied() int64 { return s.proxied.Load() }

// Restart is Stop then Start on the same port.
func (s *Server) Restart() error {
	s.Stop()
	return s.Start()
}

// DropConnections closes every open client connection; the listener stays
// up, so clients reconnect.
func (s *Server) DropConnections() {
	s.mu.Lock()
	conns := make([]net.Conn, 0, len(s.conns))
	for c := range s.conns {
		conns = append(conns, c)
	}
	s.mu.Unlock()
	for _, c := range conns {
		c.Close()
	}
}

// Close stops the server and waits for its goroutines. It is idempotent,
// and every call returns once the goroutines are done.
func (s *Server) Close() error {
	s.closeOnce.Do(func() {
		s.mu.Lock()
		s.closed = true
		s.mu.Unlock()
		s.Stop()
		s.cancel()
		s.wg.Wait()
		running.CompareAndDelete(s.Addr(), s)
	})
	return nil
}

// serveConn reads frames from c and answers them in order until the client
// closes the connection, a frame is malformed, or the server stops.
func (s *Server) serveConn(c net.Conn) {
	defer s.wg.Done()
	defer func() {
		s.mu.Lock()
		delete(s.conns, c)
		s.mu.Unlock()
		c.Close()
	}()
	defer func() {
		if r := recover(); r != nil {
			s.logf("aerotest: %s: internal error, connection closed: %v", c.RemoteAddr(), r)
		}
	}()
	br := bufio.NewReaderSize(c, 32<<10)
	bw := bufio.NewWriterSize(c, 32<<10)
	for {
		f, err := wire.ReadFrame(br, s.opts.MaxFrameSize)
		if err != nil {
			if !errors.Is(err, io.EOF) && !errors.Is(err, net.ErrClosed) && s.ctx.Err() == nil {
				if errors.Is(err, wire.ErrFrame) {
					s.logf("aerotest: %s: %v; connection closed", c.RemoteAddr(), err)
				}
			}
			return
		}
		if hole := s.isolated(); hole != nil {
			// An isolated node answers nothing: the request hangs until the
			// isolation ends (the connection then closes) or the server
			// closes.
			select {
			case <-hole:
			case <-s.ctx.Done():
			}
			return
		}
		if f.Type == wire.TypeAdmin {
			// Security commands (login, users, roles): a Community server
			// without security answers SECURITY_NOT_ENABLED, which the
			// client's login takes as "no login needed" (login_command.go).
			if !s.faults.beforeReply(false) {
				return
			}
			_, _ = bw.Write(wire.AdminReplyFrame(uint8(driver.SecurityNotEnabled)))
		} else if f.Type == wire.TypeInfo {
			if !s.faults.beforeReply(false) {
				return
			}
			_, _ = bw.Write(wire.InfoFrame(s.handleInfo(f.Body)))
		} else {
			m, err := wire.ParseMessage(f.Body)
			if err != nil {
				s.logf("aerotest: %s: %v; connection closed", c.RemoteAddr(), err)
				return
			}
			if !s.faults.beforeReply(true) {
				return
			}
			if code, refused := s.compressedRefused(); refused && f.Compressed {
				_, _ = bw.Write(wire.MessageFrame(&wire.Message{Info3: wire.Info3Last, ResultCode: code}))
			} else if code, ok := s.faults.failNext(); ok {
				_, _ = bw.Write(wire.MessageFrame(&wire.Message{Info3: wire.Info3Last, ResultCode: code}))
			} else if err := s.handleMessage(bw, m); err != nil {
				s.logf("aerotest: %s: %v; connection closed", c.RemoteAddr(), err)
				return
			}
		}
		if err := bw.Flush(); err != nil {
			return
		}
	}
}
