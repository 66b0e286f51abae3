// Package logbridge sends the log of aerospike-client-go to a *slog.Logger,
// so that the client's messages and aero's own go to one logger:
//
//	l := slog.New(slog.NewJSONHandler(os.Stderr, nil))
//	s, err := aero.Open(ctx, dsn, logbridge.WithLogger(l))
//
// The client's logger (github.com/aerospike/aerospike-client-go/v8/logger)
// is process-wide and hands its messages to a Printf-style logger without
// their level; the bridge recovers the level from the client method that
// called it (logger.Debug, Info, Warn or Error, see the client's
// logger/logger.go) and maps it to slog's: DEBUG to Debug, INFO to Info,
// WARNING to Warn, ERR to Error. The client's own level filter is set from
// the levels the slog handler enables, so that disabled messages are not
// even formatted. Each record carries the attribute component =
// "aerospike-client", the source position of the client's call (for
// handlers with AddSource), and err = the first error argument, if any.
//
// The client's logger is process-wide, not per Session: WithLogger installs
// it before the Session connects (so that connect-time messages reach l)
// and restores it when the Session closes; with several Sessions open, the
// client logs to the logger of the last one opened that is still open
// (Install nests).
//
// Messages are redacted before they are logged: the password of a URL
// (scheme://user:password@host) and the value of password=... or
// "password": ... are replaced by REDACTED, so that a DSN or credentials
// that reach a message are never written out.
package logbridge

import (
	"context"
	"fmt"
	"log"
	"log/slog"
	"os"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"time"

	aslog "github.com/aerospike/aerospike-client-go/v8/logger"

	"github.com/aerokit/aero"
	"github.com/aerokit/aero/internal/seam"
)

// Component is the value of the component attribute of the client's records.
const Component = "aerospike-client"

// clientLoggerPkg prefixes the functions of the client's logger.
const clientLoggerPkg = "github.com/aerospike/aerospike-client-go/v8/logger."

// Logger adapts a *slog.Logger to the client's logger interface (Printf).
type Logger struct {
	l *slog.Logger
}

// New returns the adapter for l (slog.Default() if l is nil).
func New(l *slog.Logger) *Logger {
	if l == nil {
		l = slog.Default()
	}
	return &Logger{l: l}
}

// Printf logs one message of the client at the level of the client method
// that called it (Info when called from elsewhere).
func (b *Logger) Printf(format string, v ...any) {
	level, pc := caller()
	ctx := context.Background()
	if !b.l.Enabled(ctx, level) {
		return
	}
	r := slog.NewRecord(time.Now(), level, Redact(fmt.Sprintf(format, v...)), pc)
	r.AddAttrs(slog.String("component", Component))
	for _, a := range v {
		if err, ok := a.(error); ok && err != nil {
			r.AddAttrs(slog.String("err", Redact(err.Error())))
			break
		}
	}
	_ = b.l.Handler().Handle(ctx, r)
}

// caller finds the client's logger method on the stack (its name gives the
// level) and the program counter of the client code that called it.
func caller() (slog.Level, uintptr) {
	var pcs [12]uintptr
	n := runtime.Callers(3, pcs[:]) // skip Callers, caller and Printf
	frames := runtime.CallersFrames(pcs[:n])
	level, found := slog.LevelInfo, false
	for {
		f, more := frames.Next()
		if name, ok := strings.CutPrefix(f.Function, clientLoggerPkg); ok {
			switch {
			case strings.HasSuffix(name, ".Debug"):
				level, found = slog.LevelDebug, true
			case strings.HasSuffix(name, ".Info"):
				level, found = slog.LevelInfo, true
			case strings.HasSuffix(name, ".Warn"):
				level, found = slog.LevelWarn, true
			case strings.HasSuffix(name, ".Error"):
				level, found = slog.LevelError, true
			}
		} else if found {
			return level, f.PC
		}
		if !more {
			break
		}
	}
	return level, 0
}

// ClientLevel returns the client's level that lets through exactly the
// messages l enables: DEBUG, INFO, WARNING, ERR or OFF.
func ClientLevel(l *slog.Logger) aslog.LogPriority {
	ctx := context.Background()
	switch {
	case l.Enabled(ctx, slog.LevelDebug):
		return aslog.DEBUG
	case l.Enabled(ctx, slog.LevelInfo):
		return aslog.INFO
	case l.Enabled(ctx, slog.LevelWarn):
		return aslog.WARNING
	case l.Enabled(ctx, slog.LevelError):
		return aslog.ERR
	}
	return aslog.OFF
}

var (
	installMu sync.Mutex
	// installed holds the loggers installed and not yet restored, in
	// order: the client logs to the last one.
	installed []*installation
)

type installation struct{ l *slog.Logger }

// Install makes l the client's logger, process-wide, and sets the client's
// level from the levels l enables. restore undoes it: the client goes back
// to the logger installed before (when that one is still installed) or to
// its default (the standard logger on stdout, level OFF). Installs nest:
// restoring one that a later Install covers only takes it off the stack.
// restore is idempotent. l nil means slog.Default().
func Install(l *slog.Logger) (restore func()) {
	if l == nil {
		l = slog.Default()
	}
	in := &installation{l: l}
	installMu.Lock()
	installed = append(installed, in)
	apply()
	installMu.Unlock()
	return func() {
		installMu.Lock()
		defer installMu.Unlock()
		for i, x := range installed {
			if x == in {
				installed = append(installed[:i], installed[i+1:]...)
				apply()
				return
			}
		}
	}
}

// apply points the client's logger at the last installation, or at its
// default when there is none. installMu is held.
func apply() {
	if len(installed) == 0 {
		aslog.Logger.SetLogger(log.New(os.Stdout, "", log.LstdFlags))
		aslog.Logger.SetLevel(aslog.OFF)
		return
	}
	l := installed[len(installed)-1].l
	aslog.Logger.SetLogger(New(l))
	aslog.Logger.SetLevel(ClientLevel(l))
}

// WithLogger returns the aero option that makes l the logger of both the
// Session (aero.WithLogger) and the client (Install): one setting for all
// of aero's logging. The client's logger is installed before the Session
// connects, so that what the client logs while connecting goes to l, and
// restored when the Session closes (or its Open fails).
//
// The client's logger is process-wide: while several Sessions opened with
// WithLogger are open, the client logs, for all of them, to the logger of
// the last one opened; when that one closes, to the logger of the one
// before that is still open, and so on.
func WithLogger(l *slog.Logger) aero.Option {
	if l == nil {
		l = slog.Default()
	}
	return aero.WithOptions(
		aero.WithLogger(l),
		seam.BeforeConnect[aero.Option](func() func() { return Install(l) }),
	)
}

var (
	urlPassword = regexp.MustCompile(`([a-zA-Z][a-zA-Z0-9+.-]*://[^:/@\s]*:)[^@\s]*@`)
	kvPassword  = regexp.MustCompile(`(?i)((?:password|passwd|pwd|secret)"?\s*[=:]\s*"?)[^"&\s,;}]*`)
)

// Redact replaces the passwords in s (URL user info, password=value,
// "password": "value") by REDACTED.
func Redact(s string) string {
	if !strings.Contains(s, "@") && !containsFold(s, "pass") && !containsFold(s, "pwd") && !containsFold(s, "secret") {
		return s
	}
	s = urlPassword.ReplaceAllString(s, "${1}REDACTED@")
	return kvPassword.ReplaceAllString(s, "${1}REDACTED")
}

func containsFold(s, sub string) bool {
	return strings.Contains(strings.ToLower(s), sub)
}
