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

func ExampleRegister() {
	type Bad struct {
		Events chan string
	}
	fmt.Println(mapper.Register(Bad{}))
	// Output: mapper: Bad.Events: unsupported type chan string
}
