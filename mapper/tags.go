package mapper

import (
	"reflect"
	"strings"
)

// Tag names. aeroTag is this package's; asTag and asmTag are
// aerospike-client-go's defaults (marshal.go: aerospikeTag = "as",
// aerospikeMetaTag = "asm").
const (
	aeroTag = "aero"
	asTag   = "as"
	asmTag  = "asm"
)

// aliasOpt is the prefix of the alias option: `aero:"name,alias=old"`.
const aliasOpt = "alias="

// indexOpt declares a secondary index on the field's bin:
// `aero:"age,index"`.
const indexOpt = "index"

type metaKind uint8

const (
	metaNone metaKind = iota
	metaKey
	metaGen
	metaTTL
)

type omitMode uint8

const (
	omitNever omitMode = iota
	omitEmpty          // json's and the client's isEmptyValue
	omitZero           // reflect.Value.IsZero, or an IsZero() bool method
)

// tagInfo is a field's parsed tags.
type tagInfo struct {
	name    string
	aliases []string // older names, in the order they are tried on decode
	skip    bool
	omit    omitMode
	meta    metaKind
	keyBin  bool
	index   bool // the index option
	asm     bool
	hasTag  bool // an aero tag is present (its rules apply, not the client's)
}

func parseTags(f reflect.StructField) (tagInfo, error) {
	if tag, ok := f.Tag.Lookup(aeroTag); ok {
		return parseAeroTag(f, tag)
	}
	return parseClientTags(f)
}

// parseAeroTag parses `aero:"name,opt,opt..."` (the grammar is in doc.go).
func parseAeroTag(f reflect.StructField, tag string) (tagInfo, error) {
	ti := tagInfo{hasTag: true}
	name, opts, hasOpts := strings.Cut(tag, ",")
	if name == "-" && !hasOpts {
		ti.skip = true
		return ti, nil
	}
	ti.name = name
	bin := false
	if opts != "" {
		for o := range strings.SplitSeq(opts, ",") {
			var m metaKind
			switch {
			case o == "omitempty":
				ti.omit = omitEmpty
				continue
			case o == "omitzero":
				ti.omit = omitZero
				continue
			case o == "bin":
				bin = true
				continue
			case o == indexOpt:
				ti.index = true
				continue
			case strings.HasPrefix(o, indexOpt+"="):
				return ti, errorf("option %q in tag `aero:%q`: the index option takes no value (its type comes from the field's; collection indexes are not supported)", o, tag)
			case strings.HasPrefix(o, aliasOpt):
				a := o[len(aliasOpt):]
				if a == "" {
					return ti, errorf("empty alias in tag `aero:%q`", tag)
				}
				ti.aliases = append(ti.aliases, a)
				continue
			case o == "key":
				m = metaKey
			case o == "gen":
				m = metaGen
			case o == "ttl":
				m = metaTTL
			default:
				return ti, errorf("unknown option %q in tag `aero:%q`", o, tag)
			}
			if ti.meta != metaNone && ti.meta != m {
				return ti, errorf("tag `aero:%q` has more than one of key, gen, ttl", tag)
			}
			ti.meta = m
		}
	}
	if bin {
		if ti.meta != metaKey {
			return ti, errorf("option bin in tag `aero:%q` is only valid with key", tag)
		}
		ti.keyBin = true
	}
	if ti.meta != metaNone && !ti.keyBin {
		if ti.omit != omitNever {
			return ti, errorf("tag `aero:%q`: omitempty/omitzero apply to bins, not to key, gen or ttl", tag)
		}
		if ti.aliases != nil {
			return ti, errorf("tag `aero:%q`: alias applies to bins, not to key, gen or ttl", tag)
		}
		if ti.index {
			return ti, errorf("tag `aero:%q`: index applies to bins, not to key, gen or ttl (a key written as a bin, with the bin option, can be indexed)", tag)
		}
	}
	if ti.name == "" {
		ti.name = f.Name
	}
	return ti, nil
}

// parseClientTags applies aerospike-client-go's rules (marshal.go
// fillMapping, fieldAlias, fieldIsOmitOnEmpty, fieldIsMetadata): the name is
// the part of the as tag before the first comma, trimmed of spaces; "-"
// skips the field; ",omitempty" anywhere in it omits empty values; a
// non-blank asm tag makes the field metadata ("gen" or "ttl"), and having
// both is an error.
func parseClientTags(f reflect.StructField) (tagInfo, error) {
	var ti tagInfo
	full := f.Tag.Get(asTag)
	as, opts, hasOpts := strings.Cut(full, ",")
	as = strings.TrimSpace(as)
	asm := strings.TrimSpace(f.Tag.Get(asmTag))
	if asm != "" {
		if as != "" {
			return ti, errorf("field has both `as` and `asm` tags (aerospike-client-go rejects this too)")
		}
		ti.asm = true
		ti.name = f.Name
		switch asm {
		case "gen":
			ti.meta = metaGen
		case "ttl":
			ti.meta = metaTTL
		default:
			return ti, errorf("invalid metadata tag `asm:%q` (want gen or ttl)", asm)
		}
		return ti, nil
	}
	if as == "-" {
		ti.skip = true
		return ti, nil
	}
	ti.name = as
	if ti.name == "" {
		ti.name = f.Name
	}
	if strings.Contains(full, ",omitempty") {
		ti.omit = omitEmpty
	}
	// The key option of the client's newer object API: as:",key" marks the
	// user key, which lives in the record's key, not in a bin; with a name
	// (as:"id,key") the value is also written to that bin, the way
	// aero:"id,key,bin" does.
	if hasOpts {
		for o := range strings.SplitSeq(opts, ",") {
			if strings.TrimSpace(o) == "key" {
				ti.meta = metaKey
				ti.keyBin = as != ""
				ti.omit = omitNever
			}
		}
	}
	return ti, nil
}
