package mapper

import "reflect"

// register builds the plan of v's type (v is a struct, a pointer to one,
// or a reflect.Type) and returns its error, as aero.Register does for a
// user: the tests' shorthand for PlanFor.
func register(v any) error {
	t, ok := v.(reflect.Type)
	if !ok {
		t = reflect.TypeOf(v)
	}
	_, err := PlanFor(t)
	return err
}
