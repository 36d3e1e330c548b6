"""compatlab's Python probe: one process per cell, one JSON request per stdin line, one JSON outcome
per stdout line (the process client protocol, README "Clients in any language").

    python -I probe.py DRIVER     # psycopg | psycopg2 | pymysql | mysql-connector-python

The driver is imported at start, so its import overlaps the cell's set-up steps. Settings arrive
already checked by compatlab; `options.native` is passed to the driver as written and wins.
"""
import json
import ssl
import sys
import time
from importlib import metadata

MAX_ROWS = 100
PG_TLS_MODES = {"disable", "prefer", "require", "verify-ca", "verify-full"}


class Unsupported(Exception):
    """The request asks for something this driver cannot express: the cell is skipped with this reason."""


def main():
    driver = DRIVERS[sys.argv[1]]
    module = driver["load"]()
    client = {"name": driver["dist"], "version": metadata.version(driver["dist"]),
              "runtime": "CPython " + sys.version.split()[0]}
    for line in sys.stdin:
        if not line.strip():
            continue
        request = json.loads(line)
        try:
            outcome = driver["connect"](module, request)
        except Unsupported as reason:
            outcome = {"ok": False, "unsupported": str(reason)}
        outcome["client"] = client
        sys.stdout.write(json.dumps(outcome, default=str) + "\n")
        sys.stdout.flush()


def password(request):
    with open(request["passwordFile"], encoding="utf-8") as file:
        return file.read()


def tls_settings(request):
    return (request.get("settings") or {}).get("tls") or {}


def native(request):
    return (request.get("options") or {}).get("native") or {}


def error_of(exc, code=None, server_code=None, sql_state=None):
    """The driver's exception: its own code, the server's number, the SQLSTATE, and the chain of causes."""
    error = {"message": str(exc).strip() or repr(exc), "exceptionClass": class_name(exc)}
    for key, value in (("code", code), ("sqlState", sql_state)):
        if value is not None and value != "":
            error[key] = str(value)
    if isinstance(server_code, int):
        error["serverCode"] = server_code
    causes, seen, cause = [], {id(exc)}, exc.__cause__ or exc.__context__
    while cause is not None and id(cause) not in seen:
        seen.add(id(cause))
        causes.append({"exceptionClass": class_name(cause), "message": str(cause).strip()})
        cause = cause.__cause__ or cause.__context__
    if causes:
        error["causes"] = causes
    return error


def class_name(exc):
    kind = type(exc)
    return kind.__qualname__ if kind.__module__ == "builtins" else kind.__module__ + "." + kind.__qualname__


def value(v):
    if v is None or isinstance(v, (bool, int, float, str)):
        return v
    if isinstance(v, (bytes, bytearray, memoryview)):
        try:
            return bytes(v).decode("utf-8")
        except UnicodeDecodeError:
            return "\\x" + bytes(v).hex()
    return str(v)


def run_statements(cursor, request, describe_error):
    """Each statement with its rows (the first MAX_ROWS, and how many there were); stop at the first that fails."""
    statements = []
    for sql in request["sql"]:
        started = time.perf_counter()
        try:
            cursor.execute(sql)
            statement = {"sql": sql, "ok": True}
            if cursor.description is not None:
                kept, count = [], 0
                # fetchmany, not fetchall: a big result is counted, never held.
                while True:
                    batch = cursor.fetchmany(MAX_ROWS)
                    if not batch:
                        break
                    count += len(batch)
                    kept.extend([value(v) for v in row] for row in batch[: MAX_ROWS - len(kept)])
                statement["rows"] = kept
                statement["rowCount"] = count
        except Exception as exc:  # the driver's error is the outcome
            statement = {"sql": sql, "ok": False, "error": describe_error(exc)}
        statement["durationMs"] = (time.perf_counter() - started) * 1000
        statements.append(statement)
        if not statement["ok"]:
            break
    return statements


def finish(connection, request, describe_error, tls, config):
    try:
        cursor = connection.cursor()
        statements = run_statements(cursor, request, describe_error)
        cursor.close()
    finally:
        try:
            connection.close()
        except Exception:
            pass
    failed = next((s for s in statements if not s["ok"]), None)
    outcome = {"ok": failed is None, "statements": statements, "config": config}
    if tls is not None:
        outcome["tls"] = tls
    if failed:
        outcome["error"] = failed["error"]
    return outcome


def ssl_socket_facts(sock):
    if not isinstance(sock, ssl.SSLSocket):
        return {"protocol": None, "sessionReused": False}
    return {"protocol": sock.version(), "cipher": sock.cipher()[0], "sessionReused": bool(sock.session_reused)}


