package mapper_test

import (
	"fmt"
	"log"
	"reflect"
	"time"

	"github.com/aerokit/aero/mapper"
)

type Sensor struct {
	ID       string            `aero:"id,key"`
	Kind     string            `aero:"kind"`
	Readings []float64         `aero:"readings"`
	Labels   map[string]string `aero:"labels,omitempty"`
	Interval time.Duration     `aero:"every"`
	Gen      uint32            `aero:",gen"`
}

func ExamplePlanFor() {
	plan, err := mapper.PlanFor(reflect.TypeFor[Sensor]())
	if err != nil {
		log.Fatal(err)
	}
	s := Sensor{ID: "s1", Kind: "temp", Readings: []float64{20.5, 21}, Interval: time.Minute}
	bins, err := plan.Encode(reflect.ValueOf(&s))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(plan.BinNames(), len(bins), bins["every"])

	var back Sensor
	if err := plan.Decode(bins, reflect.ValueOf(&back)); err != nil {
		log.Fatal(err)
	}
	fmt.Println(back.Kind, back.Readings, back.Interval)
	// Output:
	// [kind readings labels every] 3 60000000000
	// temp [20.5 21] 1m0s
}

// A type that cannot be mapped is reported by PlanFor, naming the field
// path; aero.Register reports it at start-up.
func ExamplePlanFor_error() {
	type Bad struct {
		Events chan string
	}
	_, err := mapper.PlanFor(reflect.TypeFor[Bad]())
	fmt.Println(err)
	// Output: mapper: Bad.Events: unsupported type chan string
}

// A field renamed from bin "nm" to bin "name" reads records written
// before the rename, and writes the new name only.
func ExampleDecodeInto() {
	type Person struct {
		Name string `aero:"name,alias=nm"`
		Age  int    `aero:"age"`
	}
	var p Person
	// As a backend returns an old record: the old bin name, an int.
	if err := mapper.DecodeInto(map[string]any{"nm": "Ada", "age": 36}, &p); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%+v\n", p)

	err := mapper.DecodeInto(map[string]any{"age": "old"}, &p)
	fmt.Println(err)
	// Output:
	// {Name:Ada Age:36}
	// mapper: Person.Age (bin "age"): cannot decode string into int
}

func ExamplePlan_Field() {
	plan, err := mapper.PlanFor(reflect.TypeFor[Sensor]())
	if err != nil {
		log.Fatal(err)
	}
	f, err := plan.Field("Interval")
	fmt.Println(f.Bin, f.Type, err)
	_, err = plan.Field("ID")
	fmt.Println(err)
	_, err = plan.Field("Intervall")
	fmt.Println(err)
	// Output:
	// every time.Duration <nil>
	// mapper: Sensor.ID: the key field is not stored in a bin
	// mapper: Sensor.Intervall: no such field stored in a bin (want a Go field name, or a dotted path through embedded structs)
}
