package engine

import (
	"crypto/sha1"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/aerokit/aero/driver"
	lua "github.com/yuin/gopher-lua"
	"github.com/yuin/gopher-lua/parse"
)

// The UDF module registry, as the server's udf_cask.c keeps it: modules by
// file name ("name.lua"), each with its source and the hash udf-list shows.

// MaxUDFSize is the largest module the server registers: 1 MiB of source
// (udf_cask.c MAX_UDF_CONTENT_LENGTH).
const MaxUDFSize = 1 << 20

// maxUDFFileName is the longest file name (udf_cask.c MAX_FILE_NAME_SZ - 1).
const maxUDFFileName = 127

// UDFModule describes a registered module, as udf-list lists it. Its Hash
// is the server's: the SHA-1, in hex, of the system-metadata value the
// server stores, {"content64": <base64 source>, "type": "LUA", "name": <file
// name>} (udf_cask.c udf_cask_info_put, udf_cask_smd_get_all_cb), so that
// it equals a real server's for the same source.
type UDFModule = driver.UDFModule

// CompileError is a module that does not load: udf-put answers
// error=compile_error with its file, line and message (udf_cask.c,
// mod_lua.c populate_error).
type CompileError struct {
	File    string
	Line    int
	Message string
}

func (e *CompileError) Error() string {
	return fmt.Sprintf("compile_error: %s:%d: %s", e.File, e.Line, e.Message)
}

// udfModule is a registered module: its source and its compiled chunk.
type udfModule struct {
	info  UDFModule
	src   []byte
	proto *lua.FunctionProto
	pool  sync.Pool // *luaState ready for calls
}

type udfRegistry struct {
	mu   sync.RWMutex
	mods map[string]*udfModule // by module name (the file name without extension)
}

// moduleKey is the cache key of a file name: the name without its
// extension, as mod-lua's cache names modules (mod_lua.c cache_add_file).
func moduleKey(file string) string {
	if i := strings.LastIndexByte(file, '.'); i > 0 {
		return file[:i]
	}
	return file
}

// CheckUDFName validates a module file name as udf-put does
// (udf_cask.c udf_cask_info_put: a dot, not first, not last).
func CheckUDFName(file string) error {
	dot := strings.IndexByte(file, '.')
	if file == "" || len(file) > maxUDFFileName || dot <= 0 || dot == len(file)-1 {
		return driver.Errorf(driver.ParameterError, "invalid UDF file name %q: want name.lua", file)
	}
	return nil
}

// RegisterUDF compiles and registers the Lua module file (e.g.
// "mymod.lua"), replacing a module of the same name. As the server
// (udf_cask.c udf_cask_info_put, mod_lua.c validate), registering runs the
// module's top level in a fresh state: a syntax error or an error raised
// while it runs is a *CompileError, inside a driver.Error with code
// UDFBadResponse, and nothing is registered.
func (e *Engine) RegisterUDF(file string, src []byte) error {
	if err := CheckUDFName(file); err != nil {
		return err
	}
	if len(src) > MaxUDFSize {
		return driver.Errorf(driver.ParameterError, "UDF %s: %d bytes exceeds 1 MiB", file, len(src))
	}
	proto, cerr := compileModule(file, src)
	if cerr != nil {
		return &driver.Error{Code: driver.UDFBadResponse, Err: cerr}
	}
	// Run the top level once, as validate does.
	st, err := newLuaState(proto, file)
	if err != nil {
		var ce *CompileError
		if errors.As(err, &ce) {
			return &driver.Error{Code: driver.UDFBadResponse, Err: ce}
		}
		return err
	}
	st.L.Close()
	content := base64.StdEncoding.EncodeToString(src)
	smd := fmt.Sprintf(`{"content64": "%s", "type": "LUA", "name": "%s"}`, content, jsonEscape(file))
	sum := sha1.Sum([]byte(smd))
	m := &udfModule{info: UDFModule{Name: file, Hash: hex.EncodeToString(sum[:]), Language: "LUA"}, src: slices.Clone(src), proto: proto}
	e.udfs.mu.Lock()
	defer e.udfs.mu.Unlock()
	if e.udfs.mods == nil {
		e.udfs.mods = map[string]*udfModule{}
	}
	e.udfs.mods[moduleKey(file)] = m
	return nil
}

func jsonEscape(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`)
	return r.Replace(s)
}

// compileModule parses and compiles src, turning a syntax error into the
// server's form: "syntax error near 'tok'" at its line (Lua's luaX_syntaxerror).
func compileModule(file string, src []byte) (*lua.FunctionProto, *CompileError) {
	chunk, err := parse.Parse(strings.NewReader(string(src)), file)
	if err != nil {
		var pe *parse.Error
		if errors.As(err, &pe) {
			msg := pe.Message
			if msg == "parse error" {
				msg = "syntax error" // Lua's own word (llex.c luaX_syntaxerror)
			}
			if pe.Token != "" {
				msg += " near '" + pe.Token + "'"
			}
			return nil, &CompileError{File: file, Line: pe.Pos.Line, Message: msg}
		}
		return nil, &CompileError{File: file, Message: err.Error()}
	}
	proto, err := lua.Compile(chunk, file)
	if err != nil {
		return nil, &CompileError{File: file, Message: err.Error()}
	}
	return proto, nil
}

// RemoveUDF removes the module file. Removing a module that is not
// registered is no error (udf_cask.c udf_cask_info_remove answers ok).
func (e *Engine) RemoveUDF(file string) error {
	if file == "" {
		return driver.NewError(driver.ParameterError, "invalid UDF file name")
	}
	e.udfs.mu.Lock()
	defer e.udfs.mu.Unlock()
	if m, ok := e.udfs.mods[moduleKey(file)]; ok && m.info.Name == file {
		delete(e.udfs.mods, moduleKey(file))
	}
	return nil
}

// UDFs lists the registered modules by name.
func (e *Engine) UDFs() []UDFModule {
	e.udfs.mu.RLock()
	defer e.udfs.mu.RUnlock()
	out := make([]UDFModule, 0, len(e.udfs.mods))
	for _, m := range e.udfs.mods {
		out = append(out, m.info)
	}
	slices.SortFunc(out, func(a, b UDFModule) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// UDFSource returns the source of the module file, and whether it is
// registered.
func (e *Engine) UDFSource(file string) ([]byte, bool) {
	e.udfs.mu.RLock()
	defer e.udfs.mu.RUnlock()
	m, ok := e.udfs.mods[moduleKey(file)]
	if !ok || m.info.Name != file {
		return nil, false
	}
	return slices.Clone(m.src), true
}

// module returns the module a call names: by name without extension, as
// the client sends it ("mymod").
func (e *Engine) udfModule(name string) *udfModule {
	e.udfs.mu.RLock()
	defer e.udfs.mu.RUnlock()
	return e.udfs.mods[name]
}
