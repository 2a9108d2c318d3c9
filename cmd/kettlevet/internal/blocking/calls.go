package blocking

import (
	"go/types"
	"strings"

	"github.com/kettle-rt/kettle/cmd/kettlevet/internal/model"
)

// Suggestions, by family of blocking call.
const (
	useTimer    = "use timer.Sleep"
	useChan     = "use sync/mpsc, sync/oneshot or future.Select"
	useSync     = "use sync/barrier or sync/notify"
	useNet      = "use net/tcp or net/udp"
	useAio      = "use aio (aio.ReadFile, aio.Open ...) or executor.SpawnBlocking"
	useBlocking = "run it with executor.SpawnBlocking"
	useAwait    = "Await the future instead"
)

// funcs are blocking package-level functions, by "path.Name".
var funcs = map[string]string{
	"time.Sleep": useTimer,

	"net.Dial": useNet, "net.DialTimeout": useNet, "net.DialTCP": useNet,
	"net.DialUDP": useNet, "net.DialIP": useNet, "net.DialUnix": useNet,
	"net.LookupHost": useBlocking, "net.LookupIP": useBlocking,
	"net.LookupAddr": useBlocking, "net.LookupCNAME": useBlocking,
	"net.LookupMX": useBlocking, "net.LookupNS": useBlocking,
	"net.LookupTXT": useBlocking, "net.LookupSRV": useBlocking,
	"net.LookupPort": useBlocking,

	"os.ReadFile": useAio, "os.WriteFile": useAio, "os.Open": useAio,
	"os.OpenFile": useAio, "os.Create": useAio, "os.ReadDir": useAio,
	"os.Remove": useAio, "os.RemoveAll": useAio, "os.Rename": useAio,
	"os.Mkdir": useAio, "os.MkdirAll": useAio, "os.MkdirTemp": useAio,
	"os.CreateTemp": useAio, "os.Stat": useAio, "os.Lstat": useAio,
	"os.Truncate": useAio, "os.CopyFS": useAio,

	"net/http.Get": useBlocking, "net/http.Post": useBlocking,
	"net/http.Head": useBlocking, "net/http.PostForm": useBlocking,
	"net/http.ListenAndServe": useBlocking, "net/http.ListenAndServeTLS": useBlocking,
	"net/http.Serve": useBlocking, "net/http.ServeTLS": useBlocking,

	model.ExecutorPath + ".BlockOn": useAwait,
	model.ExecutorPath + ".Run":     useAwait,
}

// methods are blocking methods, by "path.Type.Name".
var methods = map[string]string{
	"sync.WaitGroup.Wait": useSync,
	"sync.Cond.Wait":      useSync,

	"net.Dialer.Dial": useNet, "net.Dialer.DialContext": useNet,

	"os.File.Read": useAio, "os.File.ReadAt": useAio, "os.File.Write": useAio,
	"os.File.WriteAt": useAio, "os.File.WriteString": useAio,
	"os.File.ReadFrom": useAio, "os.File.WriteTo": useAio,
	"os.File.ReadDir": useAio, "os.File.Readdir": useAio,
	"os.File.Readdirnames": useAio, "os.File.Sync": useAio,

	"net/http.Client.Do": useBlocking, "net/http.Client.Get": useBlocking,
	"net/http.Client.Post": useBlocking, "net/http.Client.Head": useBlocking,
	"net/http.Client.PostForm":       useBlocking,
	"net/http.Server.ListenAndServe": useBlocking, "net/http.Server.Serve": useBlocking,
	"net/http.Server.ListenAndServeTLS": useBlocking, "net/http.Server.ServeTLS": useBlocking,

	"os/exec.Cmd.Run": useBlocking, "os/exec.Cmd.Output": useBlocking,
	"os/exec.Cmd.CombinedOutput": useBlocking, "os/exec.Cmd.Wait": useBlocking,
}

// blockingCall returns the name and the suggestion for a call of fn if it
// blocks.
func blockingCall(fn *types.Func) (name, hint string, ok bool) {
	if fn == nil || fn.Pkg() == nil {
		return "", "", false
	}
	path := fn.Pkg().Path()
	recv := model.Recv(fn)
	if recv == nil {
		hint, ok = funcs[path+"."+fn.Name()]
		return fn.Pkg().Name() + "." + fn.Name(), hint, ok
	}
	tname := typeName(recv)
	if hint, ok = methods[path+"."+tname+"."+fn.Name()]; ok {
		return fn.Pkg().Name() + "." + tname + "." + fn.Name(), hint, true
	}
	if !strings.HasPrefix(path, model.Root+"/") && !returnsFuture(fn) && isConnIO(recv, fn.Name()) {
		return typeString(recv) + "." + fn.Name(), useNet, true
	}
	return "", "", false
}

func typeName(t types.Type) string {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	if n, ok := types.Unalias(t).(*types.Named); ok {
		return n.Obj().Name()
	}
	return ""
}

func typeString(t types.Type) string {
	return types.TypeString(t, func(p *types.Package) string { return p.Name() })
}

// connMethods are the methods by which a type is taken for a network
// connection or listener (net.Conn, net.PacketConn, net.Listener, and
// anything that wraps one, crypto/tls.Conn included).
var (
	connMethods     = []string{"Read", "Write", "Close", "LocalAddr", "SetDeadline"}
	listenerMethods = []string{"Accept", "Close", "Addr"}
)

// isConnIO reports whether a method name of recv is socket I/O: Read,
// Write, ReadFrom, WriteTo ... on a connection, Accept on a listener.
func isConnIO(recv types.Type, name string) bool {
	switch {
	case strings.HasPrefix(name, "Accept"):
		return hasMethods(recv, listenerMethods)
	case strings.HasPrefix(name, "Read") || strings.HasPrefix(name, "Write"):
		return hasMethods(recv, connMethods)
	}
	return false
}

func hasMethods(t types.Type, names []string) bool {
	for _, n := range names {
		if _, ok := lookupMethod(t, n); !ok {
			return false
		}
	}
	return true
}

func lookupMethod(t types.Type, name string) (*types.Func, bool) {
	obj, _, _ := types.LookupFieldOrMethod(t, true, nil, name)
	fn, ok := obj.(*types.Func)
	return fn, ok
}

// returnsFuture reports whether fn returns a future: the async form of an
// operation (tcp.Listener.Accept) never blocks.
func returnsFuture(fn *types.Func) bool {
	sig, ok := fn.Type().(*types.Signature)
	if !ok {
		return false
	}
	for i := 0; i < sig.Results().Len(); i++ {
		if model.IsFuture(sig.Results().At(i).Type()) {
			return true
		}
	}
	return false
}
