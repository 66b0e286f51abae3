package aero

import (
	"bytes"
	"compress/flate"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"slices"

	"github.com/aerokit/aero/driver"
)

// Cursor encoding, version 2: the version byte, an 8-byte fingerprint of
// the scan or query (cursorFingerprint), then, deflated, a 512-byte bitmap
// of the partitions still open (not done) followed, for each open partition
// that has returned records, in ascending order, by its id (uint16), the
// digest of its last record (20 bytes) and the query's BVal (int64), big
// endian. A scan of 4096 partitions paged 10 records at a time thus keeps a
// cursor of a few hundred bytes. A cursor with no partition open is "".
const (
	cursorVersion = 2
	bitmapLen     = driver.Partitions / 8
	digestEntry   = 2 + len(driver.Digest{}) + 8
	// maxCursorPayload bounds what a cursor may inflate to: every
	// partition open and resumed.
	maxCursorPayload = bitmapLen + driver.Partitions*digestEntry
)

// cursorFingerprint identifies what a cursor pages through, so that a cursor
// of one scan or query is refused by another (it would silently skip or
// repeat records there).
func cursorFingerprint(op Command, req *driver.QueryRequest) uint64 {
	h := fnv.New64a()
	fmt.Fprintf(h, "%s\x00%s\x00%s", op, req.Namespace, req.Set)
	if f := req.Filter; f != nil {
		// Everything that chooses the index and the records: two queries
		// that differ only in the index they name, the collection they
		// search or the indexed expression must not share a cursor.
		fmt.Fprintf(h, "\x00%s\x00%T:%v\x00%d\x00%d\x00%s\x00%d", f.Bin, f.Equal, f.Equal, f.Begin, f.End, f.IndexName, f.Collection)
		if f.Exp != nil {
			h.Write([]byte{0, 'i'})
			h.Write(f.Exp.AppendWire(nil))
		}
	}
	if x := req.FilterExp; x != nil {
		h.Write([]byte{0, 'x'})
		h.Write(x.AppendWire(nil))
	}
	return h.Sum64()
}

func encodeCursor(parts []driver.PartitionStatus, fingerprint uint64) Cursor {
	var bitmap [bitmapLen]byte
	var entries []byte
	open := 0
	sorted := slices.Clone(parts)
	slices.SortFunc(sorted, func(a, b driver.PartitionStatus) int { return a.ID - b.ID })
	for _, p := range sorted {
		if p.Done || p.ID < 0 || p.ID >= driver.Partitions {
			continue
		}
		open++
		bitmap[p.ID/8] |= 1 << (p.ID % 8)
		if p.HasDigest {
			entries = binary.BigEndian.AppendUint16(entries, uint16(p.ID))
			entries = append(entries, p.Digest[:]...)
			entries = binary.BigEndian.AppendUint64(entries, uint64(p.BVal))
		}
	}
	if open == 0 {
		return ""
	}
	var buf bytes.Buffer
	buf.WriteByte(cursorVersion)
	buf.Write(binary.BigEndian.AppendUint64(nil, fingerprint))
	zw, _ := flate.NewWriter(&buf, flate.BestCompression) // the level is valid: no error
	zw.Write(bitmap[:])
	zw.Write(entries)
	zw.Close()
	return Cursor(base64.RawURLEncoding.EncodeToString(buf.Bytes()))
}

func decodeCursor(c Cursor, fingerprint uint64) ([]driver.PartitionStatus, error) {
	if c == "" {
		return driver.AllPartitions(), nil
	}
	raw, err := base64.RawURLEncoding.DecodeString(string(c))
	if err != nil || len(raw) < 9 || raw[0] != cursorVersion {
		return nil, fmt.Errorf("cursor %.32q is not a cursor aero made", string(c))
	}
	if binary.BigEndian.Uint64(raw[1:9]) != fingerprint {
		return nil, errors.New("cursor belongs to another scan or query (namespace, set or filter differ)")
	}
	payload, err := io.ReadAll(io.LimitReader(flate.NewReader(bytes.NewReader(raw[9:])), int64(maxCursorPayload)+1))
	if err != nil {
		return nil, fmt.Errorf("cursor is corrupt: %v", err)
	}
	if len(payload) < bitmapLen || len(payload) > maxCursorPayload || (len(payload)-bitmapLen)%digestEntry != 0 {
		return nil, fmt.Errorf("cursor is corrupt: %d bytes of state", len(payload))
	}
	bitmap, entries := payload[:bitmapLen], payload[bitmapLen:]
	var parts []driver.PartitionStatus
	index := map[int]int{}
	for id := range driver.Partitions {
		if bitmap[id/8]&(1<<(id%8)) != 0 {
			index[id] = len(parts)
			parts = append(parts, driver.PartitionStatus{ID: id})
		}
	}
	if len(parts) == 0 {
		return nil, errors.New("cursor names no partition")
	}
	last := -1
	for len(entries) > 0 {
		id := int(binary.BigEndian.Uint16(entries))
		i, ok := index[id]
		if !ok || id <= last {
			return nil, fmt.Errorf("cursor is corrupt: resume point for partition %d", id)
		}
		last = id
		p := &parts[i]
		copy(p.Digest[:], entries[2:])
		if p.Digest.Partition() != id {
			return nil, fmt.Errorf("cursor is corrupt: digest %s is not in partition %d", p.Digest, id)
		}
		p.HasDigest = true
		p.BVal = int64(binary.BigEndian.Uint64(entries[2+len(p.Digest):]))
		entries = entries[digestEntry:]
	}
	return parts, nil
}
