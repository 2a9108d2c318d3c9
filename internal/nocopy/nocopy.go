// Package nocopy holds the one noCopy marker of the module: embed a
// NoCopy as a blank field (`_ nocopy.NoCopy`) in a struct that must not be
// copied after first use, and go vet's copylocks check reports copies of
// it (it looks for Lock and Unlock methods). Zero size, no cost.
package nocopy

// NoCopy makes go vet flag copies of the struct that embeds it.
type NoCopy struct{}

// Lock is a no-op used by go vet's copylocks check.
func (*NoCopy) Lock() {}

// Unlock is a no-op used by go vet's copylocks check.
func (*NoCopy) Unlock() {}
