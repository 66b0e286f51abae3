// Package mapper maps Go structs to Aerospike bins and back.
//
// A Plan, built once per struct type by PlanFor and cached, turns a struct
// into a bin map (map[string]any) whose values are the canonical bin values
// of package driver (nil, bool, int64, float64, string, []byte, []any and
// map[any]any with int64, float64 or string keys), and a bin map back into
// the struct. Decode also accepts what aerospike-client-go returns when it
// reads a record (int for integers, float32 inside lists and maps,
// map[string]any, integer 0/1 for bools). The package imports only the
// standard library and the project's std-only value model
// (internal/value).
//
// # Field names
//
// Every exported field is mapped, to a bin named after the field (Name →
// bin "Name"), as aerospike-client-go does (marshal.go fieldAlias).
// Unexported fields are ignored. A tag changes this:
//
//	aero:"name,opt,opt..."
//
// The name part is the bin name; empty keeps the field name. A tag of
// exactly "-" skips the field ("-," names a bin "-"). Top-level bin names
// must be 1 to 15 bytes (the server's limit); names of fields of nested
// structs are map keys and have no such limit. Two fields with the same
// name, including fields promoted from embedded structs, are an error (the
// client panics on them; this package does not apply Go's "shallowest
// wins" rule to bins). Plan.Field resolves a Go field name, or a dotted
// path through embedded structs, to its bin, aliases and Go type, with an
// error saying why a field is not a bin.
//
// Options:
//
//   - omitempty: the bin is not written when the value is empty as
//     encoding/json and the client define it (false, 0, "", nil pointer or
//     interface, empty slice, map, array or string; a struct is never
//     empty).
//   - omitzero: the bin is not written when the value is the zero value, or
//     when its IsZero() bool method reports true (time.Time).
//   - key: the field is the record's user key (string, any integer type,
//     []byte). It is not a bin: the key lives in the record's metadata
//     (sent with the write when the policy's SendKey is set), which is what
//     Aerospike's newer object mappers do (java-object-mapper's storeInPkOnly,
//     Spring Data Aerospike). Add the option bin (`aero:"id,key,bin"`) to
//     also write it as a bin of that name; Decode then fills it from the
//     bin. See Plan.Key and Plan.SetKey.
//   - gen: the field receives the record's generation on read; not a bin.
//     Any integer type. See Plan.Generation and Plan.SetGeneration.
//   - ttl: the field holds the record's TTL: the remaining TTL on read, the
//     TTL to write with on write; not a bin. A time.Duration, or an integer
//     type holding seconds. A negative duration means "never expires"; an
//     integer field holds it as the client does, math.MaxUint32 seconds.
//     See Plan.TTL, Plan.SetTTL and Plan.WritesTTL.
//   - alias=old: the field was stored in bin old before a rename; repeat
//     the option for several (`aero:"name,alias=nm,alias=n"`). See Renaming
//     a bin below.
//   - index: the bin has a secondary index (`aero:"age,index"`), as Spring
//     Data's @Indexed declares one. Its type comes from the field's:
//     NUMERIC for integer kinds and time.Time, STRING for string kinds (a
//     pointer is indexed as what it points to). On a slice or array field
//     it declares a collection index of the list's elements (LIST, the
//     type from the element's: `aero:"tags,index"` on []string); a map
//     field names what its index holds, the keys or the values
//     (`aero:"attrs,index=keys"`, `aero:"counts,index=values"`, MAPKEYS or
//     MAPVALUES), and the bare option on a map is an error. Any other
//     field or element type (floats, bools, blobs, structs, nested
//     collections, types with their own encoding) is an error at plan time
//     naming the field. Only top-level bins can be indexed.
//     Plan.Indexes lists them (FieldInfo.Index); aero's Repo.EnsureIndexes
//     creates them and its query planner uses them.
//
// An unknown option, or more than one of key, gen and ttl, is an error.
// Key, gen and ttl are honoured at the top level only (and in structs
// embedded in it); in a nested struct such fields are skipped, as the client
// skips asm fields there.
//
// Plan.Field (and Plan.FieldOfBin) is the one description of a field that
// callers use instead of walking the type themselves: its bin and aliases,
// its Go type, and its TypeInfo, what the field is stored as (Kind: an
// integer, a time, a list, a map, a struct, a type with its own encoding...)
// with the types of a list's elements and a map's keys and values.
// TypeInfoOf describes any Go type the same way, by the rules the codecs
// follow.
//
// # aerospike-client-go tags
//
// A field without an aero tag follows the client's own tags exactly, so
// that a struct written with the client's PutObject reads through this
// package and the reverse:
//
//	as:"name"             bin name; "-" skips; empty keeps the field name
//	as:"name,omitempty"   omitempty as above (the client looks for
//	                      ",omitempty" anywhere in the tag)
//	asm:"gen"             generation, as gen above
//	asm:"ttl"             remaining TTL in seconds on read, as ttl above;
//	                      the client never writes it (Plan.WritesTTL)
//	as:",key"             the user key, as key above (the key option of
//	                      the client's newer object API); as:"id,key" also
//	                      writes it to bin id, as aero:"id,key,bin" does
//
// A field with both as and asm tags, or an asm value other than gen or ttl,
// is an error (the client panics). Several gen and ttl fields are allowed,
// as in the client: all of them are set on read. When a field has an aero
// tag, its as and asm tags are ignored.
//
// # Renaming a bin
//
// A field read from older bin names lets a service rename a bin without
// migrating its records:
//
//	Name string `aero:"name,alias=nm"`
//
// Decode reads the bin name when it is present (not missing and not nil:
// Aerospike has no nil bins), else the first alias present, in the order
// of the tag. Encode writes the current name only, never an alias: a
// write cannot delete the old bin (the server refuses a bin delete in a
// replace: write.c write_master_policies, "bin delete can't have
// record-level replace flag"), and it need not, since the current bin wins
// on read once it is written. Plan.BinNames lists the aliases after the
// bins, so that a read selecting bins fetches them, and a read-modify-write
// that deletes the stored bins of the type it did not write (the root
// package's Repo.Modify) removes the old bin, which finishes the rename
// for that record. Remove the alias once no record holds the old bin;
// until then, code that deletes the field's bin by hand must delete its
// aliases too, or a later read finds the old value again.
//
// Aliases follow the rules of bin names: an alias equal to the field's own
// name, to another field's bin or alias, or repeated, is an error at plan
// time naming the field; a top-level alias is at most 15 bytes. In a
// nested struct, aliases are read from the map the same way (a nested
// struct is always written whole, under its current keys). Key, gen and
// ttl fields that are not bins, and flattened embedded structs (alias their
// fields instead), take no alias. Plan.Field reports a field's aliases.
//
// # Embedded structs
//
// An embedded struct (not a pointer to one), exported or not, is flattened:
// its fields are bins of the outer struct, as the client does (marshal.go
// setBinMap). as and asm tags on the embedded field itself are ignored, as
// the client ignores them; `aero:"-"` skips it and `aero:"name"` stores it
// as a nested map in bin name. An embedded pointer to a struct is an
// ordinary field named after its type: a nested map (the client does the
// same). An unexported embedded pointer or non-struct is ignored (the
// client writes it but cannot read it back).
//
// # Types
//
//   - bool: bool. Decode also accepts the integers 0 and 1, which the
//     client writes for bools unless UseNativeBoolTypeInReflection is set.
//   - int, int8..int64: int64. uint..uint64: int64; a uint or uint64 above
//     math.MaxInt64 is an error, never a wrap. Decode checks ranges: 300
//     into an int8, or -1 into a uint, is an error. A float never decodes
//     into an integer.
//   - float32, float64: float64. Decode widens integers to floats; a value
//     beyond float32's range into a float32 is an error.
//   - string: string.
//   - []byte (any slice of a byte kind): blob; nil is a nil bin.
//   - driver.HLL (hll.HLL): an HLL bin, never a blob (HLL operations on a
//     blob are BIN_TYPE_ERROR on the server); only an HLL bin decodes into it.
//   - [N]byte: blob (the client writes a list of integers, and reads either
//     into a byte array); Decode accepts a blob or a list of exactly N.
//   - other slices and arrays: lists; an array needs a list of exactly N.
//   - maps with string, integer, float or interface keys: maps. Other key
//     types (structs, bools, pointers...) are an error.
//   - structs: maps keyed by their fields' names, by the rules above; a
//     missing key leaves the field's zero value.
//   - pointers: the value pointed to; nil is a nil bin. Decode always
//     allocates a fresh value.
//   - interfaces: the canonical value of what they hold, by the value
//     model's one normalizer, the one driver.Normalize is (any integer
//     kind to int64, float32 to float64, named basic kinds to their kind,
//     typed slices and maps to lists and maps, a nil one to an empty one),
//     except that this package encodes the types it owns (structs,
//     pointers, time.Time, marshalers) by the rules here wherever they
//     appear. Decode into an empty interface yields canonical values, made
//     by the same normalizer; a non-empty interface cannot be decoded into.
//   - time.Time: int64 nanoseconds since 1970 (the client's UnixNano),
//     decoded in time.Local as the client does; times outside 1678..2262
//     are an error, except the zero time, which is stored as the client
//     stores it (the wrapped UnixNano of year 1) and decodes back to the
//     zero time.
//   - time.Duration: int64 nanoseconds (it is an int64, as for the client).
//   - Marshaler/Unmarshaler: MarshalAero's result, normalised; a type must
//     implement both. Checked before time.Time and TextMarshaler.
//   - encoding.TextMarshaler with *T implementing TextUnmarshaler: a
//     string.
//   - chan, func, complex, uintptr, unsafe.Pointer: an error naming the
//     field path, reported by PlanFor (and so by aero.Register at start-up).
//
// Recursive types (a struct holding a pointer to, a slice of or a map of
// itself) are supported; a cyclic value is an error after 128 levels.
//
// # Decoding
//
// Decode overwrites every bin field: a missing or nil bin (with no alias
// present) sets its zero value, so a reused struct keeps nothing stale. Bins no field maps are
// ignored. A value of the wrong type is an error naming the field path, the
// bin, the type found and the type wanted, for example:
//
//	mapper: User.Address.Zip (bin "addr"): cannot decode string into int8
//
// Decoded []byte values share memory with the bin map. DecodeInto decodes
// into a *T without handling reflect values.
//
// Decoding the commonest values (strings, int64 and int, float64, bool,
// int32 and uint32 with range checks, []string, map[string]int, *string)
// takes fast paths that give exactly the general codecs' results, errors
// included; a test and a fuzz target hold them to it.
//
// # Errors
//
// Every failure is an *Error naming the path. No input makes this package
// panic.
package mapper
