//go:build pq

// lib/pq (github.com/lib/pq) through database/sql.
package main

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/lib/pq"
)

const driverModule = "github.com/lib/pq"

func connect(request *Request) (Outcome, error) {
	if request.ResumeTLSSessionFrom != "" {
		return Outcome{}, unsupported("lib/pq makes its own tls.Config without a session cache: it cannot offer a TLS session")
	}
	if request.Settings.TLS.MinVersion != "" || request.Settings.TLS.MaxVersion != "" {
		return Outcome{}, unsupported("lib/pq has no option for TLS versions")
	}
	dsn, _ := libpqDSN(request, map[string]string{"disable": "disable", "require": "require", "verify-ca": "verify-ca", "verify-full": "verify-full"})
	secret, err := password(request)
	if err != nil {
		return Outcome{}, err
	}
	effective := map[string]any{"dsn": dsn + " password=<redacted>"}
	connector, err := pq.NewConnector(dsn + " password=" + dsnValue(secret))
	if err != nil {
		return Outcome{Error: pqError(err), Config: effective}, nil
	}
	db := sql.OpenDB(connector)
	defer db.Close()
	ctx, cancel := context.WithTimeout(context.Background(), time.Duration(request.TimeoutMs)*time.Millisecond)
	defer cancel()
	conn, err := db.Conn(ctx)
	if err != nil {
		return Outcome{Error: pqError(err), Config: effective}, nil
	}
	defer conn.Close()
	list, failed := statements(request, sqlQuery(ctx, conn), pqError)
	// lib/pq does not expose its TLS connection: no TLS facts.
	return Outcome{OK: failed == nil, Error: failed, Statements: list, Config: effective}, nil
}

// pqError: lib/pq's condition name (its own code, e.g. invalid_password) and the SQLSTATE.
func pqError(err error) *ErrorInfo {
	var server *pq.Error
	if errors.As(err, &server) {
		info := errorInfo(err, server.Code.Name(), 0, string(server.Code))
		info.Routine = server.Routine
		return info
	}
	return errorInfo(err, "", 0, "")
}
