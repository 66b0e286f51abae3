package aero

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"time"

	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/mapper"
)

// KeyType is the constraint on the key type of a Repo: the Go types of an
// Aerospike user key, a string, an integer or a byte slice (named types
// included).
type KeyType interface {
	~string | ~[]byte |
		~int | ~int8 | ~int16 | ~int32 | ~int64 |
		~uint | ~uint8 | ~uint16 | ~uint32 | ~uint64
}

// Repo is a typed repository of the records of one set, mapped to the
// struct type T with the tags described in tags.go, and keyed by K. The set
// (and the namespace, when it is not the Session's) is declared once, at
// NewRepo.
//
// K is the type of T's key field, or one of the same kind (a string, an
// integer or a byte slice kind): the record's digest depends on the key's
// kind, so NewRepo refuses a K of another kind than the key field's, and a
// Repo[User, string] cannot be asked for the record of 5. Without a key
// field, methods that take a value (Put, Insert...) fail with
// ErrInvalidArgument, and records are reached by the key argument of Get,
// Delete and the like. A gen field makes writes check-and-set: a value read
// with generation g is written only if the record is still at g
// (ErrGeneration otherwise), and a successful write refreshes the field. A
// ttl field carries the remaining TTL on read and the TTL to set on write.
type Repo[T any, K KeyType] struct {
	s    *Session
	plan *mapper.Plan
	ns   string
	set  string
	// indexed are the bins (and what of them) T's tags declare an index
	// on (the index option), which the query planner uses without
	// WithIndex.
	indexed []indexedBin
	// getInfo is what the hooks see of the Repo's reads (Repo.get).
	getInfo OpInfo
}

// NewRepo returns the repository of T's records in set, keyed by K. It
// builds (or finds cached) T's mapping plan, so a type that cannot be
// mapped is reported here, with the field path at fault, and it checks K
// against T's key field.
func NewRepo[T any, K KeyType](s *Session, set string, opts ...RepoOption) (*Repo[T, K], error) {
	if s == nil {
		return nil, invalidArgument("REPO", "", set, errors.New("nil Session"))
	}
	o := repoOptions{ns: s.ns}
	for _, fn := range opts {
		if fn != nil {
			fn.applyRepo(&o)
		}
	}
	plan, err := planOf[T]()
	if err != nil {
		return nil, invalidArgument("REPO", o.ns, set, err)
	}
	if set == "" {
		// A scan or query with no set covers the whole namespace: a Repo
		// on "" would decode every set's records into T.
		return nil, invalidArgument("REPO", o.ns, set, errors.New("set name is empty (records of no set are reached with the Session's untyped calls)"))
	}
	if len(set) > driver.MaxSetNameLen {
		return nil, invalidArgument("REPO", o.ns, set, fmt.Errorf("set name %q is %d bytes (max %d)", set, len(set), driver.MaxSetNameLen))
	}
	if err := checkKeyType(plan, reflect.TypeFor[K]()); err != nil {
		return nil, invalidArgument("REPO", o.ns, set, err)
	}
	r := &Repo[T, K]{s: s, plan: plan, ns: o.ns, set: set}
	r.getInfo = s.opInfo(CmdGet, "", r.ns, r.set, 0)
	for _, f := range plan.Indexes() {
		r.indexed = append(r.indexed, indexedBin{f.Bin, collectionOf(f.IndexOn)})
	}
	return r, nil
}

// planOf returns the mapping plan of the struct type T.
func planOf[T any]() (*mapper.Plan, error) {
	t := reflect.TypeFor[T]()
	switch {
	case t.Kind() == reflect.Pointer && t.Elem().Kind() == reflect.Struct:
		return nil, fmt.Errorf("type %s is a pointer: use the struct type %s (values are passed and returned as %s)", t, t.Elem(), t)
	case t.Kind() != reflect.Struct:
		return nil, fmt.Errorf("type %s is not a struct: records map to struct types", t)
	}
	return mapper.PlanFor(t)
}

