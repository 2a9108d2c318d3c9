// Package helper recovers panics for the crossrecover test.
package helper

import "fmt"

// RecoverTo stores a recovered panic in *err.
func RecoverTo(err *error) {
	if r := recover(); r != nil {
		*err = fmt.Errorf("%v", r)
	}
}
