// compatlab's Go probe: one process per cell, one JSON request per stdin line, one JSON outcome per
// stdout line (the process client protocol, README "Clients in any language"). compatlab builds it
// once per driver and version with that driver's build tag (pgx, pq, mysql) and a go.mod requiring it.
package main

import (
	"bufio"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"reflect"
	"runtime"
	"runtime/debug"
	"sort"
	"strings"
	"time"
)

const maxRows = 100

type Request struct {
	Connection   string `json:"connection"`
	Engine       string `json:"engine"`
	Host         string `json:"host"`
	Port         int    `json:"port"`
	User         string `json:"user"`
	Database     string `json:"database"`
	PasswordFile string `json:"passwordFile"`
	Settings     struct {
		TLS struct {
			Mode       string `json:"mode"`
			MinVersion string `json:"minVersion"`
			MaxVersion string `json:"maxVersion"`
		} `json:"tls"`
		ServerPublicKey string `json:"serverPublicKey"`
	} `json:"settings"`
	Files struct {
		CA              string `json:"ca"`
		ServerPublicKey string `json:"serverPublicKey"`
	} `json:"files"`
	ResumeTLSSessionFrom string   `json:"resumeTlsSessionFrom"`
	SQL                  []string `json:"sql"`
	TimeoutMs            int      `json:"timeoutMs"`
	Options              struct {
		Native map[string]any `json:"native"`
	} `json:"options"`
}

type ErrorInfo struct {
	Code           string  `json:"code,omitempty"`
	ServerCode     int     `json:"serverCode,omitempty"`
	SQLState       string  `json:"sqlState,omitempty"`
	Routine        string  `json:"routine,omitempty"`
	Message        string  `json:"message"`
	ExceptionClass string  `json:"exceptionClass"`
	Causes         []Cause `json:"causes,omitempty"`
}

type Cause struct {
	ExceptionClass string `json:"exceptionClass"`
	Message        string `json:"message"`
}

type TLSInfo struct {
	Protocol       *string `json:"protocol"`
	Cipher         string  `json:"cipher,omitempty"`
	SessionOffered bool    `json:"sessionOffered"`
	SessionReused  bool    `json:"sessionReused"`
}

type Statement struct {
	SQL        string     `json:"sql"`
	OK         bool       `json:"ok"`
	Error      *ErrorInfo `json:"error,omitempty"`
	Rows       [][]any    `json:"rows,omitempty"`
	RowCount   *int       `json:"rowCount,omitempty"`
	DurationMs float64    `json:"durationMs"`
}

type Outcome struct {
	OK          bool           `json:"ok"`
	Unsupported string         `json:"unsupported,omitempty"`
	Error       *ErrorInfo     `json:"error,omitempty"`
	Client      map[string]any `json:"client"`
	TLS         *TLSInfo       `json:"tls,omitempty"`
	Statements  []Statement    `json:"statements,omitempty"`
	Config      map[string]any `json:"config,omitempty"`
}

// unsupported is returned by a driver for a request it cannot express: the cell is skipped.
type unsupported string

func (u unsupported) Error() string { return string(u) }

func main() {
	client := map[string]any{"name": driverModule, "version": moduleVersion(driverModule), "runtime": runtime.Version()}
	scanner := bufio.NewScanner(os.Stdin)
	scanner.Buffer(make([]byte, 1<<20), 16<<20)
	out := json.NewEncoder(os.Stdout)
	for scanner.Scan() {
		if strings.TrimSpace(scanner.Text()) == "" {
			continue
		}
		var request Request
		if err := json.Unmarshal(scanner.Bytes(), &request); err != nil {
			fmt.Fprintf(os.Stderr, "not a request: %v\n", err)
			os.Exit(2)
		}
		sessionOffered = false
		outcome, err := connect(&request)
		var reason unsupported
		if errors.As(err, &reason) {
			outcome = Outcome{Unsupported: string(reason)}
		}
		outcome.Client = client
		if err := out.Encode(outcome); err != nil {
			os.Exit(1)
		}
	}
}

func moduleVersion(path string) string {
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, dep := range info.Deps {
			if dep.Path == path {
				return dep.Version
			}
		}
	}
	return "unknown"
}

