//go:build mysql

// go-sql-driver/mysql (github.com/go-sql-driver/mysql) through database/sql.
package main

import (
	"context"
	"crypto/rsa"
	"crypto/tls"
	"crypto/x509"
	"database/sql"
	"encoding/pem"
	"errors"
	"fmt"
	"net/url"
	"os"
	"reflect"
	"sort"
	"time"

	"github.com/go-sql-driver/mysql"
)

const driverModule = "github.com/go-sql-driver/mysql"

var registered int

func connect(request *Request) (Outcome, error) {
	registered++
	name := fmt.Sprintf("compatlab%d", registered)
	params := url.Values{"timeout": {fmt.Sprintf("%dms", request.TimeoutMs)}}
	var seen *tls.ConnectionState
	var tlsConfig *tls.Config
	switch mode := request.Settings.TLS.Mode; mode {
	case "disable":
		params.Set("tls", "false")
	case "prefer", "require", "verify-ca", "verify-full":
		tlsConfig = &tls.Config{InsecureSkipVerify: mode != "verify-full", ServerName: request.Host}
		if mode == "verify-ca" || mode == "verify-full" {
			pool, err := caPool(request)
			if err != nil {
				return Outcome{}, err
			}
			tlsConfig.RootCAs = pool
			if mode == "verify-ca" { // the chain, not the host name
				tlsConfig.VerifyConnection = func(state tls.ConnectionState) error {
					options := x509.VerifyOptions{Roots: pool, Intermediates: x509.NewCertPool()}
					for _, cert := range state.PeerCertificates[1:] {
						options.Intermediates.AddCert(cert)
					}
					_, err := state.PeerCertificates[0].Verify(options)
					return err
				}
			}
		}
		tlsSettings(tlsConfig, request, sessionCache(request), &seen)
		if err := mysql.RegisterTLSConfig(name, tlsConfig); err != nil {
			return Outcome{}, err
		}
		params.Set("tls", name)
		if mode == "prefer" {
			params.Set("allowFallbackToPlaintext", "true")
		}
	}
	// Without a key, go-sql-driver asks the server for it (serverPublicKey: fetch).
	switch request.Settings.ServerPublicKey {
	case "file":
		key, err := publicKey(request.Files.ServerPublicKey)
		if err != nil {
			return Outcome{}, err
		}
		mysql.RegisterServerPubKey(name, key)
		params.Set("serverPubKey", name)
	}
	names := make([]string, 0, len(request.Options.Native))
	for key := range request.Options.Native {
		names = append(names, key)
	}
	sort.Strings(names)
	for _, key := range names {
		params.Set(key, fmt.Sprint(request.Options.Native[key]))
	}
	dsn := fmt.Sprintf("%s@tcp(%s:%d)/%s?%s", request.User, request.Host, request.Port, request.Database, params.Encode())
	effective := map[string]any{"dsn": dsn}
	if tlsConfig != nil {
		effective["tls.Config"] = tlsDescription(tlsConfig, request)
	}
	config, err := mysql.ParseDSN(dsn)
	if err != nil {
		return Outcome{Error: mysqlError(err), Config: effective}, nil
	}
	if config.Passwd, err = password(request); err != nil {
		return Outcome{}, err
	}
	connector, err := mysql.NewConnector(config)
	if err != nil {
		return Outcome{Error: mysqlError(err), Config: effective}, nil
	}
	db := sql.OpenDB(connector)
	defer db.Close()
	ctx, cancel := context.WithTimeout(context.Background(), time.Duration(request.TimeoutMs)*time.Millisecond)
	defer cancel()
	conn, err := db.Conn(ctx)
	if err != nil {
		return Outcome{Error: mysqlError(err), TLS: failedTLS(), Config: effective}, nil
	}
	defer conn.Close()
	list, failed := statements(request, sqlQuery(ctx, conn), mysqlError)
	return Outcome{OK: failed == nil, Error: failed, TLS: tlsFacts(seen), Statements: list, Config: effective}, nil
}

func publicKey(file string) (*rsa.PublicKey, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	block, _ := pem.Decode(data)
	if block == nil {
		return nil, errors.New("the server's public key file holds no PEM block")
	}
	key, err := x509.ParsePKIXPublicKey(block.Bytes)
	if err != nil {
		return nil, err
	}
	rsaKey, ok := key.(*rsa.PublicKey)
	if !ok {
		return nil, errors.New("the server's public key is not an RSA key")
	}
	return rsaKey, nil
}

// mysqlError: the server's error number and, in versions that keep it, the SQLSTATE.
func mysqlError(err error) *ErrorInfo {
	var server *mysql.MySQLError
	if !errors.As(err, &server) {
		return errorInfo(err, "", 0, "")
	}
	number := fmt.Sprint(server.Number)
	state := ""
	if f, ok := field(server, "SQLState"); ok && f.Kind() == reflect.Array {
		bytes := make([]byte, f.Len())
		for i := range bytes {
			bytes[i] = byte(f.Index(i).Uint())
		}
		if bytes[0] != 0 {
			state = string(bytes)
		}
	}
	return errorInfo(err, number, int(server.Number), state)
}