// keyKind names the kind of user key a Go type gives: the kinds have
// different digests.
func keyKind(t reflect.Type) string {
	switch k := t.Kind(); {
	case k == reflect.String:
		return "string"
	case k >= reflect.Int && k <= reflect.Int64, k >= reflect.Uint && k <= reflect.Uint64:
		return "integer"
	case k == reflect.Slice && t.Elem().Kind() == reflect.Uint8:
		return "bytes"
	}
	return t.String()
}

// checkKeyType checks that a key of type k addresses the records of the
// plan's key field: the same kind of user key.
func checkKeyType(plan *mapper.Plan, k reflect.Type) error {
	if !plan.HasKey() {
		return nil
	}
	// The plan reports the key of a zero value in its canonical type: "",
	// int64 or []byte.
	uk, err := plan.Key(reflect.New(plan.Type()).Elem())
	if err != nil {
		return err
	}
	field := keyKind(reflect.TypeOf(uk))
	if want := keyKind(k); want != field {
		return fmt.Errorf("key type %s is not the kind of %s's key field (a %s key): use a %s type for K", k, plan.Type(), field, field)
	}
	return nil
}

// Session returns the repository's Session.
func (r *Repo[T, K]) Session() *Session { return r.s }

// Namespace returns the repository's namespace.
func (r *Repo[T, K]) Namespace() string { return r.ns }

// Set returns the repository's set.
func (r *Repo[T, K]) Set() string { return r.set }

// Key returns the Key of the record with user key k in the repository.
func (r *Repo[T, K]) Key(k K) Key { return Key{Namespace: r.ns, Set: r.set, Value: k} }

// DigestKey returns the Key of the record with digest d in the repository.
func (r *Repo[T, K]) DigestKey(d Digest) Key { return Key{Namespace: r.ns, Set: r.set, Digest: d} }

func (r *Repo[T, K]) dkey(op Command, k K) (*driver.Key, error) {
	dk, err := driver.NewKey(r.ns, r.set, k)
	if err != nil {
		return nil, invalidArgument(op, r.ns, r.set, fmt.Errorf("key: %w", err))
	}
	return dk, nil
}

// cmd starts the command op on the record with user key k.
func (r *Repo[T, K]) cmd(op Command, write WriteKind, k K) (cmd, error) {
	dk, err := r.dkey(op, k)
	if err != nil {
		return cmd{}, err
	}
	return r.s.cmdKey(op, write, dk), nil
}

func (r *Repo[T, K]) digestCmd(op Command, d Digest) cmd {
	return r.s.cmdKey(op, "", &driver.Key{Namespace: r.ns, Set: r.set, Digest: d})
}

// decode maps a driver record into a new T, with key, generation and TTL;
// dk is the key read when the record does not carry its own.
func (r *Repo[T, K]) decode(op Command, rec *driver.Record, dk *driver.Key) (*T, error) {
	v := new(T)
	if err := r.decodeInto(op, rec, dk, v); err != nil {
		return nil, err
	}
	return v, nil
}

func (r *Repo[T, K]) decodeInto(op Command, rec *driver.Record, dk *driver.Key, v *T) error {
	return r.decodeWith(op, rec, nil, dk, v)
}

// decodeWith is decodeInto of a record whose bins convert turns into
// driver values (driver.DecodeGetter); nil when they are already.
func (r *Repo[T, K]) decodeWith(op Command, rec *driver.Record, convert func(any) (any, error), dk *driver.Key, v *T) error {
	if rec.Key != nil && (rec.Key.UserKey != nil || dk == nil) {
		dk = rec.Key
	}
	var uk any
	if dk != nil {
		uk = dk.UserKey
	}
	if err := decodeStruct(r.plan, rec.Bins, convert, uk, rec.Generation, ttlOf(rec.Expiration), reflect.ValueOf(v)); err != nil {
		return decodeError(op, r.ns, r.set, dk, err)
	}
	return nil
}

// decodeStruct is the one decoding of a record into a struct: bins (each
// read through convert when it is not nil, see mapper.Plan.DecodeWith),
// user key (when the type has a key field and the key is known), generation
// and TTL. rv is a pointer to the struct, or the struct, addressable.
func decodeStruct(plan *mapper.Plan, bins Bins, convert func(any) (any, error), userKey any, gen uint32, ttl time.Duration, rv reflect.Value) error {
	if err := plan.DecodeWith(bins, rv, convert); err != nil {
		return err
	}
	if plan.HasKey() && userKey != nil {
		if err := plan.SetKey(rv, userKey); err != nil {
			return err
		}
	}
	if plan.HasGeneration() {
		if err := plan.SetGeneration(rv, gen); err != nil {
			return err
		}
	}
	if plan.HasTTL() {
		return plan.SetTTL(rv, ttl)
	}
	return nil
}

