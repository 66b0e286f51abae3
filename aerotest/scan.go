package aerotest

import (
	"bufio"
	"encoding/binary"

	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/internal/wire"
)

// handleScanQuery answers a partition scan or a secondary-index query
// (client command.go setScan, setQuery): the records, each with its digest
// (the client resumes from it), then one PARTITION_DONE message per finished
// partition with the partition id in the generation slot, then LAST
// (client multi_command.go parseRecordResults).
func (s *Server) handleScanQuery(w *bufio.Writer, m *wire.Message) error {
	req, isQuery, err := scanRequest(m)
	if err != nil {
		return s.replyCode(w, err)
	}
	unavailable := s.ownPartitions(req)
	var rows driver.Rows
	switch {
	case s.eng != nil:
		var er *engineRows
		er, err = s.eng.query(req)
		if err == nil {
			rows = er
		}
	case isQuery:
		rows, err = s.store.Query(s.ctx, req)
	default:
		rows, err = s.store.Scan(s.ctx, req)
	}
	if err != nil {
		return s.replyCode(w, err)
	}
	bv, _ := rows.(interface{ bval() (int64, bool) })
	defer rows.Close()
	rs := newReplyStream(w)
	var buf []byte
	for {
		rec, err := rows.Next(s.ctx)
		if err != nil {
			return rs.end(codeOf(err))
		}
		if rec == nil {
			break
		}
		var bval *int64
		if bv != nil {
			if v, ok := bv.bval(); ok {
				bval = &v
			}
		}
		buf, err = appendRecord(buf[:0], req.Namespace, rec, bval)
		if err != nil {
			s.logf("aerotest: scan of %s: %v", req.Namespace, err)
			return rs.end(codeOf(err))
		}
		rs.addRaw(buf)
		if rs.err != nil {
			return rs.err
		}
	}
	for _, p := range rows.Partitions() {
		if p.Done {
			rs.add(&wire.Message{Info3: wire.Info3PartitionDone, Generation: uint32(p.ID)})
		}
	}
	for _, pid := range unavailable {
		rs.add(&wire.Message{Info3: wire.Info3PartitionDone, Generation: uint32(pid), ResultCode: uint8(driver.PartitionUnavailable)})
	}
	return rs.end(0)
}

// ownPartitions keeps in req the partitions this node holds a full copy of
// (master or replica) and returns the others: the server reports each of
// those done with PARTITION_UNAVAILABLE, and the client scans it again
// after its next partition map refresh (query.c, partition.c
// as_partition_reserve_query). A request that names no partition scans the
// partitions this node masters.
func (s *Server) ownPartitions(req *driver.QueryRequest) []int {
	if req.Partitions == nil {
		req.Partitions = s.topo.masterOf(s.idx)
		return nil
	}
	var gone []int
	kept := req.Partitions[:0]
	for _, p := range req.Partitions {
		if s.topo.holds(p.ID, s.idx) {
			kept = append(kept, p)
		} else {
			gone = append(gone, p.ID)
		}
	}
	req.Partitions = kept
	return gone
}

// appendRecord encodes one record of a scan or query: header, then the
// digest, namespace, set and (when stored) user key fields, the index value
// (BVAL_ARRAY, little endian) for an integer-index query, then the bins.
// The client keeps the digest and the value as the partition's resume point
// (multi_command.go parseKey, partition_tracker.go setLast).
func appendRecord(b []byte, ns string, rec *driver.Record, bval *int64) ([]byte, error) {
	names := sortedBins(rec.Bins)
	nFields := 3
	if rec.Key != nil && rec.Key.UserKey != nil {
		nFields++
	}
	if bval != nil {
		nFields++
	}
	b = append(b, wire.MsgHeaderSize, 0, 0, 0, 0, 0)
	b = binary.BigEndian.AppendUint32(b, rec.Generation)
	b = binary.BigEndian.AppendUint32(b, voidTime(rec.Expiration))
	b = binary.BigEndian.AppendUint32(b, 0)
	b = binary.BigEndian.AppendUint16(b, uint16(nFields))
	b = binary.BigEndian.AppendUint16(b, uint16(len(names)))
	var d driver.Digest
	set := ""
	if rec.Key != nil {
		d, set = rec.Key.Digest, rec.Key.Set
		if rec.Key.Namespace != "" {
			ns = rec.Key.Namespace
		}
	}
	b = wire.AppendField(b, wire.FieldDigest, d[:])
	b = wire.AppendField(b, wire.FieldNamespace, []byte(ns))
	b = wire.AppendField(b, wire.FieldSet, []byte(set))
	if rec.Key != nil && rec.Key.UserKey != nil {
		b = wire.AppendKeyField(b, rec.Key.UserKey)
	}
	if bval != nil {
		b = wire.AppendField(b, wire.FieldBValArray, binary.LittleEndian.AppendUint64(nil, uint64(*bval)))
	}
	for _, n := range names {
		o, err := binOp(n, rec.Bins[n])
		if err != nil {
			return nil, err
		}
		b = wire.AppendOp(b, o)
	}
	return b, nil
}

