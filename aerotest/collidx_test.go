package aerotest

import (
	"testing"

	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/internal/wire"
)

// TestScanRequestIndexType decodes the query's INDEX_TYPE field (client
// filter.go IndexCollectionType) into the filter's collection type, as the
// server's query.c get_index_type_field reads it.
func TestScanRequestIndexType(t *testing.T) {
	t.Parallel()
	rng := []byte{1, 1, 'l', wire.ParticleInteger, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 9}
	tests := []struct {
		name string
		it   []byte // nil: no field
		want driver.IndexCollection
		code uint8
	}{
		{"no field: default", nil, driver.IndexDefault, 0},
		{"list", []byte{1}, driver.IndexList, 0},
		{"map keys", []byte{2}, driver.IndexMapKeys, 0},
		{"map values, trailing bytes ignored", []byte{3, 7}, driver.IndexMapValues, 0},
		{"empty field", []byte{}, 0, uint8(driver.ParameterError)},
		{"unknown type finds no index", []byte{9}, 0, uint8(driver.IndexNotFound)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m := &wire.Message{Fields: []wire.Field{
				{Type: wire.FieldNamespace, Data: []byte("test")},
				{Type: wire.FieldIndexRange, Data: rng},
			}}
			if tt.it != nil {
				m.Fields = append(m.Fields, wire.Field{Type: wire.FieldIndexType, Data: tt.it})
			}
			req, isQuery, err := scanRequest(m)
			if tt.code != 0 {
				if err == nil || codeOf(err) != tt.code {
					t.Fatalf("scanRequest: error %v (code %d), want code %d", err, codeOf(err), tt.code)
				}
				return
			}
			if err != nil || !isQuery {
				t.Fatalf("scanRequest: %v, query %v", err, isQuery)
			}
			if req.Filter.Collection != tt.want || req.Filter.Begin != 1 || req.Filter.End != 9 {
				t.Errorf("filter %+v, want collection %s, range 1..9", req.Filter, tt.want)
			}
		})
	}
}