// setMeta stores a record's generation and TTL into v's gen and ttl fields.
func setMeta(plan *mapper.Plan, rv reflect.Value, gen, exp uint32) error {
	if err := plan.SetGeneration(rv, gen); err != nil {
		return err
	}
	return plan.SetTTL(rv, ttlOf(exp))
}

// Get reads the record with user key k. A missing record is ErrNotFound;
// with WithFilterExp, a record the filter does not match is ErrFilteredOut.
// WithBins names Go fields of T (as Field does): only their bins are
// read, and T's other fields are left zero.
func (r *Repo[T, K]) Get(ctx context.Context, k K, opts ...ReadOption) (*T, error) {
	if len(opts) > 0 {
		return r.getWith(ctx, k, opts)
	}
	dk, err := r.dkey(CmdGet, k)
	if err != nil {
		return nil, err
	}
	v := new(T)
	if _, err := r.get(ctx, dk, nil, nil, v); err != nil {
		return nil, err
	}
	return v, nil
}

// getWith is Get with options, kept out of Get so that Get's frame holds
// no command: a read's stack depth costs throughput (issue 18).
func (r *Repo[T, K]) getWith(ctx context.Context, k K, opts []ReadOption) (*T, error) {
	c, err := r.cmd(CmdGet, "", k)
	if err == nil {
		err = r.withRead(&c, opts)
	}
	if err != nil {
		return nil, err
	}
	v := new(T)
	if _, err := r.get(ctx, c.key, c.read, c.bins, v); err != nil {
		return nil, err
	}
	return v, nil
}

// GetByDigest reads the record with digest d: a record whose user key was
// not stored, found by a scan (Record.Key.Digest, or PageFailure). The key
// field of the value read is left empty when the record has no stored key.
func (r *Repo[T, K]) GetByDigest(ctx context.Context, d Digest, opts ...ReadOption) (*T, error) {
	c := r.digestCmd(CmdGet, d)
	if err := r.withRead(&c, opts); err != nil {
		return nil, err
	}
	v := new(T)
	if _, err := r.get(ctx, c.key, c.read, c.bins, v); err != nil {
		return nil, err
	}
	return v, nil
}

// withRead applies the options of a read of T's bins to c: WithBins
// names Go fields, read from their bins (and aliases).
func (r *Repo[T, K]) withRead(c *cmd, opts []ReadOption) error {
	if err := c.withRead(opts, readBins); err != nil {
		return err
	}
	bins, err := r.binsOf(c.info.Name, c.bins)
	c.bins = bins
	return err
}

// binsOf maps the Go field paths WithBins names on a Repo to the bins
// they are read from: each field's bin and its aliases. A name that is not
// a field of T stored in a bin is ErrInvalidArgument naming T and the
// name.
func (r *Repo[T, K]) binsOf(op Command, fields []string) ([]string, error) {
	if len(fields) == 0 {
		return nil, nil
	}
	bins := make([]string, 0, len(fields))
	for _, f := range fields {
		fi, err := r.plan.Field(f)
		if err != nil {
			return nil, invalidArgument(op, r.ns, r.set, fmt.Errorf("WithBins: %w", err))
		}
		bins = append(append(bins, fi.Bin), fi.Aliases...)
	}
	return bins, nil
}

// get reads the record at dk (bins and read as a cmd holds them) and
// decodes it into v under one hooked GET, whose hooks see a decode failure
// too: exec written out, with no cmd (see exec).
func (r *Repo[T, K]) get(ctx context.Context, dk *driver.Key, read *driver.ReadPolicy, bins []string, v *T) (*driver.Record, error) {
	s := r.s
	ctx, sp := s.begin(ctx, &r.getInfo)
	var rec *driver.Record
	var convert func(any) (any, error)
	var err error
	if s.dget != nil {
		rec, convert, err = s.dget.GetForDecode(ctx, read, dk, bins)
	} else {
		rec, err = s.conn.Get(ctx, read, dk, bins)
	}
	if err == nil {
		err = r.decodeWith(CmdGet, rec, convert, dk, v)
	}
	if err != nil {
		return nil, sp.end(fail(&r.getInfo, dk, err))
	}
	sp.end(nil)
	return rec, nil
}

