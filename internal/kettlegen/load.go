package kettlegen

import (
	"bytes"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// GenFile is the name of the file kettlegen writes in each package.
const GenFile = "kettle_gen.go"

// listed is the part of `go list -json` output that the loader reads.
type listed struct {
	ImportPath string
	Name       string
	Dir        string
	GoFiles    []string
	Export     string
	DepOnly    bool
	Module     *struct{ GoVersion string }
	Error      *struct{ Err string }
}

// pkg is one package to generate for: its syntax and type information.
type pkg struct {
	path   string
	name   string
	dir    string
	fset   *token.FileSet
	files  []*ast.File
	types  *types.Package
	info   *types.Info
	errs   []error // type errors
	goVers string
	// recovers and inlined cache, per function of the package, whether it
	// calls recover and its body inlined as a deferred literal (computed
	// once: inlining rewrites the declaration's syntax).
	recovers map[*ast.FuncDecl]bool
	inlined  map[*ast.FuncDecl]string
}

// goList runs go list on patterns from dir and returns the target packages
// and the export data files of every dependency.
func goList(dir string, patterns []string) (targets []listed, exports map[string]string, err error) {
	args := append([]string{"list", "-e", "-export", "-deps", "-json=ImportPath,Name,Dir,GoFiles,Export,DepOnly,Module,Error", "--"}, patterns...)
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, nil, fmt.Errorf("go list: %v: %s", err, strings.TrimSpace(stderr.String()))
	}
	exports = map[string]string{}
	// Fresh per run (Generate is not safe for concurrent use).
	sources = map[string]listed{}
	recoverDecls = map[string]map[string]bool{}
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var p listed
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			return nil, nil, fmt.Errorf("go list: %v", err)
		}
		if p.Export != "" {
			exports[p.ImportPath] = p.Export
		}
		if p.Dir != "" {
			sources[p.ImportPath] = p
		}
		if !p.DepOnly {
			if p.Dir == "" && p.Error != nil {
				return nil, nil, fmt.Errorf("%s", p.Error.Err)
			}
			targets = append(targets, p)
		}
	}
	return targets, exports, nil
}

// newImporter returns an importer reading the export data go list built.
func newImporter(fset *token.FileSet, exports map[string]string) types.Importer {
	return importer.ForCompiler(fset, "gc", func(path string) (io.ReadCloser, error) {
		f, ok := exports[path]
		if !ok {
			return nil, fmt.Errorf("no export data for %q", path)
		}
		return os.Open(f)
	})
}

// check parses and type-checks one listed package. The generated file is
// replaced by overlay (its content, or nothing when overlay is nil), so a
// stale or broken generated file never stands in the way.
func check(l listed, imp types.Importer, overlay []byte) *pkg {
	p := &pkg{path: l.ImportPath, name: l.Name, dir: l.Dir, fset: token.NewFileSet()}
	if l.Module != nil && l.Module.GoVersion != "" {
		p.goVers = "go" + l.Module.GoVersion
	}
	for _, name := range l.GoFiles {
		full := filepath.Join(l.Dir, name)
		var src any
		if name == GenFile {
			if overlay == nil {
				continue
			}
			src = overlay
		}
		f, err := parser.ParseFile(p.fset, full, src, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			p.errs = append(p.errs, err)
			continue
		}
		p.files = append(p.files, f)
	}
	if overlay != nil && !hasFile(l.GoFiles, GenFile) {
		f, err := parser.ParseFile(p.fset, filepath.Join(l.Dir, GenFile), overlay, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			p.errs = append(p.errs, err)
		} else {
			p.files = append(p.files, f)
		}
	}
	p.info = &types.Info{
		Types:        map[ast.Expr]types.TypeAndValue{},
		Defs:         map[*ast.Ident]types.Object{},
		Uses:         map[*ast.Ident]types.Object{},
		Implicits:    map[ast.Node]types.Object{},
		Selections:   map[*ast.SelectorExpr]*types.Selection{},
		Instances:    map[*ast.Ident]types.Instance{},
		Scopes:       map[ast.Node]*types.Scope{},
		FileVersions: map[*ast.File]string{},
	}
	conf := types.Config{
		Importer:  imp,
		GoVersion: p.goVers,
		Error:     func(err error) { p.errs = append(p.errs, err) },
	}
	p.types, _ = conf.Check(l.ImportPath, p.fset, p.files, p.info)
	return p
}

func hasFile(files []string, name string) bool {
	for _, f := range files {
		if f == name {
			return true
		}
	}
	return false
}

// sources are the listed packages of the current run, for reading the
// source of a dependency's function (see recoversIn).
var sources = map[string]listed{}

// recoverDecls caches, per package path, the functions and methods whose
// bodies call recover directly ("F" or "T.M").
var recoverDecls = map[string]map[string]bool{}

// recoversIn reports whether function name ("F" or "T.M") of package path
// calls recover in its own body, judged from its source (syntactically).
func recoversIn(path, name string) bool {
	m, ok := recoverDecls[path]
	if !ok {
		m = map[string]bool{}
		recoverDecls[path] = m
		if l, ok := sources[path]; ok {
			fset := token.NewFileSet()
			for _, gf := range l.GoFiles {
				f, err := parser.ParseFile(fset, filepath.Join(l.Dir, gf), nil, parser.SkipObjectResolution)
				if err != nil {
					continue
				}
				for _, d := range f.Decls {
					fd, ok := d.(*ast.FuncDecl)
					if !ok || fd.Body == nil || !syntacticRecover(fd.Body) {
						continue
					}
					key := fd.Name.Name
					if fd.Recv != nil && len(fd.Recv.List) == 1 {
						t := fd.Recv.List[0].Type
						if st, ok := t.(*ast.StarExpr); ok {
							t = st.X
						}
						switch x := t.(type) {
						case *ast.IndexExpr:
							t = x.X
						case *ast.IndexListExpr:
							t = x.X
						}
						if id, ok := t.(*ast.Ident); ok {
							key = id.Name + "." + key
						}
					}
					m[key] = true
				}
			}
		}
	}
	return m[name]
}

// syntacticRecover reports whether body calls recover() outside function
// literals.
func syntacticRecover(body *ast.BlockStmt) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			if id, ok := n.Fun.(*ast.Ident); ok && id.Name == "recover" && len(n.Args) == 0 {
				found = true
			}
		}
		return !found
	})
	return found
}
