package engine

import "testing"

// TestRegexPOSIX checks patterns and flags as glibc's regcomp and regexec
// treat them (the answers were taken from the real server's cmp_regex).
func TestRegexPOSIX(t *testing.T) {
	t.Parallel()
	const (
		bre, ere, icase, newline, nosub = 0, regExtended, regICase, regNewline, 8
	)
	cases := []struct {
		pattern string
		flags   int64
		s       string
		want    bool
	}{
		{"^line2", newline, "line1\nline2", true},
		{"^line2", nosub, "line1\nline2", false},
		{"line1$", newline, "line1\nline2", true},
		{"o.W", bre, "Hello\nWorld", true},
		{"o.W", newline, "Hello\nWorld", false},
		{"o[^x]W", newline, "Hello\nWorld", false},
		{"o[^x]W", bre, "Hello\nWorld", true},
		{"a+b", bre, "a+b", true},
		{"a+b", bre, "aab", false},
		{"a\\+b", bre, "aab", true},
		{"a\\?b", bre, "b", true},
		{"a\\|c", bre, "c", true},
		{"a|c", bre, "a|c", true},
		{"\\(ab\\)\\{2\\}", bre, "abab", true},
		{"(ab){2}", bre, "(ab){2}", true},
		{"*a", bre, "*a", true},
		{"^*a", bre, "*a", true},
		{"a^b", bre, "a^b", true},
		{"a$b", bre, "a$b", true},
		{"a**", ere, "b", true},
		{"^a{,2}$", ere, "aa", true},
		{"^a{,2}$", ere, "aaa", false},
		{"x)", ere, "x)", true},
		{"\\d", bre, "d", true},
		{"\\d", bre, "1", false},
		{"\\d", icase, "d", false},
		{"\\D", icase, "d", true},
		{"\\w+", ere, "_", true},
		{"\\<ab\\>", bre, "x ab y", true},
		{"[]a]", bre, "]", true},
		{"[^]a]", bre, "]", false},
		{"[\\d]", bre, "\\", true},
		{"[[:digit:]]", ere, "7", true},
		{"HELLO", icase, "hello", true},
		{"(a)\\1", ere, "aa", true},
		{"\\(a\\)\\1", bre, "ab", false},
		{"def", bre, "abc\x00def", false},
		{"^abc$", ere, "abc\x00def", true},
		{"^.$", ere, "é", false}, // C locale: a character is a byte
		{"^..$", ere, "é", true},
		{"^é+$", ere, "éé", false},
		{"^\xc3\xa9*$", ere, "\xc3\xa9\xa9", true},
		{"\xff", ere, "\xff", true},
		{"^.{3}$", ere, "日", true},
		{"^[a\xe9]$", ere, "\xe9", true}, // a byte in a bracket expression
		{"^[\xc0-\xff]$", ere, "\xc9", true},
		{"^\xe9$", ere | icase, "\xc9", false}, // REG_ICASE folds ASCII only
		{"^[\xe9]$", ere | icase, "\xc9", false},
		{"^[a\xe9]$", ere | icase, "A", true},
		{"^[a\xe9]$", ere | icase, "\xe9", true},
		{"^[^a\xe9]$", ere | icase, "A", false},
		{"^[^a\xe9]$", ere | icase, "\xc9", true},
		{"^[^\xe9]$", ere | icase | newline, "\n", false},
	}
	for _, c := range cases {
		re, err := compileRegex(c.pattern, c.flags)
		if err != nil {
			t.Errorf("compileRegex(%q, %d): %v", c.pattern, c.flags, err)
			continue
		}
		if got := re.MatchString(regexSubject(c.s)); got != c.want {
			t.Errorf("%q (flags %d) on %q = %v, want %v", c.pattern, c.flags, c.s, got, c.want)
		}
	}
	for _, c := range []struct {
		pattern string
		flags   int64
	}{
		{"a**", bre}, {"*a", ere}, {"^*", ere}, {"a|*b", ere}, {"x{1", ere}, {"a{x}", ere},
		{"a\\", bre}, {"[ab", bre}, {"\\(a", bre}, {"(a", ere}, {"(a)\\2", ere}, {"\\)", bre},
	} {
		if _, err := compileRegex(c.pattern, c.flags); err == nil {
			t.Errorf("compileRegex(%q, %d): no error, want one", c.pattern, c.flags)
		}
	}
}