// scanRequest decodes the fields of a scan or query into a QueryRequest.
// The BVAL_ARRAY values, one per digest of DIGEST_ARRAY, become the BVal of
// their partition's resume point.
func scanRequest(m *wire.Message) (*driver.QueryRequest, bool, error) {
	if m.Info2&wire.Info2Write != 0 {
		return nil, false, fail(driver.UnsupportedFeature, "background scans and queries are not supported by aerotest")
	}
	req := &driver.QueryRequest{}
	isQuery := false
	var pids []uint16
	var digests [][20]byte
	var bvals []int64
	var coll driver.IndexCollection
	var indexName string
	var indexExp driver.Expression
	var indexCtx []driver.CDTContext
	var err error
	for _, f := range m.Fields {
		switch f.Type {
		case wire.FieldNamespace:
			req.Namespace = string(f.Data)
		case wire.FieldSet:
			req.Set = string(f.Data)
		case wire.FieldPIDArray:
			if pids, err = wire.ParsePIDArray(f.Data); err != nil {
				return nil, false, err
			}
		case wire.FieldDigestArray:
			if digests, err = wire.ParseDigestArray(f.Data); err != nil {
				return nil, false, err
			}
		case wire.FieldBValArray:
			if bvals, err = wire.ParseBValArray(f.Data); err != nil {
				return nil, false, err
			}
		case wire.FieldMaxRecords:
			if len(f.Data) != 8 {
				return nil, false, fail(driver.ParameterError, "max-records field of %d bytes, want 8", len(f.Data))
			}
			n := int64(binary.BigEndian.Uint64(f.Data))
			if n < 0 {
				return nil, false, fail(driver.ParameterError, "max-records %d is negative", n)
			}
			req.MaxRecords = n
		case wire.FieldIndexType:
			it, err := wire.ParseIndexType(f.Data)
			if err != nil {
				return nil, false, err
			}
			if coll = driver.IndexCollection(it); !coll.Valid() {
				// query.c find_sindex finds no index of that type.
				return nil, false, fail(driver.IndexNotFound, "no index of collection type %d", it)
			}
		case wire.FieldIndexRange:
			isQuery = true
			filters, err := wire.ParseIndexRange(f.Data)
			if err != nil {
				return nil, false, err
			}
			if len(filters) != 1 {
				return nil, false, fail(driver.ParameterError, "query with %d filters, want 1", len(filters))
			}
			if req.Filter, err = toFilter(filters[0]); err != nil {
				return nil, false, err
			}
		case wire.FieldIndexName:
			// query.c get_query_si_name: 1 to INAME_MAX_SZ-1 bytes.
			if len(f.Data) == 0 || len(f.Data) > driver.MaxIndexNameLen {
				return nil, false, fail(driver.ParameterError, "bad index name size %d", len(f.Data))
			}
			indexName = string(f.Data)
		case wire.FieldIndexExpr:
			// query.c get_index_expression_field: an empty field is
			// PARAMETER_ERROR; the bytes find the index (as_si_by_defn
			// compares them), so they need not decode.
			if len(f.Data) == 0 {
				return nil, false, fail(driver.ParameterError, "invalid index expression")
			}
			indexExp = decodeFilter(f.Data)
		case wire.FieldIndexContext:
			// query.c get_index_context_field: an empty or malformed
			// context is PARAMETER_ERROR.
			if indexCtx, err = wire.ParseCDTContext(f.Data); err != nil {
				return nil, false, fail(driver.ParameterError, "invalid index context: %v", err)
			}
		case wire.FieldFilterExp:
			req.FilterExp = decodeFilter(f.Data)
		case wire.FieldQueryBinList:
			return nil, false, fail(driver.ParameterError, "pre-6.0 query bin list is not supported; send bins as read operations")
		}
	}
	if req.Namespace == "" {
		return nil, false, fail(driver.ParameterError, "scan without a namespace")
	}
	if indexName != "" && indexExp != nil {
		// query.c get_query_si_name: "specified both expression and index
		// name".
		return nil, false, fail(driver.ParameterError, "query specifies both an index expression and an index name")
	}
	if indexCtx != nil && (indexName != "" || indexExp != nil) {
		// query.c get_index_context_field: "specified both cdt context
		// and index name" (or expression).
		return nil, false, fail(driver.ParameterError, "query specifies both a cdt context and an index name or expression")
	}
	if req.Filter != nil {
		req.Filter.Collection = coll
		req.Filter.Ctx = indexCtx
		// query.c find_sindex: an index name wins over the range's bin
		// (also a Statement's IndexName); an expression replaces it.
		switch {
		case indexName != "":
			req.Filter.Bin, req.Filter.IndexName = "", indexName
		case indexExp != nil:
			req.Filter.Bin, req.Filter.Exp = "", indexExp
		}
	}
	if bvals != nil && len(bvals) != len(digests) {
		return nil, false, fail(driver.ParameterError, "%d bvals for %d digests", len(bvals), len(digests))
	}
	if len(pids) > 0 || len(digests) > 0 {
		req.Partitions = make([]driver.PartitionStatus, 0, len(pids)+len(digests))
		for _, p := range pids {
			if int(p) >= driver.Partitions {
				return nil, false, fail(driver.ParameterError, "partition id %d out of range", p)
			}
			req.Partitions = append(req.Partitions, driver.PartitionStatus{ID: int(p)})
		}
		for i, d := range digests {
			dg := driver.Digest(d)
			ps := driver.PartitionStatus{ID: dg.Partition(), Digest: dg, HasDigest: true}
			if bvals != nil {
				ps.BVal = bvals[i]
			}
			req.Partitions = append(req.Partitions, ps)
		}
	}
	if m.Info1&wire.Info1NoBinData != 0 {
		req.Bins = []string{}
	} else {
		for _, o := range m.Ops {
			if o.Op != wire.OpRead {
				return nil, false, fail(driver.UnsupportedFeature, "operation %d in a foreground scan or query", o.Op)
			}
			req.Bins = append(req.Bins, o.Name)
		}
	}
	return req, isQuery, nil
}

