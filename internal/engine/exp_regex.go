package engine

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
)

// Regular expressions of cmp_regex. The server hands the client's flags
// straight to glibc's regcomp (as/src/base/exp.c build_cmp_regex:
// regcomp(&op->regex, str, (int)regex_options)) and matches with
// regexec(..., 0, NULL, 0) on a NUL-terminated copy of the string
// (eval_cmp_regex, cf_strndup). So the flag bits mean what glibc's
// <regex.h> says, not what the client's names say:
//
//	1 REG_EXTENDED (client EXTENDED)
//	2 REG_ICASE    (client ICASE)
//	4 REG_NEWLINE  (client NOSUB)
//	8 REG_NOSUB    (client NEWLINE; no effect on whether a string matches)
//
// The pattern is translated from glibc's POSIX dialect (basic or extended,
// with the GNU escapes) into RE2 syntax and run by Go's regexp: the
// translation keeps glibc's meaning for what RE2 can express; a
// back-reference (\1..\9) can only be to a group that matches a fixed
// string ("(ab)\1" is "(ab)(?:ab)"); another is refused (PARAMETER_ERROR,
// where the server would accept it).
const (
	regExtended = 1 << 0
	regICase    = 1 << 1
	regNewline  = 1 << 2
)

// compileRegex compiles a pattern as the server's build_cmp_regex does,
// through a shared cache.
func compileRegex(pattern string, flags int64) (*regexp.Regexp, error) {
	key := regexKey{pattern, flags}
	if re, ok := regexCache.Load(key); ok {
		return re.(*regexp.Regexp), nil
	}
	re, err := compileRegexNow(pattern, flags)
	if err != nil {
		return nil, err
	}
	if regexCount.Add(1) > maxCachedRegexps {
		// Patterns built per call would grow the cache without bound:
		// start over.
		regexCache.Clear()
		regexCount.Store(1)
	}
	regexCache.Store(key, re)
	return re, nil
}

// regexCache holds compiled patterns by (pattern, flags), at most
// maxCachedRegexps of them.
var (
	regexCache sync.Map
	regexCount atomic.Int64
)

const maxCachedRegexps = 1024

type regexKey struct {
	pattern string
	flags   int64
}

// regexSubject is the string regexec sees: the server copies the bin with
// cf_strndup, which stops at the first NUL. It is returned as byteString
// makes it.
func regexSubject(s string) string {
	if i := strings.IndexByte(s, 0); i >= 0 {
		s = s[:i]
	}
	return byteString(s)
}

// byteString turns each byte of s into the rune of the same value. The
// server's regcomp runs in the C locale, where a character is a byte ('.'
// matches one byte of a UTF-8 sequence, any byte is a valid literal);
// Go's regexp matches runes, so the pattern's bytes (translator) and the
// string's are both mapped to the runes U+0000-U+00FF. An ASCII string is
// returned as it is.
func byteString(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			r := make([]rune, len(s))
			for j := 0; j < len(s); j++ {
				r[j] = rune(s[j])
			}
			return string(r)
		}
	}
	return s
}

func compileRegexNow(pattern string, flags int64) (*regexp.Regexp, error) {
	if i := strings.IndexByte(pattern, 0); i >= 0 {
		pattern = pattern[:i] // regcomp reads a C string too
	}
	tr, err := posixToRE2(pattern, flags&regExtended != 0, flags&regICase != 0, flags&regNewline != 0)
	if err != nil {
		return nil, err
	}
	prefix := ""
	if flags&regICase != 0 {
		prefix += "i"
	}
	if flags&regNewline != 0 {
		// REG_NEWLINE: '.' and a non-matching list do not match a newline
		// (the list gets \n in posixToRE2), '^' and '$' match at lines.
		prefix += "m"
	} else {
		prefix += "s" // POSIX: '.' matches a newline
	}
	return regexp.Compile("(?" + prefix + ")" + tr)
}

var errBackRef = errors.New("back-references to a group that is not a fixed string are not supported")

