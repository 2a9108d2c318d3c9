package model

import "strings"

// DocText turns the source of an analyzer package's doc.go into the text
// of its Analyzer.Doc: the package comment without its comment markers, so
// that "kettlevet help NAME" prints the bad and the good code. The first
// sentence stays the summary line.
func DocText(src string) string {
	var b strings.Builder
	for _, line := range strings.Split(src, "\n") {
		if !strings.HasPrefix(line, "//") {
			if strings.HasPrefix(line, "package ") {
				break
			}
			continue
		}
		line = strings.TrimPrefix(line, "//")
		line = strings.TrimPrefix(line, " ")
		b.WriteString(line)
		b.WriteByte('\n')
	}
	text := strings.TrimSpace(b.String())
	// The first paragraph on one line, without "Package x defines the x
	// analyzer: ", is the summary that "kettlevet help" lists.
	first, rest, _ := strings.Cut(text, "\n\n")
	first = strings.Join(strings.Fields(first), " ")
	if _, after, ok := strings.Cut(first, " analyzer: "); ok && strings.HasPrefix(first, "Package ") {
		first = strings.ToUpper(after[:1]) + after[1:]
	}
	if rest == "" {
		return first
	}
	return first + "\n\n" + rest
}
