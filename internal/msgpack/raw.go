package msgpack

// Raw strings: the expression language packs names (bins, variables) and
// regular expressions as MessagePack str without a particle type byte
// (client packer.go packRawString; server exp.c reads them with
// msgpack_get_bin).

// AppendRawStr appends s as a MessagePack str with no particle type byte.
func AppendRawStr(b []byte, s string) []byte {
	b = appendStrHeader(b, len(s))
	return append(b, s...)
}

// Peek returns the type byte of the next value without consuming it; ok is
// false at the end of the buffer.
func (d *Decoder) Peek() (t byte, ok bool) {
	if d.off >= len(d.b) {
		return 0, false
	}
	return d.b[d.off], true
}

// Str reads a MessagePack str or bin and returns its bytes as they are
// (particle type byte included when there is one). The bytes alias the
// decoder's buffer.
func (d *Decoder) Str() ([]byte, error) {
	t, err := d.u8()
	if err != nil {
		return nil, err
	}
	var n uint64
	switch {
	case t&0xe0 == 0xa0:
		n = uint64(t & 0x1f)
	case t == 0xd9 || t == 0xc4:
		n, err = d.uN(1)
	case t == 0xda || t == 0xc5:
		n, err = d.uN(2)
	case t == 0xdb || t == 0xc6:
		n, err = d.uN(4)
	default:
		return nil, valueErr("want a string at offset %d, found type 0x%02x", d.off-1, t)
	}
	if err != nil {
		return nil, err
	}
	if err := d.need(int(n)); err != nil {
		return nil, err
	}
	p := d.b[d.off : d.off+int(n)]
	d.off += int(n)
	return p, nil
}