// Exists reports whether the record with user key k exists (see
// Session.Exists for a filter).
func (r *Repo[T, K]) Exists(ctx context.Context, k K, opts ...ReadOption) (bool, error) {
	c, err := r.cmd(CmdExists, "", k)
	if err == nil {
		err = c.withRead(opts, readExists)
	}
	if err != nil {
		return false, err
	}
	return exec(ctx, r.s, &c, existsCall)
}

// Delete removes the record with user key k and reports whether it existed.
func (r *Repo[T, K]) Delete(ctx context.Context, k K, opts ...WriteOption) (bool, error) {
	c, err := r.cmd(CmdDelete, "", k)
	if err != nil {
		return false, err
	}
	return r.delete(ctx, &c, opts)
}

// DeleteByDigest removes the record with digest d (see GetByDigest) and
// reports whether it existed.
func (r *Repo[T, K]) DeleteByDigest(ctx context.Context, d Digest, opts ...WriteOption) (bool, error) {
	c := r.digestCmd(CmdDelete, d)
	return r.delete(ctx, &c, opts)
}

func (r *Repo[T, K]) delete(ctx context.Context, c *cmd, opts []WriteOption) (bool, error) {
	if err := c.withPolicy(driver.Update, opts, 0, 0); err != nil {
		return false, err
	}
	return exec(ctx, r.s, c, deleteCall)
}

// Touch resets the TTL of the record with user key k (the namespace default
// unless WithTTL says otherwise). A missing record is ErrNotFound.
func (r *Repo[T, K]) Touch(ctx context.Context, k K, opts ...WriteOption) error {
	c, err := r.cmd(CmdTouch, "", k)
	if err == nil {
		err = c.withPolicy(driver.Update, opts, 0, 0)
	}
	if err != nil {
		return err
	}
	_, err = exec(ctx, r.s, &c, touchCall)
	return err
}

// Operate applies ops atomically to the record with user key k (see
// Session.Operate) and returns each op's result in op order. Build list and
// map ops on T's Go fields with FieldOp, and decode a result into a field's
// Go type with OperateResult.Decode.
func (r *Repo[T, K]) Operate(ctx context.Context, k K, ops []Op, opts ...WriteOption) (*OperateResult, error) {
	c, err := r.cmd(CmdOperate, "", k)
	if err == nil {
		err = c.withPolicy(driver.Update, opts, 0, 0)
	}
	if err != nil {
		return nil, err
	}
	c.ops = ops
	return exec(ctx, r.s, &c, operateCall)
}

// Add adds delta to the integer field of T named field (its Go name, or
// dotted path through embedded structs) in the record with user key k, in
// one round trip, and returns the new value. A time field takes a delta
// of nanoseconds (see FieldOp); a field of another kind is
// ErrInvalidArgument naming T and the field.
func (r *Repo[T, K]) Add(ctx context.Context, k K, field string, delta int64, opts ...WriteOption) (int64, error) {
	op, err := r.FieldOp(AddOp(field, delta))
	if err != nil {
		return 0, err
	}
	return r.s.Add(ctx, r.Key(k), op.Bin, delta, opts...)
}

// Put writes v, creating the record or merging its bins into the existing
// one (bins of fields left out by omitempty or nil pointers keep their
// stored values; use Replace to drop them).
func (r *Repo[T, K]) Put(ctx context.Context, v *T, opts ...WriteOption) error {
	return r.write(ctx, WritePut, v, opts)
}

// Insert creates the record of v; an existing record is ErrExists.
func (r *Repo[T, K]) Insert(ctx context.Context, v *T, opts ...WriteOption) error {
	return r.write(ctx, WriteInsert, v, opts)
}

// Update merges v into the existing record; a missing record is ErrNotFound.
func (r *Repo[T, K]) Update(ctx context.Context, v *T, opts ...WriteOption) error {
	return r.write(ctx, WriteUpdate, v, opts)
}

