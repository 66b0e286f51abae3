package main

import (
	"context"
	"strings"
	"testing"
)

// TestRun runs the example as `go run` does without flags: it must finish
// by itself and print spans and the metrics exposition.
func TestRun(t *testing.T) {
	var out strings.Builder
	if err := run(context.Background(), "", &out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`"Name":"PUT users"`, `"Name":"GET users"`, `"Name":"BATCH GET users"`, `"Name":"SCAN users"`,
		`{"Key":"error.type","Value":{"Type":"STRING","Value":"3"}}`,
		"# TYPE db_client_operation_duration_seconds histogram",
		`db_operation_name="PUT",db_response_status_code="3",db_system_name="aerospike",error_type="3"`,
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q", want)
		}
	}
}