// toFilter converts an index filter: an integer range (equality is a range
// of one value), a string or a blob equality.
func toFilter(f wire.IndexFilter) (*driver.Filter, error) {
	switch f.ParticleType {
	case wire.ParticleInteger:
		if len(f.Begin) != 8 || len(f.End) != 8 {
			return nil, fail(driver.ParameterError, "integer filter on bin %q with bounds of %d and %d bytes", f.Bin, len(f.Begin), len(f.End))
		}
		b, e := int64(binary.BigEndian.Uint64(f.Begin)), int64(binary.BigEndian.Uint64(f.End))
		if b == e {
			return &driver.Filter{Bin: f.Bin, Equal: b, Begin: b, End: e}, nil
		}
		return &driver.Filter{Bin: f.Bin, Begin: b, End: e}, nil
	case wire.ParticleString:
		return &driver.Filter{Bin: f.Bin, Equal: string(f.Begin)}, nil
	case wire.ParticleBlob:
		// query.c range_from_msg_blob: an equality on the begin value;
		// the end, which clients send identical, is ignored.
		return &driver.Filter{Bin: f.Bin, Equal: append([]byte{}, f.Begin...)}, nil
	case wire.ParticleGeoJSON:
		// query.c range_from_msg_geojson: the begin value's GeoJSON text;
		// the end, which clients send identical, is ignored.
		return &driver.Filter{Bin: f.Bin, Equal: driver.GeoJSON(f.Begin)}, nil
	}
	return nil, fail(driver.ParameterError, "filter on bin %q with particle type %d", f.Bin, f.ParticleType)
}