func password(request *Request) (string, error) {
	data, err := os.ReadFile(request.PasswordFile)
	return string(data), err
}

// sessionCaches: a connection gets a session cache of its own, or the one of the connection whose
// TLS session it is to offer; Go's client resumes through session tickets.
var sessionCaches = map[string]tls.ClientSessionCache{}

func sessionCache(request *Request) tls.ClientSessionCache {
	cache := sessionCaches[request.ResumeTLSSessionFrom]
	if request.ResumeTLSSessionFrom == "" || cache == nil {
		cache = tls.NewLRUClientSessionCache(8)
	}
	sessionCaches[request.Connection] = cache
	return cache
}

var tlsVersions = map[string]uint16{"TLSv1": tls.VersionTLS10, "TLSv1.1": tls.VersionTLS11, "TLSv1.2": tls.VersionTLS12, "TLSv1.3": tls.VersionTLS13}

// offered notes whether the client found a session to offer in its cache.
type offeringCache struct {
	tls.ClientSessionCache
	offered *bool
}

func (c offeringCache) Get(key string) (*tls.ClientSessionState, bool) {
	session, ok := c.ClientSessionCache.Get(key)
	if ok && session != nil {
		*c.offered = true
	}
	return session, ok
}

// sessionOffered: whether the connection being made offered a TLS session to resume.
var sessionOffered bool

// tlsSettings applies the TLS version settings and the session cache to a driver's tls.Config, and
// records the handshake's facts (VerifyConnection runs on resumed handshakes too).
func tlsSettings(config *tls.Config, request *Request, cache tls.ClientSessionCache, seen **tls.ConnectionState) {
	if config == nil {
		return
	}
	config.MinVersion = tlsVersions[request.Settings.TLS.MinVersion]
	config.MaxVersion = tlsVersions[request.Settings.TLS.MaxVersion]
	config.ClientSessionCache = offeringCache{cache, &sessionOffered}
	verify := config.VerifyConnection
	config.VerifyConnection = func(state tls.ConnectionState) error {
		*seen = &state
		if verify != nil {
			return verify(state)
		}
		return nil
	}
}

// failedTLS: a connection that failed says whether it had offered a session (then no TLS was negotiated).
func failedTLS() *TLSInfo {
	if !sessionOffered {
		return nil
	}
	return &TLSInfo{SessionOffered: true}
}

func tlsFacts(state *tls.ConnectionState) *TLSInfo {
	if state == nil {
		return &TLSInfo{}
	}
	protocol := map[uint16]string{tls.VersionTLS10: "TLSv1", tls.VersionTLS11: "TLSv1.1", tls.VersionTLS12: "TLSv1.2", tls.VersionTLS13: "TLSv1.3"}[state.Version]
	return &TLSInfo{Protocol: &protocol, Cipher: tls.CipherSuiteName(state.CipherSuite), SessionOffered: sessionOffered, SessionReused: state.DidResume}
}

func tlsDescription(config *tls.Config, request *Request) map[string]any {
	if config == nil {
		return nil
	}
	resume := "a new session cache"
	if request.ResumeTLSSessionFrom != "" {
		resume = "the session cache of " + request.ResumeTLSSessionFrom
	}
	described := map[string]any{"insecureSkipVerify": config.InsecureSkipVerify, "clientSessionCache": resume}
	for key, value := range map[string]string{"minVersion": request.Settings.TLS.MinVersion, "maxVersion": request.Settings.TLS.MaxVersion, "serverName": config.ServerName} {
		if value != "" {
			described[key] = value
		}
	}
	return described
}