// posixToRE2 rewrites a glibc POSIX regular expression (basic when ere is
// false) in RE2 syntax. It follows glibc's RE_SYNTAX_POSIX_BASIC and
// RE_SYNTAX_POSIX_EXTENDED (regcomp.c parse_expression):
//   - basic: + ? | ( ) { } are literals and \+ \? \| \( \) \{ \} operators;
//     '*' is a literal at the start of an expression; '^' is an anchor only
//     at the start, '$' only at the end;
//   - extended: a repetition at the start of an expression is an error, a
//     repetition may follow a repetition ("a**"), "{,n}" is "{0,n}", an
//     unmatched ')' is a literal;
//   - both: a backslash before an ordinary character is that character
//     ("\d" is "d"; under REG_ICASE an escaped lower-case letter matches
//     nothing), \w \W \s \S \b \B \` \' are GNU's, \< \> are word
//     boundaries; a bracket expression takes '\' literally and ']' first as
//     a member.
func posixToRE2(p string, ere, icase, newline bool) (string, error) {
	t := translator{p: p, ere: ere, icase: icase, newline: newline}
	return t.run()
}

type group struct {
	start int  // where the group starts in out
	num   int  // its number - 1 (the order of its opening parenthesis)
	fixed bool // it holds literals only so far
}

type translator struct {
	p       string
	ere     bool
	icase   bool
	newline bool
	out     strings.Builder
	// atom is where the last repeatable item starts in out; -1 when there
	// is none (the start of an expression, after '(' or '|' or an anchor).
	atom int
	// repeated is true when the last item is already a repetition.
	repeated bool
	// groups holds the open groups.
	groups []group
	// captured holds, by group number - 1, the text of each closed group
	// whose match is a fixed string, "" for the others: a back-reference
	// to such a group is that string again.
	captured []string
	// lastGroup is the number - 1 of the group that ends the output, -1
	// when the output ends otherwise.
	lastGroup int
	// start is true at the start of an expression: nothing yet, or just
	// after an opening parenthesis or an alternation.
	start bool
}

func (t *translator) run() (string, error) {
	t.atom = -1
	t.start = true
	t.lastGroup = -1
	p := t.p
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch {
		case c == '[':
			n, err := t.bracket(i)
			if err != nil {
				return "", err
			}
			i = n
		case c == '\\':
			if i+1 >= len(p) {
				return "", errors.New("trailing backslash")
			}
			if !t.ere && p[i+1] == '{' {
				n, err := t.interval(i + 2)
				if err != nil {
					return "", err
				}
				i = n
				continue
			}
			i++
			if err := t.escape(p[i]); err != nil {
				return "", err
			}
		case c == '*':
			if err := t.star(); err != nil {
				return "", err
			}
		case t.ere && (c == '+' || c == '?'):
			if err := t.repeat(string(c)); err != nil {
				return "", err
			}
		case t.ere && c == '{':
			n, err := t.interval(i + 1)
			if err != nil {
				return "", err
			}
			i = n
		case t.ere && c == '(':
			t.open()
		case t.ere && c == ')':
			if len(t.groups) == 0 {
				t.literal(c) // RE_UNMATCHED_RIGHT_PAREN_ORD
				continue
			}
			t.close()
		case t.ere && c == '|':
			t.alt()
		case c == '^':
			if t.ere || t.start {
				t.anchor("^")
			} else {
				t.literal(c)
			}
		case c == '$':
			if t.ere || t.atEnd(i) {
				t.anchor("$")
			} else {
				t.literal(c)
			}
		case c == '.':
			t.item(".")
		default:
			t.literal(c)
		}
	}
	if len(t.groups) != 0 {
		return "", errors.New("unmatched parenthesis")
	}
	return t.out.String(), nil
}

// atEnd reports whether '$' at i ends a basic expression: the end of the
// pattern, or before \) or \|.
func (t *translator) atEnd(i int) bool {
	rest := t.p[i+1:]
	return rest == "" || strings.HasPrefix(rest, `\)`) || strings.HasPrefix(rest, `\|`)
}

func (t *translator) item(s string) {
	t.unfix()
	t.atom = t.out.Len()
	t.repeated = false
	t.start = false
	t.lastGroup = -1
	t.out.WriteString(s)
}

