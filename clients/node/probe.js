'use strict';
/*
 * compatlab's Node client for a driver on another Node than compatlab's own (e.g. pg@7.8.0 on Node 12):
 * speaks the process client protocol (one JSON request per stdin line, one JSON outcome per stdout
 * line). CommonJS and old syntax only, so that it runs on the Node those drivers ran on.
 * The request's options: { driver, module (the driver's directory), version, native (its own options) }.
 */
var fs = require('fs');
var readline = require('readline');

console.log = console.error; // a driver that prints must not break the protocol

// TLS sessions of this process's connections, by connection name, for later ones to resume.
var sessions = {};
// Rows kept per statement; the rest are only counted, so the outcome stays small whatever a statement returns.
var MAX_ROWS = 100;

var drivers = {
  pg: function (request, password, done) {
    var pg = require(request.options.module);
    var config = {
      host: request.host,
      port: request.port,
      user: request.user,
      password: password,
      database: request.database,
      ssl: tlsOptions(request),
    };
    assign(config, request.options.native);
    effective = described(config);
    var client = new pg.Client(config);
    client.on('error', function () {}); // a server that drops the connection must not end the probe
    var end = function (outcome) {
      client.end(function () {});
      done(outcome);
    };
    client.connect(function (error) {
      if (error) return end({ ok: false, error: observed(error) });
      var stream = client.connection && client.connection.stream;
      var tls = stream && typeof stream.getProtocol === 'function' ? tlsFacts(stream, request.connection) : undefined;
      runAll(
        request.sql,
        function (sql, next) {
          client.query({ text: sql, rowMode: 'array' }, function (err, result) {
            var last = Array.isArray(result) ? result[result.length - 1] : result;
            next(err, last && last.rows);
          });
        },
        function (outcome) {
          outcome.tls = tls;
          end(outcome);
        },
      );
    });
  },
};

// The configuration the current connection's driver received, as reported (no password, no PEM, no session bytes).
var effective;

function described(config) {
  var shown = {};
  assign(shown, config);
  delete shown.password;
  if (shown.ssl && typeof shown.ssl === 'object') {
    shown.ssl = assign({}, shown.ssl);
    if (shown.ssl.ca) shown.ssl.ca = '(PEM of ' + shown.ssl.ca.length + ' characters)';
    if (shown.ssl.session) shown.ssl.session = '(a saved TLS session)';
    if (shown.ssl.checkServerIdentity) shown.ssl.checkServerIdentity = '(host name not checked)';
  }
  return shown;
}

function tlsOptions(request) {
  var tls = request.settings.tls || {};
  var mode = tls.mode || 'disable';
  if (mode === 'disable') return false;
  var verify = mode === 'verify-ca' || mode === 'verify-full';
  var options = { rejectUnauthorized: verify };
  if (verify) options.ca = fs.readFileSync(request.files.ca, 'utf8');
  if (mode === 'verify-ca')
    options.checkServerIdentity = function () {
      return undefined;
    };
  if (tls.minVersion) options.minVersion = tls.minVersion;
  if (tls.maxVersion) options.maxVersion = tls.maxVersion;
  var session = request.resumeTlsSessionFrom && sessions[request.resumeTlsSessionFrom];
  if (session) options.session = session;
  return options;
}

function tlsFacts(socket, name) {
  var session = socket.getSession();
  if (session) sessions[name] = session;
  var cipher = socket.getCipher();
  return { protocol: socket.getProtocol(), cipher: cipher ? cipher.name : undefined, sessionReused: socket.isSessionReused() };
}

function runAll(statements, run, done) {
  var ran = [];
  (function next(i) {
    if (i >= statements.length) return done({ ok: true, statements: ran });
    var started = Date.now();
    run(statements[i], function (error, rows) {
      var statement = { sql: statements[i], ok: !error, durationMs: Date.now() - started };
      if (error) statement.error = observed(error);
      else if (rows) {
        statement.rows = rows.slice(0, MAX_ROWS);
        statement.rowCount = rows.length;
      }
      ran.push(statement);
      if (error) return done({ ok: false, error: statement.error, statements: ran });
      next(i + 1);
    });
  })(0);
}

/** The driver's error as compatlab reports it: its code, the SQLSTATE of a server error, its class and causes. */
function observed(error) {
  var result = { message: String(error && error.message ? error.message : error) };
  if (error && error.code !== undefined) result.code = String(error.code);
  // node-postgres puts a server error's SQLSTATE in `code`, beside its severity.
  if (error && error.severity && /^[0-9A-Z]{5}$/.test(String(error.code))) result.sqlState = String(error.code);
  if (error && error.constructor && error.constructor.name) result.exceptionClass = error.constructor.name;
  return result;
}

function assign(target, source) {
  Object.keys(source || {}).forEach(function (key) {
    target[key] = source[key];
  });
  return target;
}

// An old driver may throw from a socket handler (pg 7.8 meeting SCRAM): that is this connection's outcome.
var current;
process.on('uncaughtException', function (error) {
  if (!current) throw error;
  current({ ok: false, error: observed(error) });
});

function handle(line, answer) {
  var request = JSON.parse(line);
  var driver = drivers[request.options.driver];
  var client = { name: request.options.driver + ' on Node ' + process.versions.node, version: request.options.version };
  if (!driver) return answer({ ok: false, unsupported: 'the Node probe has no driver ' + request.options.driver });
  var password = fs.readFileSync(request.passwordFile, 'utf8');
  var answered = false;
  var once = function (outcome) {
    if (answered) return;
    answered = true;
    current = undefined;
    clearTimeout(timer);
    outcome.client = client;
    if (effective) outcome.config = effective;
    effective = undefined;
    answer(outcome);
  };
  // The driver may never call back (pg 7 on a newer Node): answer for it.
  var timer = setTimeout(function () {
    once({ ok: false, error: { message: 'no answer from the driver within ' + request.timeoutMs + ' ms (the probe stopped waiting)' } });
  }, request.timeoutMs);
  current = once;
  try {
    driver(request, password, once);
  } catch (error) {
    once({ ok: false, error: observed(error) });
  }
}

// One request at a time, in order: compatlab waits for each answer before the next request.
var queue = [];
var busy = false;
function pump() {
  if (busy || queue.length === 0) return;
  busy = true;
  handle(queue.shift(), function (outcome) {
    process.stdout.write(JSON.stringify(outcome) + '\n');
    busy = false;
    pump();
  });
}
readline
  .createInterface({ input: process.stdin })
  .on('line', function (line) {
    if (!line.trim()) return;
    queue.push(line);
    pump();
  })
  .on('close', function () {
    // Drivers may leave sockets open; stdin's end is the cue to go.
    var wait = setInterval(function () {
      if (!busy && queue.length === 0) {
        clearInterval(wait);
        process.exit(0);
      }
    }, 20);
  });
