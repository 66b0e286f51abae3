// Package mapstructurebench compares the mapper's decode with mapstructure's
// on the mapper benchmarks' 12-field struct:
//
//	go test -run '^$' -bench . -count 8 ./mapper/internal/mapstructurebench
//
// It is a module of its own (in the repository's go.work) so that
// mapstructure, a baseline and nothing more, is not a requirement of the aero
// module and so never enters a user's module graph.
package mapstructurebench