func (t *translator) literal(c byte) {
	fixed := make([]bool, len(t.groups))
	for k, g := range t.groups {
		fixed[k] = g.fixed
	}
	lit := regexp.QuoteMeta(string(rune(c))) // a byte as a Latin-1 rune: see byteString
	if c >= 0x80 && t.icase {
		// REG_ICASE folds ASCII letters only (C locale); RE2 would fold
		// Latin-1 ones too ('\xe9' with '\xc9').
		lit = "(?-i:" + lit + ")"
	}
	t.item(lit)
	for k := range t.groups {
		t.groups[k].fixed = fixed[k]
	}
}

// unfix marks the open groups as matching more than one string.
func (t *translator) unfix() {
	for k := range t.groups {
		t.groups[k].fixed = false
	}
}

func (t *translator) anchor(s string) {
	t.unfix()
	t.lastGroup = -1
	t.out.WriteString(s)
	t.start = false
	if t.ere {
		// glibc ERE: "^*" is an error (a repetition of nothing).
		t.atom = -1
	} else if s == "^" {
		t.atom = -1 // BRE: '*' after a leading '^' is a literal
	}
	t.repeated = false
}

func (t *translator) open() {
	t.groups = append(t.groups, group{start: t.out.Len(), num: len(t.captured), fixed: true})
	t.captured = append(t.captured, "")
	t.out.WriteString("(")
	t.atom = -1
	t.repeated = false
	t.start = true
}

// close ends a group; the whole group is the atom a repetition applies
// to.
func (t *translator) close() {
	t.out.WriteString(")")
	g := t.groups[len(t.groups)-1]
	t.groups = t.groups[:len(t.groups)-1]
	if g.fixed {
		t.captured[g.num] = "(?:" + t.out.String()[g.start+1:]
	}
	t.atom = g.start
	t.lastGroup = g.num
	t.repeated = false
	t.start = false
}

func (t *translator) alt() {
	t.unfix()
	t.lastGroup = -1
	t.out.WriteString("|")
	t.atom = -1
	t.repeated = false
	t.start = true
}

// star is '*': a repetition, or a literal where a basic expression has
// nothing to repeat.
func (t *translator) star() error {
	if t.atom < 0 && !t.ere {
		t.literal('*')
		return nil
	}
	return t.repeat("*")
}

// repeat applies a repetition to the last item; a repetition of a
// repetition ("a**") wraps the first in a group, as RE2 refuses it bare.
func (t *translator) repeat(q string) error {
	if t.atom < 0 {
		return fmt.Errorf("repetition %q of nothing", q)
	}
	if t.repeated && !t.ere {
		return fmt.Errorf("repetition %q of a repetition", q) // glibc BRE: REG_BADRPT
	}
	t.unfix()
	if t.lastGroup >= 0 {
		t.captured[t.lastGroup] = "" // a repeated group may match anything
	}
	if t.repeated {
		s := t.out.String()
		t.out.Reset()
		t.out.WriteString(s[:t.atom] + "(?:" + s[t.atom:] + ")")
	}
	t.out.WriteString(q)
	t.repeated = true
	return nil
}

// interval parses "m}", "m,}", "m,n}", ",n}" at i (after '{', or after
// "\{" in a basic expression) and returns the index of its last byte.
func (t *translator) interval(i int) (int, error) {
	p := t.p
	closing := "}"
	if !t.ere {
		closing = `\}`
	}
	end := strings.Index(p[i:], closing)
	if end < 0 {
		return 0, errors.New("unmatched brace")
	}
	body := p[i : i+end]
	lo, hi, comma := body, "", false
	if k := strings.IndexByte(body, ','); k >= 0 {
		lo, hi, comma = body[:k], body[k+1:], true
	}
	if !digits(lo) || !digits(hi) || (lo == "" && !comma) {
		return 0, fmt.Errorf("invalid interval {%s}", body)
	}
	if lo == "" {
		lo = "0"
	}
	q := "{" + lo
	if comma {
		q += "," + hi
	}
	q += "}"
	if err := t.repeat(q); err != nil {
		return 0, err
	}
	return i + end + len(closing) - 1, nil
}

func digits(s string) bool {
	for j := 0; j < len(s); j++ {
		if s[j] < '0' || s[j] > '9' {
			return false
		}
	}
	return true
}

