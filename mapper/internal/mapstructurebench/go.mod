module github.com/aerokit/aero/mapper/internal/mapstructurebench

go 1.26.0

require (
	github.com/aerokit/aero v0.0.0-00010101000000-000000000000
	github.com/go-viper/mapstructure/v2 v2.5.0
)

// A module of its own so that mapstructure, a baseline of a benchmark only,
// never enters the aero module's requirements (and so a user's module graph).
replace github.com/aerokit/aero => ../../..
