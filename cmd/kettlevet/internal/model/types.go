package model

import (
	"go/types"
)

// IsNamed reports whether t, or the type t points to, is the named type
// path.name (any instantiation of it).
func IsNamed(t types.Type, path, name string) bool {
	if t == nil {
		return false
	}
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok {
		return false
	}
	obj := n.Origin().Obj()
	return obj != nil && obj.Pkg() != nil && obj.Pkg().Path() == path && obj.Name() == name
}

// IsCo reports whether t is *future.Co, the handle of an async block.
func IsCo(t types.Type) bool {
	if t == nil {
		return false
	}
	p, ok := types.Unalias(t).(*types.Pointer)
	return ok && IsNamed(p.Elem(), FuturePath, "Co")
}

// IsContext reports whether t is *future.Context.
func IsContext(t types.Type) bool {
	if t == nil {
		return false
	}
	p, ok := types.Unalias(t).(*types.Pointer)
	return ok && IsNamed(p.Elem(), FuturePath, "Context")
}

// IsPollSig reports whether sig has the shape of future.Future's Poll:
// func(*future.Context) future.Poll[T] for some T.
func IsPollSig(sig *types.Signature) bool {
	if sig == nil || sig.Params().Len() != 1 || sig.Results().Len() != 1 {
		return false
	}
	return IsContext(sig.Params().At(0).Type()) && isPollType(sig.Results().At(0).Type())
}

func isPollType(t types.Type) bool {
	n, ok := types.Unalias(t).(*types.Named)
	return ok && IsNamed(n, FuturePath, "Poll")
}

// IsFuture reports whether a value of type t is a Kettle future: it has a
// method Poll(*future.Context) future.Poll[T] (through a pointer when t is
// addressable), whatever T is. Interface types count too, future.Future[T]
// included. Type parameters do not: their method sets come from a
// constraint, and a generic helper that drops a T is not told about.
func IsFuture(t types.Type) bool {
	if t == nil {
		return false
	}
	if _, ok := types.Unalias(t).(*types.TypeParam); ok {
		return false
	}
	obj, _, _ := types.LookupFieldOrMethod(t, true, nil, "Poll")
	fn, ok := obj.(*types.Func)
	if !ok {
		return false
	}
	sig, _ := fn.Type().(*types.Signature)
	return IsPollSig(sig)
}

// IsJoinHandle reports whether t is (a pointer to) executor.JoinHandle: a
// future whose task runs whether or not anyone polls the handle, so
// dropping it detaches the task rather than losing work.
func IsJoinHandle(t types.Type) bool { return IsNamed(t, ExecutorPath, "JoinHandle") }

// Resource names a kind of value that must be given back: a guard or a
// permit.
type Resource struct {
	Path, Name string
	// Release lists the methods that give it back.
	Release []string
}

// Resources are the guards and permits that the unreleased analyzer
// tracks.
var Resources = []Resource{
	{MutexPath, "Guard", []string{"Unlock"}},
	{MutexPath, "ReadGuard", []string{"Unlock"}},
	{MutexPath, "WriteGuard", []string{"Unlock"}},
	{SemaphorePath, "Permit", []string{"Release"}},
	{MpscPath, "Permit", []string{"Send", "Release"}},
}

// ResourceOf returns the resource kind of t, if t is (a pointer to) one.
func ResourceOf(t types.Type) (Resource, bool) {
	for _, r := range Resources {
		if IsNamed(t, r.Path, r.Name) {
			return r, true
		}
	}
	return Resource{}, false
}