// escape translates a backslash and the character c.
func (t *translator) escape(c byte) error {
	if !t.ere {
		switch c {
		case '(':
			t.open()
			return nil
		case ')':
			if len(t.groups) == 0 {
				return errors.New("unmatched \\)")
			}
			t.close()
			return nil
		case '|':
			t.alt()
			return nil
		case '+', '?':
			if t.atom < 0 {
				t.literal(c)
				return nil
			}
			return t.repeat(string(c))
		}
	}
	switch {
	case c >= '1' && c <= '9':
		n := int(c - '1')
		if n >= len(t.captured) {
			return fmt.Errorf("back-reference \\%c to no group", c) // REG_ESUBREG
		}
		if t.captured[n] == "" {
			return errBackRef
		}
		t.item(t.captured[n])
	case strings.IndexByte("wWsSbB", c) >= 0:
		t.item(`\` + string(c))
	case c == '<' || c == '>':
		t.anchor(`\b`)
	case c == '`':
		t.anchor(`\A`)
	case c == '\'':
		t.anchor(`\z`)
	case c >= 'a' && c <= 'z' && t.icase:
		// glibc under REG_ICASE matches an upper-cased copy of the string
		// against the pattern read through re_string_peek_byte_case, which
		// keeps an escaped letter as written: a lower-case one never
		// matches (regcomp.c peek_token).
		t.item(`[^\x00-\x{10FFFF}]`)
	default:
		t.literal(c)
	}
	return nil
}

// bracket copies the bracket expression starting at i and returns the
// index of its closing ']'.
func (t *translator) bracket(i int) (int, error) {
	p := t.p
	var b strings.Builder
	b.WriteByte('[')
	j := i + 1
	if j < len(p) && p[j] == '^' {
		b.WriteByte('^')
		if t.newline {
			b.WriteString(`\n`) // REG_NEWLINE: a non-matching list never matches a newline
		}
		j++
	}
	first := true
	for ; j < len(p); j++ {
		c := p[j]
		switch {
		case c == ']' && !first:
			b.WriteByte(']')
			cls := b.String()
			if t.icase && hasHighByte(p[i:j]) {
				var err error
				if cls, err = byteClass(cls); err != nil {
					return 0, err
				}
			}
			t.item(cls)
			return j, nil
		case c == '[' && j+1 < len(p) && (p[j+1] == ':' || p[j+1] == '=' || p[j+1] == '.'):
			kind := p[j+1]
			end := strings.Index(p[j+2:], string(kind)+"]")
			if end < 0 {
				return 0, errors.New("unmatched [")
			}
			name := p[j+2 : j+2+end]
			if kind == ':' {
				b.WriteString("[:" + name + ":]")
			} else {
				b.WriteString(classLiteral(name))
			}
			j += 2 + end + 1
		default:
			b.WriteString(classLiteral(p[j : j+1]))
		}
		first = false
	}
	return 0, errors.New("unmatched [")
}

// classLiteral escapes what RE2 treats specially inside a class; '-' is a
// range in both dialects and is kept.
func classLiteral(s string) string {
	var b strings.Builder
	for k := 0; k < len(s); k++ {
		switch s[k] {
		case '\\', '[', ']', '^':
			b.WriteByte('\\')
		}
		b.WriteRune(rune(s[k])) // a byte as a Latin-1 rune: see byteString
	}
	return b.String()
}

func hasHighByte(s string) bool {
	for k := 0; k < len(s); k++ {
		if s[k] >= 0x80 {
			return true
		}
	}
	return false
}

// byteClass rewrites a bracket expression with bytes above 0x7f under
// REG_ICASE as the explicit set of the bytes it matches: ASCII ones
// case-insensitively, the others as they are (glibc folds ASCII letters
// only in the C locale; RE2 would fold Latin-1 ones too).
func byteClass(cls string) (string, error) {
	fold, err := regexp.Compile("(?i)^" + cls + "$")
	if err != nil {
		return "", err
	}
	exact := regexp.MustCompile("^" + cls + "$") // compiles if fold did
	var b strings.Builder
	b.WriteString("(?-i:[")
	n := 0
	for r := rune(0); r < 0x100; r++ {
		re := exact
		if r < 0x80 {
			re = fold
		}
		if re.MatchString(string(r)) {
			fmt.Fprintf(&b, `\x{%x}`, r)
			n++
		}
	}
	if n == 0 {
		return `[^\x00-\x{10FFFF}]`, nil
	}
	b.WriteString("])")
	return b.String(), nil
}