// Replace creates the record of v or replaces all its bins, so that the
// stored record holds exactly v's bins.
func (r *Repo[T, K]) Replace(ctx context.Context, v *T, opts ...WriteOption) error {
	return r.write(ctx, WriteReplace, v, opts)
}

// encode returns the command writing v (key and policy) and v's bins.
func (r *Repo[T, K]) encode(op Command, kind WriteKind, v *T, opts []WriteOption) (cmd, Bins, error) {
	fail := func(err error) (cmd, Bins, error) { return cmd{}, nil, invalidArgument(op, r.ns, r.set, err) }
	if v == nil {
		return fail(fmt.Errorf("nil *%s", r.plan.Type()))
	}
	rv := reflect.ValueOf(v).Elem()
	uk, err := r.plan.Key(rv)
	if err != nil {
		return fail(err)
	}
	dk, err := driver.NewKey(r.ns, r.set, uk)
	if err != nil {
		return fail(fmt.Errorf("key: %w", err))
	}
	bins, err := r.plan.Encode(rv)
	if err != nil {
		return cmd{}, nil, encodeError(op, r.ns, r.set, err)
	}
	// A nil value (nil interface, map or slice) means the bin is absent:
	// not written, so that Put never deletes a stored bin by accident and
	// Replace, which the server refuses with a bin delete, works.
	for name, v := range bins {
		if v == nil {
			delete(bins, name)
		}
	}
	if len(bins) == 0 {
		// The server rejects a write with no bin op (write.c:
		// write_master_policies, PARAMETER_ERROR); say why up front.
		return fail(fmt.Errorf("%s value has no bin to write", r.plan.Type()))
	}
	var gen uint32
	var ttl time.Duration
	if r.plan.HasGeneration() && kind != WriteInsert {
		if gen, err = r.plan.Generation(rv); err != nil {
			return fail(err)
		}
	}
	if r.plan.WritesTTL() {
		if ttl, err = r.plan.TTL(rv); err != nil {
			return fail(err)
		}
	}
	c := r.s.cmdKey(op, kind, dk)
	if err := c.withPolicy(kind.action(), opts, gen, ttl); err != nil {
		return cmd{}, nil, err
	}
	return c, bins, nil
}

// refreshes reports whether a write reads back the header for T's gen or
// ttl field.
func (r *Repo[T, K]) refreshes() bool { return r.plan.HasGeneration() || r.plan.HasTTL() }

func (r *Repo[T, K]) write(ctx context.Context, kind WriteKind, v *T, opts []WriteOption) error {
	c, bins, err := r.encode(CmdPut, kind, v, opts)
	if err != nil {
		return err
	}
	if !r.refreshes() {
		c.put = bins
		_, err := exec(ctx, r.s, &c, putCall)
		return err
	}
	// The struct wants its generation and TTL back: write and read the
	// header in one round trip. Read ops are allowed with record-level
	// replace (server write.c: write_master_policies forbids only modify,
	// touch and bin-delete ops with it).
	c.ops = append(putOps(bins), GetHeaderOp())
	return r.writeRefresh(ctx, &c, reflect.ValueOf(v).Elem())
}

// writeRefresh runs c, whose ops write bins and read the header, and
// stores the generation and TTL after the write into rv's gen and ttl
// fields.
func (r *Repo[T, K]) writeRefresh(ctx context.Context, c *cmd, rv reflect.Value) error {
	_, err := exec(ctx, r.s, c, func(ctx context.Context, c cmd) (struct{}, error) {
		rec, err := c.s.conn.Operate(ctx, c.policy, c.key, c.ops)
		if err != nil {
			return struct{}{}, err
		}
		if err := setMeta(r.plan, rv, rec.Generation, rec.Expiration); err != nil {
			return struct{}{}, decodeError(c.info.Name, r.ns, r.set, c.key, err)
		}
		return struct{}{}, nil
	})
	return err
}

func sameKey(a, b any) bool {
	switch x := a.(type) {
	case []byte:
		y, ok := b.([]byte)
		return ok && string(x) == string(y)
	}
	return a == b
}
