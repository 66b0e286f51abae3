// Package aero is a data-access library for the Aerospike database: a typed
// Session over a small driver interface (database/sql style), and a struct
// mapper that turns tagged Go structs into bins and back.
//
// This comment is the manual; the README is the front door (quickstart, DSNs,
// where things are).
//
// # Opening a Session
//
// Open a Session with a DSN whose scheme picks the driver. The embedded
// in-memory backend, for tests, needs no import; a cluster needs the
// Aerospike driver's, as database/sql programs import their driver:
//
//	import _ "github.com/aerokit/aero/driver/aerospike"
//
//	s, err := aero.Open(ctx, "aerospike://127.0.0.1:3000/test") // a cluster
//	s, err := aero.Open(ctx, "memory://test")                   // in memory, for tests
//
// A program that does not import the Aerospike driver never links
// aerospike-client-go; an aerospike:// DSN then fails with an error naming the
// import. The DSN options are in the packages driver/aerospike and
// driver/memory. NewSession wraps a driver.Conn opened by other means. For
// what aero does not wrap, the client is one call away:
//
//	c, ok := aerospike.Client(s.Conn()) // *as.Client; ok is false on another backend
//
// Untyped calls take a Key and Bins; typed repositories map structs, keyed
// by the type of their key field:
//
//	type User struct {
//		ID    string        `aero:"id,key"`
//		Name  string        `aero:"name"`
//		Gen   uint32        `aero:",gen"`
//		TTL   time.Duration `aero:",ttl"`
//	}
//	users, err := aero.NewRepo[User, string](s, "users")
//	err = users.Put(ctx, &User{ID: "u1", Name: "Ada"})
//	u, err := users.Get(ctx, "u1")
//
// # Struct tags
//
// A field of a struct mapped by a Repo is stored in one bin. Its tag is
//
//	aero:"name,option,option..."
//
// where name is the bin name (at most 15 bytes; empty keeps the field's Go
// name) and the options are:
//
//   - omitempty: an empty value (false, 0, "", nil, empty slice or map) is
//     not written; omitzero: a zero value (or IsZero() true) is not written.
//     Put then leaves the stored bin as it was; Replace drops it.
//   - key: the field is the record's user key (string, any integer kind or
//     []byte). It is not a bin: Repo.Put takes the key from it and reads
//     fill it in (the Session stores the key with the record by default).
//     key,bin also writes it to a bin of that name.
//   - gen: the field (an integer kind) receives the record's generation on
//     read and makes writes check-and-set; it is not a bin.
//   - ttl: the field (time.Duration, or an integer kind holding seconds)
//     receives the remaining TTL on read (NeverExpire for a record that
//     does not expire) and sets the TTL on write (DefaultTTL, NeverExpire,
//     KeepTTL or a duration); not a bin.
//   - alias=old: the field was stored in bin old before a rename; reads
//     fall back to it, writes use the new name (repeat for several).
//   - index: the bin has a secondary index, as Spring Data's @Indexed
//     declares one: NUMERIC for integer and time.Time fields, STRING for
//     strings. On a slice or array field it declares a collection index of
//     its elements (`aero:"tags,index"` on []string: LIST, STRING); a map
//     field says what its index holds, `aero:"attrs,index=keys"` (MAPKEYS)
//     or `aero:"votes,index=values"` (MAPVALUES), typed by the keys or
//     values. Other types (floats, bools, blobs, nested collections,
//     custom encodings, a bare index on a map) are refused when the plan is
//     built, naming the field.
//
// aero:"-" skips a field; an untagged exported field is the bin of its Go
// name. Fields without an aero tag but with aerospike-client-go's tags
// (as:"bin", asm:"gen", asm:"ttl", as:",key") are mapped as the client maps
// them, so records written by the client's PutObject read back through aero
// and the reverse. Nil pointers, slices, maps and interfaces are absent
// bins. Embedded structs are flattened; nested structs are maps. A
// time.Time is stored as Unix nanoseconds, as the client stores it. Types
// that implement Marshaler and Unmarshaler store themselves as one value.
// The full grammar, the value representations and the decoding rules are
// in package mapper. Register checks a type at start-up rather than at its
// first call; BinName names a field's bin.
//
// A Repo speaks Go field names, never bin names: the conditions of Where
// (Field), WithIndex and WithCollectionIndex, WithBins on a Repo's reads,
// scans and queries, Add and FieldOp all take a field's Go name (or its
// dotted path through embedded structs) and map it to its bin through the
// mapper's plan (mapper.Plan.Field, the one description of what a field is:
// its bin, its kind, its elements' and keys' types). A name that is not such
// a field, a bin name included, is ErrInvalidArgument naming the type and
// the name. The Session's calls speak bin names.
//
// # Errors
//
// A returned error means the call failed. Problems of one record travel in
// the result, not in the call's error: a batch returns one outcome per
// record (BatchResults, Items), a page of a scan lists the records that did
// not decode (Page.Failed). Iterators (Scan, Query, Query.All) yield a
// record's failure in its place and go on if the loop does.
//
// Every error is an *Error for errors.As, carrying the operation, the
// namespace, set and key, the result code and whether a write is in doubt
// (IsInDoubt), and matches a sentinel and its family with errors.Is,
// arranged as Aerospike's result-code taxonomy:
//
//   - ErrRecord: ErrNotFound, ErrExists, ErrGeneration, ErrRecordTooBig,
//     ErrBinName, ErrBinExists, ErrBinNotFound, ErrBinType, ErrFilteredOut,
//     and for list, map and bit operations ErrElementNotFound,
//     ErrElementExists and ErrOpNotApplicable.
//   - ErrServer: ErrIndexNotFound, ErrIndexExists, ErrQuery,
//     ErrQueryAborted, ErrAdmin, ErrUDF.
//   - ErrCluster, ErrTimeout (a context deadline included), ErrInvalidArgument
//     (refused before anything is sent), and ErrClient (ErrDecode: a record
//     that does not decode into the Go type).
//
// SentinelFor is the one table from result code to sentinel; backends report
// codes and never build sentinels. The message says each thing once:
//
//	aero: GET test.users key="ada": record not found (KEY_NOT_FOUND_ERROR 2)
//
// # Writes, TTLs and absent bins
//
// Every write sets the record's TTL, as the server does: to the namespace's
// default-ttl unless WithTTL (or a struct's ttl field) says otherwise, so a
// Put, an Operate or an Add on an existing record restarts its clock; pass
// WithTTL(KeepTTL) to keep it. Repo.Modify keeps it by default.
//
// In the untyped calls a bin set to nil is deleted. In a Repo, a nil
// pointer, slice, map or interface field (and an omitempty zero) is an
// absent bin: Put leaves the stored bin as it was, Replace leaves it out of
// the new record, and Modify deletes it (Modify writes back exactly the
// struct it read, and leaves alone the bins the struct does not map).
// Modify and ModifyOrCreate read, apply a function and write back under a
// generation check, retrying a lost race (WithConflictRetries, WithBackoff);
// an error of the function is returned as it is.
//
// # Options
//
// Every option is a With... function, typed by what it configures, and a
// call takes only the options it uses: an option a call would ignore does
// not compile there (DropIndex takes an Index, not scan options).
//
//   - Option configures a Session (Open, NewSession): WithHooks,
//     WithLogger, WithDefaultSendKey; WithOptions combines several into
//     one. The integration modules (otelaero, promaero, logbridge) return
//     Options too, built on seams that are not public API (internal/seam).
//   - WriteOption configures one write: WithTTL, WithGeneration,
//     WithSendKey, WithDurableDelete, WithFilterExp.
//   - ReadOption configures one read (Get, GetHeader, Exists, the batch
//     reads): WithFilterExp, WithBins, WithReplica, WithReadModeAP,
//     WithReadModeSC (translated to the client's policies; the memory
//     backend, with one copy of each record, ignores them). BatchOption
//     configures a whole BatchOperate: WithFilterExp and the routing options.
//   - ModifyOption configures one Modify: every WriteOption but
//     WithGeneration, plus WithConflictRetries (generation conflicts, not
//     the driver's retries of a failed command) and WithBackoff.
//   - RepoOption, ScanOption, QueryOption, TruncateOption: WithNamespace
//     places a Repo, a scan or query, or a truncate in another namespace
//     than the Session's; WithBins narrows what a read, a scan or a query
//     returns (bin names on a Session, Go field names on a Repo); WithIndex,
//     WithCollectionIndex and RequireIndex steer a typed query;
//     WithLastUpdateBefore limits a truncate.
//
// There is no timeout option: a call's deadline is its context's, which the
// Aerospike driver turns into the command's total timeout.
//
// # Filters
//
// WithFilterExp makes any call conditional on an expression (package exp)
// evaluated on the server: a write leaves a record it does not match as it
// is and fails with ErrFilteredOut (a write that creates the record does not
// evaluate it); a read of a record it does not match is ErrFilteredOut, and
// a missing record is what it is without the filter (ErrNotFound for Get and
// GetHeader, false and no error for Exists); a batch gives each record it
// does not match its own ErrFilteredOut; a scan or query skips them. The
// server's rules hold on every backend: no type coercion, a missing bin is
// unknown and an unknown filter does not match.
//
// # Typed queries
//
// A typed query language for Repo[T]: conditions name T's Go fields,
// resolved through the mapper's plan when the condition is built, so that a
// misspelt field or a value of another type is an error naming the field,
// long before a record is read:
//
//	adults := aero.Field[User]("Age").Ge(18)
//	q, err := repo.Where(aero.And(adults, aero.Field[User]("City").Eq("Paris")), aero.WithIndex("City"))
//	fmt.Println(q.Explain()) // index on "city" (field City): city == Paris (the only indexed predicate), then filter ...
//	for u, err := range q.All(ctx) { ... }
//
// A query compiles to at most one secondary-index filter (a predicate of a
// top-level conjunction on a field with an index, declared in T's tags or
// by WithIndex) and a filter expression for the rest, evaluated on the
// server; with no usable index it scans with the filter, and RequireIndex
// makes that ErrIndexNotFound. The same conditions make conditional writes
// and filtered scans: Cond.Exp gives the expression for WithFilterExp. Where is
// the one way to query a Repo: Query.All and Query.Page run it (with
// ScanOptions: WithBins of Go field names, WithFilterExp, WithNamespace).
//
// Conditions on the elements of a list field and the keys and values of a
// map field (Contains, ContainsBetween, ContainsKey, ContainsKeyBetween,
// ContainsValue, ContainsValueBetween) are each a filter expression (a count
// of the matching elements above zero) and, when the bin has a collection
// index of that kind (declared in T's tags or by WithCollectionIndex), the
// query's index filter. Elements compared are integers, times and strings,
// those a collection index holds. As the server does, a contains range query
// can return a record once per burst of index entries, so more than once.
//
// Repo.Indexes lists the indexes T's tags declare and Repo.EnsureIndexes
// creates the missing ones (an existing index is not an error).
// Session.Query and Session.QueryPage take a Filter on a bin (Equal, Range,
// Contains, ContainsRange; OnExpression and OnIndex for expression
// indexes); Decode maps their records into a struct.
//
// # Scans, queries and pages
//
// Scan, Query and a typed Query's All return an iter.Seq2 read as the loop
// goes; ScanPage, QueryPage and a typed Query's Page return a Page with its Items and a Cursor (Page.Next) that
// resumes where the page ended, in a later call or another process. A
// cursor carries the scan's filter: a page asked with another filter than
// its cursor's is ErrInvalidArgument. A page may hold fewer items than its
// size even when more follow; Page.Next is empty at the end. Collect reads
// an iterator into a slice.
//
// # Batches
//
// A batch call returns one outcome per record, in the order of the request,
// and an error only when the call itself failed: the request could not be
// made or failed as a whole (a node timed out, say), in which case the
// outcomes known are still returned and the records whose outcome is
// unknown carry the request's error, in doubt for writes. A record refused
// before the call (a bad key, a value that does not encode) is an outcome
// too, with its *Error, and the other records are sent. A missing record
// read by BatchGet is Found == false, not an error.
//
// # Operations on lists, maps, bits and HyperLogLogs
//
// Operate applies several operations to one record atomically: the bin
// operations of this package (GetOp, PutOp, AddOp, ...), and the list and
// map operations of package cdt, the bit operations of package bitop and the
// HyperLogLog operations of package hll, each turned into an Op with its
// Operation method. On a Repo, FieldOp writes or reads one typed field
// alone: it takes a bin operation (PutOp, AddOp, AppendOp, PrependOp,
// GetOp), a list or map, bit or HLL operation naming T's Go field, stores
// values as the mapper stores that field (a time.Time as its nanoseconds, a
// struct element as its map), and refuses an operation or a value that does
// not fit the field's kind.
//
// # Operate results
//
// Operate returns an OperateResult: each op's result at the op's index,
// read with typed accessors (Int, Float, String, Bool, Bytes, List, Map,
// Bins, Value) or decoded into any Go type as the mapper decodes a field
// (Decode: a list into a []string, a list of maps into a []Address), with
// the record's key, generation and TTL after the call. Ops on one bin do not
// mix: a list op returning indexes and a get by index on the same bin are
// results 0 and 1, whatever the other ops answered.
//
//	res, err := s.Operate(ctx, key, []aero.Op{
//		cdt.ListAppend("tags", "go").Operation(),      // 0: the new size
//		aero.AddOp("visits", 1),                        // 1: a write, no result
//		cdt.ListGetRangeFrom("tags", 0).Operation(),    // 2: the list
//	})
//	size, err := res.Int(0)
//	var tags []string
//	err = res.Decode(2, &tags)
//
// Reads and list, map, bit-read and HLL ops have a result; writes (PutOp,
// AddOp, AppendOp, PrependOp, TouchOp, DeleteOp, GetHeaderOp) have none, and
// asking for theirs is ErrInvalidArgument. A result can be empty (a missing
// bin, a list op with nothing to return): Value returns nil, a typed
// accessor an error. A result of another type matches ErrDecode; every
// error names the op's index, the op and its bin. The same OperateResult
// comes back from a write of BatchOperate (BatchResult.Result) and from
// Repo.BatchOperate, which applies the same ops to many keys in one call
// and reports each key's result and error.
//
// Under the hood the server answers the ops of one bin in one list; when
// two ops with a result target one bin, the drivers ask it for an answer
// per op (respond-all-ops), so that an empty result keeps its place
// (driver.Operation, driver.SharesResultBin).
//
// # Lua UDFs
//
// RegisterUDF registers a Lua module (a module that does not compile is
// ErrUDF with the server's file, line and message), ListUDFs and RemoveUDF
// manage them. Apply runs a record UDF on one record and returns its value
// as a Result (Result.Decode, or ApplyAs[T], decodes it as the mapper
// decodes a field); Repo.Apply takes T's key. Background runs a UDF or write
// operations on every record a scan or query selects and returns a Job to
// Wait on. Aggregate runs a stream UDF over a query and yields its values
// (AggregateAs[T] decodes them); the final reduce runs on the client, as the
// Aerospike client runs it. A failure of the function is ErrUDF, and
// UDFMessage gives the server's message ("mod.lua:3: message"). The memory
// backend and aerotest run the engine's Lua runtime (gopher-lua) with the
// server's UDF environment (the record module, aerospike:create, update,
// exists and remove, list, map, bytes, logging, the stream operations).
// Where it differs from the server: gopher-lua is Lua 5.1 with float64
// numbers where the server runs Lua 5.4 with integers (a number Lua returns
// is an integer when it is integral, so 2.0 comes back 2; integers above
// 2^53 lose precision when Lua computes with them; Lua 5.3+ syntax, floor
// division and the bitwise operators, does not compile); only the base, table,
// string and math libraries are open; a call is bounded by its context's
// deadline (1 s by default) and by 256 MiB of heap growth; each call starts
// from the globals the module left when it loaded; runtime error messages
// are gopher-lua's; and an aggregation on the memory backend returns
// integers where the client's own reduce returns floats.
//
// # Geospatial data
//
// Package geo holds the GeoJSON values the server stores (geo.Point,
// geo.Circle, geo.Polygon, geo.JSON); a struct field of one of these types
// is a GeoJSON bin, and the index tag option on it declares a GEO2DSPHERE
// index. FieldRef.WithinRadius, WithinRegion and ContainsPoint are typed
// conditions (the geo compare expression, and the query's index filter on an
// indexed field); GeoWithin, GeoWithinRadius and GeoContaining are the index
// filters for Session.Query. Matching is the server's strict
// S2 matching on every backend; a value the server refuses is
// ErrInvalidArgument (GEO_INVALID_GEOJSON).
//
// # Hooks and the call skeleton
//
// Every call of a Session runs through one skeleton: the key, the policy
// from the options, the hooks' Before, one driver call, the mapping of its
// error to an *Error, the hooks' After. Batches, scans (through their
// iteration) and index commands run the same hooks and the same error
// mapping around their one driver call. A Hook (HookFuncs for a partial one)
// sees an OpInfo: the Command (CmdGet, CmdPut, ...; OpInfo.Write says which
// write a PUT was), namespace, set, batch size and server address. With no
// hook installed a call allocates nothing extra. OpenTelemetry, Prometheus
// and log/slog integrations are modules of their own (otelaero, promaero,
// logbridge), so that requiring aero brings none of their dependencies.
//
// # Testing
//
// Package aerotest gives a fresh in-memory Session per test (NewSession),
// moves its clock (FastForward) so TTL expiry needs no sleep, and runs an
// in-process server speaking the Aerospike wire protocol (NewServer,
// NewCluster) for code that uses the Aerospike driver or the client itself.
// New backends implement driver.Driver and run driver/drivertest, the
// conformance suite.
package aero
