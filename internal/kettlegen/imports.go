package kettlegen

import (
	"fmt"
	"go/types"
	"path"
	"sort"
	"strconv"
	"strings"
)

// imports is the import list of the generated file. Printed user code
// keeps the names its file imports packages under; type names that the
// generator prints get the same name when the file imports the package,
// and the package's own name otherwise.
type imports struct {
	byPath    map[string]string
	byName    map[string]string
	conflicts []string
	taken     func(name string) bool // names declared by the package
}

func newImports() *imports {
	return &imports{byPath: map[string]string{}, byName: map[string]string{}}
}

// use records that the generated code refers to path as name, exactly.
func (im *imports) use(p, name string) string {
	if q, ok := im.byName[name]; ok && q != p {
		im.conflicts = append(im.conflicts, fmt.Sprintf("two packages named %s (%s and %s)", name, q, p))
		return name
	}
	im.byName[name] = p
	if _, ok := im.byPath[p]; !ok {
		im.byPath[p] = name
	}
	return name
}

// alias returns a name for path, preferring name.
func (im *imports) alias(p, name string) string {
	if n, ok := im.byPath[p]; ok {
		return n
	}
	n := name
	for i := 2; im.byName[n] != "" && im.byName[n] != p || im.byName[n] == "" && im.taken != nil && im.taken(n); i++ {
		n = name + strconv.Itoa(i)
	}
	return im.use(p, n)
}

// decl returns the import declaration.
func (im *imports) decl() string {
	if len(im.byName) == 0 {
		return ""
	}
	names := make([]string, 0, len(im.byName))
	for n := range im.byName {
		names = append(names, n)
	}
	sort.Slice(names, func(i, j int) bool {
		return im.byName[names[i]] < im.byName[names[j]] || (im.byName[names[i]] == im.byName[names[j]] && names[i] < names[j])
	})
	var b strings.Builder
	b.WriteString("import (\n")
	for _, n := range names {
		p := im.byName[n]
		if path.Base(p) == n {
			fmt.Fprintf(&b, "\t%q\n", p)
		} else {
			fmt.Fprintf(&b, "\t%s %q\n", n, p)
		}
	}
	b.WriteString(")\n\n")
	return b.String()
}

// qualifier returns the types.Qualifier printing type names of f's
// package unqualified and others under their import names.
func (f *asyncFunc) qualifier() types.Qualifier {
	return func(p *types.Package) string {
		if p == f.p.types {
			return ""
		}
		name := p.Name()
		for _, imp := range f.file.Imports {
			ip, _ := strconv.Unquote(imp.Path.Value)
			if ip == p.Path() && imp.Name != nil && imp.Name.Name != "_" {
				name = imp.Name.Name
			}
		}
		return f.g.imp.alias(p.Path(), name)
	}
}

// typ prints t for the generated file.
func (f *asyncFunc) typ(t types.Type) string {
	s := types.TypeString(t, f.qualifier())
	for o, n := range f.typeNames {
		s = replaceWord(s, o.Name(), n)
	}
	return s
}

// replaceWord replaces the identifier old by new in s.
func replaceWord(s, old, new string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		j := strings.Index(s[i:], old)
		if j < 0 {
			b.WriteString(s[i:])
			break
		}
		j += i
		end := j + len(old)
		before := j == 0 || !isIdentByte(s[j-1])
		after := end == len(s) || !isIdentByte(s[end])
		b.WriteString(s[i:j])
		if before && after && (j == 0 || s[j-1] != '.') {
			b.WriteString(new)
		} else {
			b.WriteString(old)
		}
		i = end
	}
	return b.String()
}

func isIdentByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

// fut is the name of package future in the generated file.
func (f *asyncFunc) fut() string {
	name := "future"
	for _, imp := range f.file.Imports {
		ip, _ := strconv.Unquote(imp.Path.Value)
		if ip == FuturePath && imp.Name != nil && imp.Name.Name != "_" {
			name = imp.Name.Name
		}
	}
	return f.g.imp.alias(FuturePath, name)
}
