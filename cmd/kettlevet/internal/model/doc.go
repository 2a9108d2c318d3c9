// Package model is what kettlevet's analyzers know about Kettle's API: which
// types are futures, guards and permits, which functions are async code (an
// async block's body, a //kettle:async function, a Poll method), which calls
// are await points, and which files are not checked at all.
//
// Every analyzer recognizes Kettle by package path and name
// (github.com/kettle-rt/kettle/future and its neighbours), never by importing
// Kettle, so the analyzers work on any version of the library and on the
// stub copies in their testdata. Each predicate is total: it answers false,
// never panics, on code that does not type-check, on generics and on nil
// types.
package model