// caPool reads compatlab's CA for verify-ca and verify-full.
func caPool(request *Request) (*x509.CertPool, error) {
	pem, err := os.ReadFile(request.Files.CA)
	if err != nil {
		return nil, err
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(pem)
	return pool, nil
}

// errorInfo: the driver's error with its type, and each error it wraps.
func errorInfo(err error, code string, serverCode int, sqlState string) *ErrorInfo {
	info := &ErrorInfo{Code: code, ServerCode: serverCode, SQLState: sqlState, Message: err.Error(), ExceptionClass: fmt.Sprintf("%T", err)}
	for cause := unwrap(err); cause != nil; cause = unwrap(cause) {
		// Of wrappers that say the same, the innermost.
		if next := unwrap(cause); next != nil && next.Error() == cause.Error() {
			continue
		}
		info.Causes = append(info.Causes, Cause{ExceptionClass: fmt.Sprintf("%T", cause), Message: cause.Error()})
	}
	return info
}

func unwrap(err error) error {
	if many, ok := err.(interface{ Unwrap() []error }); ok {
		if list := many.Unwrap(); len(list) > 0 {
			return list[0]
		}
		return nil
	}
	return errors.Unwrap(err)
}

// field reads a struct field that only some versions of a driver have (go-sql-driver's SQLState).
func field(value any, name string) (reflect.Value, bool) {
	v := reflect.Indirect(reflect.ValueOf(value))
	if v.Kind() != reflect.Struct {
		return reflect.Value{}, false
	}
	f := v.FieldByName(name)
	return f, f.IsValid()
}

// jsonValue: what a row value is as JSON; anything else as its text.
func jsonValue(v any) any {
	switch x := v.(type) {
	case nil, bool, string, int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64, float32, float64:
		return x
	case []byte:
		return string(x)
	case time.Time:
		return x.Format(time.RFC3339Nano)
	case interface{ Value() (any, error) }: // database/sql/driver.Valuer, e.g. pgtype.Numeric
		if inner, err := x.Value(); err == nil && inner != v {
			return jsonValue(inner)
		}
	case fmt.Stringer:
		return x.String()
	}
	return fmt.Sprint(v)
}

type queryFunc func(sql string) (rows [][]any, count int, returnsRows bool, err error)

// statements runs each statement in order and stops at the first that fails.
func statements(request *Request, query queryFunc, describe func(error) *ErrorInfo) ([]Statement, *ErrorInfo) {
	var list []Statement
	for _, sql := range request.SQL {
		started := time.Now()
		rows, count, returnsRows, err := query(sql)
		statement := Statement{SQL: sql, OK: err == nil, DurationMs: float64(time.Since(started).Microseconds()) / 1000}
		if err != nil {
			statement.Error = describe(err)
		} else if returnsRows {
			statement.Rows, statement.RowCount = rows, &count
		}
		list = append(list, statement)
		if err != nil {
			return list, statement.Error
		}
	}
	return list, nil
}

// keep adds a row while fewer than maxRows are kept, and counts it.
func keep(rows *[][]any, count *int, values []any) {
	*count++
	if len(*rows) < maxRows {
		row := make([]any, len(values))
		for i, v := range values {
			row[i] = jsonValue(v)
		}
		*rows = append(*rows, row)
	}
}

// dsnValue quotes a libpq key/value DSN value when it needs it.
func dsnValue(v string) string {
	if v != "" && !strings.ContainsAny(v, ` '\`) {
		return v
	}
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(v) + "'"
}

// libpqDSN: compatlab's settings as libpq-style keys, then options.native as written (they win).
func libpqDSN(request *Request, modes map[string]string) (string, error) {
	keys := [][2]string{{"host", request.Host}, {"port", fmt.Sprint(request.Port)}, {"user", request.User}, {"dbname", request.Database},
		{"connect_timeout", fmt.Sprint((request.TimeoutMs + 999) / 1000)}}
	if mode := request.Settings.TLS.Mode; mode != "" {
		keys = append(keys, [2]string{"sslmode", modes[mode]})
		if strings.HasPrefix(mode, "verify") {
			keys = append(keys, [2]string{"sslrootcert", request.Files.CA})
		}
	}
	seen := map[string]int{}
	for i, kv := range keys {
		seen[kv[0]] = i
	}
	names := make([]string, 0, len(request.Options.Native))
	for key := range request.Options.Native {
		names = append(names, key)
	}
	sort.Strings(names)
	for _, key := range names {
		text := fmt.Sprint(request.Options.Native[key])
		if i, ok := seen[key]; ok {
			keys[i][1] = text
		} else {
			keys = append(keys, [2]string{key, text})
		}
	}
	parts := make([]string, len(keys))
	for i, kv := range keys {
		parts[i] = kv[0] + "=" + dsnValue(kv[1])
	}
	return strings.Join(parts, " "), nil
}