# --- PostgreSQL through libpq: psycopg (3) and psycopg2 ----------------------------------------------

def libpq_params(request):
    """libpq keywords; the password goes beside them, never into the recorded conninfo."""
    if request.get("resumeTlsSessionFrom"):
        raise Unsupported("libpq does not resume TLS sessions: every connection makes a new one")
    tls = tls_settings(request)
    params = {"host": request["host"], "port": str(request["port"]), "user": request["user"], "dbname": request["database"],
              "connect_timeout": str(max(2, -(-request["timeoutMs"] // 1000)))}
    if tls.get("mode"):
        params["sslmode"] = tls["mode"]
        if tls["mode"].startswith("verify"):
            params["sslrootcert"] = request["files"]["ca"]
    if tls.get("minVersion"):
        params["ssl_min_protocol_version"] = tls["minVersion"]
    if tls.get("maxVersion"):
        params["ssl_max_protocol_version"] = tls["maxVersion"]
    params.update({key: str(v) for key, v in native(request).items()})
    return params


def conninfo(params):
    quote = lambda v: "'" + v.replace("\\", "\\\\").replace("'", "\\'") + "'" if not v or any(c in v for c in " '\\") else v
    return " ".join(f"{key}={quote(v)}" for key, v in params.items()) + " password=<redacted>"


def libpq_tls(info, pgconn_ptr=None):
    """PQsslAttribute: psycopg2's conn.info has it; psycopg 3 is asked through the libpq it loaded."""
    attribute = info.ssl_attribute if hasattr(info, "ssl_attribute") else loaded_libpq_attribute(pgconn_ptr)
    if attribute is None:
        return None
    text = lambda v: v.decode() if isinstance(v, bytes) else v
    protocol = text(attribute("protocol"))
    if not protocol:
        return {"protocol": None, "sessionReused": False}
    # libpq starts every connection without a session to offer, so none is ever reused.
    return {"protocol": protocol, "cipher": text(attribute("cipher")), "sessionOffered": False, "sessionReused": False}


def loaded_libpq_attribute(pgconn_ptr):
    import ctypes
    with open("/proc/self/maps", encoding="utf-8") as maps:
        paths = {line.split()[-1] for line in maps if "/libpq" in line}
    if pgconn_ptr is None or len(paths) != 1:
        return None
    libpq = ctypes.CDLL(paths.pop())  # the same library, already loaded: dlopen returns it
    libpq.PQsslAttribute.restype = ctypes.c_char_p
    libpq.PQsslAttribute.argtypes = [ctypes.c_void_p, ctypes.c_char_p]
    return lambda name: libpq.PQsslAttribute(pgconn_ptr, name.encode())


def load_psycopg():
    import psycopg
    return psycopg


def connect_psycopg(psycopg, request):
    params = libpq_params(request)

    def describe(exc):
        return error_of(exc, code=getattr(exc, "sqlstate", None), sql_state=getattr(exc, "sqlstate", None))

    try:
        connection = psycopg.connect(**params, password=password(request), autocommit=True)
    except psycopg.Error as exc:
        return {"ok": False, "error": describe(exc), "config": {"conninfo": conninfo(params)}}
    return finish(connection, request, describe, libpq_tls(connection.pgconn, connection.pgconn.pgconn_ptr), {"conninfo": conninfo(params)})


def load_psycopg2():
    import psycopg2
    return psycopg2


def connect_psycopg2(psycopg2, request):
    params = libpq_params(request)

    def describe(exc):
        return error_of(exc, code=getattr(exc, "pgcode", None), sql_state=getattr(exc, "pgcode", None))

    try:
        connection = psycopg2.connect(**params, password=password(request))
        connection.autocommit = True
    except psycopg2.Error as exc:
        return {"ok": False, "error": describe(exc), "config": {"conninfo": conninfo(params)}}
    return finish(connection, request, describe, libpq_tls(connection.info), {"conninfo": conninfo(params)})


# --- MySQL: PyMySQL and MySQL Connector/Python ----------------------------------------------------------

def tls_context(request, verify):
    tls = tls_settings(request)
    context = ssl.create_default_context(cafile=request["files"]["ca"] if verify else None)
    context.check_hostname = verify == "full"
    if not verify:
        context.verify_mode = ssl.CERT_NONE
    versions = {"TLSv1": ssl.TLSVersion.TLSv1, "TLSv1.1": ssl.TLSVersion.TLSv1_1,
                "TLSv1.2": ssl.TLSVersion.TLSv1_2, "TLSv1.3": ssl.TLSVersion.TLSv1_3}
    if tls.get("minVersion"):
        context.minimum_version = versions[tls["minVersion"]]
    if tls.get("maxVersion"):
        context.maximum_version = versions[tls["maxVersion"]]
    return context


def redacted(kwargs):
    shown = {key: ("<redacted>" if key in ("password", "passwd") else v) for key, v in kwargs.items()}
    if isinstance(shown.get("ssl"), ssl.SSLContext):
        context = shown["ssl"]
        shown["ssl"] = (f"SSLContext(verify_mode={context.verify_mode.name}, check_hostname={context.check_hostname}, "
                        f"minimum_version={context.minimum_version.name}, maximum_version={context.maximum_version.name})")
    if isinstance(shown.get("server_public_key"), bytes):
        shown["server_public_key"] = "<PEM of the server's RSA key>"
    return shown


def mysql_error(exc):
    errno = getattr(exc, "errno", None)
    if errno is None and exc.args and isinstance(exc.args[0], int):
        errno = exc.args[0]  # PyMySQL: (errno, message)
    sql_state = getattr(exc, "sqlstate", None)
    # 2000-2999 are the client library's own numbers; the others come from the server.
    from_server = isinstance(errno, int) and not 2000 <= errno < 3000
    return error_of(exc, code=errno, server_code=errno if from_server else None, sql_state=sql_state)


def load_pymysql():
    import pymysql
    return pymysql


def connect_pymysql(pymysql, request):
    if request.get("resumeTlsSessionFrom"):
        raise Unsupported("PyMySQL wraps its socket itself and cannot be handed a TLS session")
    tls = tls_settings(request)
    mode = tls.get("mode")
    kwargs = {"host": request["host"], "port": request["port"], "user": request["user"], "database": request["database"],
              "connect_timeout": max(1, request["timeoutMs"] / 1000)}
    if mode in ("prefer", "verify-ca", "verify-full"):
        kwargs["ssl"] = tls_context(request, {"prefer": None, "verify-ca": "ca", "verify-full": "full"}[mode])
    # disable, or no mode: PyMySQL uses TLS only when given ssl arguments.
    if (request.get("settings") or {}).get("serverPublicKey") == "file":
        with open(request["files"]["serverPublicKey"], "rb") as file:
            kwargs["server_public_key"] = file.read()
    kwargs.update(native(request))
    config = {"kwargs": redacted(kwargs)}
    try:
        connection = pymysql.connect(**kwargs, password=password(request))
    except Exception as exc:
        return {"ok": False, "error": mysql_error(exc), "config": config}
    return finish(connection, request, mysql_error, ssl_socket_facts(connection._sock), config)


def load_mysql_connector():
    import mysql.connector
    return mysql.connector


def connect_mysql_connector(connector, request):
    if request.get("resumeTlsSessionFrom"):
        raise Unsupported("MySQL Connector/Python cannot be handed a TLS session")
    tls = tls_settings(request)
    mode = tls.get("mode")
    kwargs = {"host": request["host"], "port": request["port"], "user": request["user"], "database": request["database"],
              "connection_timeout": max(1, -(-request["timeoutMs"] // 1000))}
    if mode == "disable":
        kwargs["ssl_disabled"] = True
    elif mode in ("verify-ca", "verify-full"):
        kwargs.update(ssl_ca=request["files"]["ca"], ssl_verify_cert=True, ssl_verify_identity=mode == "verify-full")
    versions = ["TLSv1.2", "TLSv1.3"]
    low, high = tls.get("minVersion"), tls.get("maxVersion")
    if low or high:
        kwargs["tls_versions"] = versions[versions.index(low) if low else 0: versions.index(high) + 1 if high else None]
    kwargs.update(native(request))
    config = {"kwargs": redacted(kwargs)}
    try:
        connection = connector.connect(**kwargs, password=password(request))
    except connector.Error as exc:
        return {"ok": False, "error": mysql_error(exc), "config": config}
    sock = getattr(getattr(connection, "_socket", None), "sock", None)  # pure-Python protocol only
    return finish(connection, request, mysql_error, ssl_socket_facts(sock) if sock is not None else None, config)


DRIVERS = {
    "psycopg": {"dist": "psycopg", "load": load_psycopg, "connect": connect_psycopg},
    "psycopg2": {"dist": "psycopg2-binary", "load": load_psycopg2, "connect": connect_psycopg2},
    "pymysql": {"dist": "PyMySQL", "load": load_pymysql, "connect": connect_pymysql},
    "mysql-connector-python": {"dist": "mysql-connector-python", "load": load_mysql_connector,
                               "connect": connect_mysql_connector},
}

if __name__ == "__main__":
    main()
