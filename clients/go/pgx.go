//go:build pgx

// pgx (github.com/jackc/pgx/v5). compatlab builds pgx v4 from this file with the v4 import paths.
package main

import (
	"context"
	"crypto/tls"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

const driverModule = "github.com/jackc/pgx/v5"

func connect(request *Request) (Outcome, error) {
	dsn, _ := libpqDSN(request, map[string]string{"disable": "disable", "prefer": "prefer", "require": "require", "verify-ca": "verify-ca", "verify-full": "verify-full"})
	config, err := pgx.ParseConfig(dsn)
	if err != nil {
		return Outcome{Error: errorInfo(err, "", 0, ""), Config: map[string]any{"dsn": dsn}}, nil
	}
	if config.Password, err = password(request); err != nil {
		return Outcome{}, err
	}
	var seen *tls.ConnectionState
	cache := sessionCache(request)
	tlsSettings(config.TLSConfig, request, cache, &seen)
	for _, fallback := range config.Fallbacks {
		tlsSettings(fallback.TLSConfig, request, cache, &seen)
	}
	effective := map[string]any{"dsn": dsn + " password=<redacted>"}
	if tlsConfig := tlsDescription(config.TLSConfig, request); tlsConfig != nil {
		effective["tls.Config"] = tlsConfig
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Duration(request.TimeoutMs)*time.Millisecond)
	defer cancel()
	conn, err := pgx.ConnectConfig(ctx, config)
	if err != nil {
		return Outcome{Error: pgError(err), TLS: failedTLS(), Config: effective}, nil
	}
	defer conn.Close(context.Background())
	var facts *TLSInfo
	if tlsConn, ok := conn.PgConn().Conn().(*tls.Conn); ok {
		state := tlsConn.ConnectionState()
		facts = tlsFacts(&state)
	} else if seen == nil {
		facts = tlsFacts(nil)
	} else {
		facts = tlsFacts(seen)
	}
	query := func(sql string) ([][]any, int, bool, error) {
		result, err := conn.Query(ctx, sql)
		if err != nil {
			return nil, 0, false, err
		}
		defer result.Close()
		rows, count := [][]any{}, 0
		for result.Next() {
			values, err := result.Values()
			if err != nil {
				return nil, 0, false, err
			}
			keep(&rows, &count, values)
		}
		return rows, count, len(result.FieldDescriptions()) > 0, result.Err()
	}
	list, failed := statements(request, query, pgError)
	return Outcome{OK: failed == nil, Error: failed, TLS: facts, Statements: list, Config: effective}, nil
}

// pgError: the server's SQLSTATE (*pgconn.PgError) wherever it is in the chain.
func pgError(err error) *ErrorInfo {
	var server *pgconn.PgError
	if errors.As(err, &server) {
		info := errorInfo(err, server.Code, 0, server.Code)
		info.Routine = server.Routine
		return info
	}
	return errorInfo(err, "", 0, "")
}
