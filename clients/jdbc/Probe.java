import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Enumeration;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocket;
import javax.sql.DataSource;

/**
 * compatlab's JDBC client: speaks the process client protocol (one JSON request per stdin line, one JSON
 * outcome per stdout line) and keeps every connection of a cell in this one JVM, so the JVM's TLS session
 * cache and the drivers' state carry over from one connection to the next, as in an application.
 * compatlab builds the JDBC URL; this program connects (directly, or through a pool,
 * loaded by reflection so that it compiles without them), runs the statements and reports the whole
 * exception chain. Pools (c3p0, HikariCP, Druid) are bounded to one acquisition attempt, so a failing cell takes seconds.
 */
public final class Probe {
  public static void main(String[] args) throws Exception {
    PrintStream protocol = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    System.setOut(System.err); // a library that prints must not break the protocol
    String trustStorePassword = System.getenv("COMPATLAB_TRUSTSTORE_PASSWORD");
    if (trustStorePassword != null) System.setProperty("javax.net.ssl.trustStorePassword", trustStorePassword);
    warmUp();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      if (line.isBlank()) continue;
      protocol.println(Json.write(handle(Json.object(new Json(line).value()))));
    }
    System.exit(0); // pools may leave non-daemon threads behind
  }

  /**
   * Loads what every connection needs before the first request comes: a spare JVM, started ahead of its
   * cell, does this while it waits. Nothing here connects or keeps state a connection could see.
   */
  static void warmUp() {
    try {
      for (Enumeration<Driver> drivers = DriverManager.getDrivers(); drivers.hasMoreElements(); ) drivers.nextElement();
      SSLContext.getDefault();
      for (String pool : new String[] {"com.mchange.v2.c3p0.ComboPooledDataSource", "com.zaxxer.hikari.HikariDataSource", "com.alibaba.druid.pool.DruidDataSource"}) {
        try {
          Class.forName(pool);
        } catch (ClassNotFoundException absent) {
          // not on this class path
        }
      }
    } catch (Throwable t) {
      // the first request meets the same problem and reports it
    }
  }

  static Map<String, Object> handle(Map<String, Object> request) {
    Map<String, Object> options = Json.object(request.get("options"));
    String url = (String) options.get("url");
    String pool = (String) options.get("pool");
    int timeoutMs = ((Number) request.get("timeoutMs")).intValue();
    Map<String, Object> outcome = new LinkedHashMap<>();
    outcome.put("ok", false);
    List<Object> statements = new ArrayList<>();
    Connection connection = null;
    Object dataSource = null;
    try {
      outcome.put("client", driverInfo(url));
      // A connection that does not ask to resume a session gets a full handshake, whichever SSL factory runs.
      if (request.get("resumeTlsSessionFrom") == null) forgetTlsSessions();
      String user = (String) request.get("user");
      String password = Files.readString(Path.of((String) request.get("passwordFile")));
      if (pool == null) {
        DriverManager.setLoginTimeout(Math.max(1, timeoutMs / 1000));
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        connection = DriverManager.getConnection(url, properties);
      } else {
        dataSource = pool(pool, url, user, password, timeoutMs);
        connection = ((DataSource) dataSource).getConnection();
      }
      Map<String, Object> tls = tlsFacts(connection, (String) request.get("connection"), (String) request.get("resumeTlsSessionFrom"));
      if (tls != null) outcome.put("tls", tls);
      Map<String, Object> failed = null;
      for (Object sql : Json.list(request.get("sql"))) {
        Map<String, Object> ran = run(connection, (String) sql);
        statements.add(ran);
        if (!(Boolean) ran.get("ok")) {
          failed = Json.object(ran.get("error"));
          break;
        }
      }
      outcome.put("ok", failed == null);
      if (failed != null) outcome.put("error", failed);
    } catch (Throwable t) {
      outcome.put("error", error(unwrap(t), lastAcquisitionFailure(dataSource)));
    } finally {
      closeQuietly(connection);
      closeQuietly(dataSource);
    }
    outcome.put("statements", statements);
    return outcome;
  }

  /** TLS session ids of earlier connections, by connection name: an equal id means the session was resumed. */
  static final Map<String, byte[]> sessionIds = new HashMap<>();
  /** Rows kept per statement; the rest are only counted, so a big result never sits in memory. */
  static final int MAX_ROWS = 100;

  /** What the connection's TLS socket says; pgjdbc only (its socket is not public API), else null. */
  static Map<String, Object> tlsFacts(Connection connection, String name, String resumeFrom) {
    try {
      Class<?> pgConnection = Class.forName("org.postgresql.core.BaseConnection", false, Probe.class.getClassLoader());
      Object raw = connection.isWrapperFor(pgConnection) ? connection.unwrap(pgConnection) : connection;
      Object executor = pgConnection.getMethod("getQueryExecutor").invoke(raw);
      Object stream = null;
      for (Class<?> c = executor.getClass(); c != null && stream == null; c = c.getSuperclass()) {
        for (Field field : c.getDeclaredFields()) {
          if (!field.getName().equals("pgStream")) continue;
          field.setAccessible(true);
          stream = field.get(executor);
        }
      }
      Object socket = stream.getClass().getMethod("getSocket").invoke(stream);
      Map<String, Object> tls = new LinkedHashMap<>();
      if (!(socket instanceof SSLSocket)) {
        tls.put("protocol", null);
        tls.put("sessionReused", false);
        return tls;
      }
      SSLSession session = ((SSLSocket) socket).getSession();
      byte[] earlier = resumeFrom == null ? null : sessionIds.get(resumeFrom);
      sessionIds.put(name, session.getId());
      tls.put("protocol", session.getProtocol());
      tls.put("cipher", session.getCipherSuite());
      tls.put("sessionReused", earlier != null && earlier.length > 0 && Arrays.equals(earlier, session.getId()));
      return tls;
    } catch (Throwable t) {
      return null;
    }
  }

  static Map<String, Object> run(Connection connection, String sql) {
    Map<String, Object> ran = new LinkedHashMap<>();
    ran.put("sql", sql);
    long started = System.nanoTime();
    try (Statement statement = connection.createStatement()) {
      if (statement.execute(sql)) {
        List<Object> rows = new ArrayList<>();
        long count = 0;
        try (ResultSet result = statement.getResultSet()) {
          int columns = result.getMetaData().getColumnCount();
          for (; result.next(); count++) {
            if (rows.size() >= MAX_ROWS) continue;
            List<Object> row = new ArrayList<>();
            for (int i = 1; i <= columns; i++) row.add(result.getObject(i));
            rows.add(row);
          }
        }
        ran.put("rows", rows);
        ran.put("rowCount", count);
      }
      ran.put("ok", true);
    } catch (Throwable t) {
      ran.put("ok", false);
      ran.put("error", error(t, null));
    }
    ran.put("durationMs", (System.nanoTime() - started) / 1_000_000);
    return ran;
  }

  static Map<String, Object> driverInfo(String url) throws SQLException {
    Driver driver = DriverManager.getDriver(url);
    Attributes manifest = manifest(driver.getClass());
    String title = manifest.getValue("Implementation-Title");
    String version = manifest.getValue("Implementation-Version");
    Map<String, Object> client = new LinkedHashMap<>();
    String name = title != null ? title : manifest.getValue("Bundle-Name") != null ? manifest.getValue("Bundle-Name") : driver.getClass().getName();
    client.put("name", name + " on Java " + System.getProperty("java.version"));
    String fallback = manifest.getValue("Bundle-Version") != null ? manifest.getValue("Bundle-Version") : driver.getMajorVersion() + "." + driver.getMinorVersion();
    client.put("version", version != null ? version : fallback);
    return client;
  }

  /** The main attributes of the jar a class came from (Debian's MariaDB jar names itself only as an OSGi bundle). */
  static Attributes manifest(Class<?> type) {
    try (JarFile jar = new JarFile(Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toFile())) {
      return jar.getManifest().getMainAttributes();
    } catch (Exception e) {
      return new Attributes();
    }
  }

  /** Empties the default SSL context's client session cache (the one DefaultJavaSSLFactory shares). */
  static void forgetTlsSessions() throws Exception {
    SSLSessionContext cache = SSLContext.getDefault().getClientSessionContext();
    for (Enumeration<byte[]> ids = cache.getIds(); ids.hasMoreElements(); ) {
      SSLSession session = cache.getSession(ids.nextElement());
      if (session != null) session.invalidate();
    }
  }

  /** A pool as an application starts one: configured by its own setters, started, then asked for a connection. */
  static Object pool(String pool, String url, String user, String password, int timeoutMs) throws Exception {
    switch (pool) {
      case "c3p0":
        return c3p0(url, user, password, timeoutMs);
      case "hikari":
        return hikari(url, user, password, timeoutMs);
      case "druid":
        return druid(url, user, password, timeoutMs);
      default:
        throw new IllegalArgumentException("unknown pool " + pool);
    }
  }

  static Object c3p0(String url, String user, String password, int timeoutMs) throws Exception {
    Object ds = Class.forName("com.mchange.v2.c3p0.ComboPooledDataSource").getConstructor().newInstance();
    call(ds, "setJdbcUrl", url);
    call(ds, "setUser", user);
    call(ds, "setPassword", password);
    call(ds, "setInitialPoolSize", 1);
    call(ds, "setMinPoolSize", 1);
    call(ds, "setMaxPoolSize", 1);
    call(ds, "setAcquireRetryAttempts", 1); // the default, 30 attempts a second apart, takes half a minute
    call(ds, "setCheckoutTimeout", timeoutMs);
    return ds;
  }

  static Object hikari(String url, String user, String password, int timeoutMs) throws Exception {
    Class<?> configClass = Class.forName("com.zaxxer.hikari.HikariConfig");
    Object config = configClass.getConstructor().newInstance();
    call(config, "setJdbcUrl", url);
    call(config, "setUsername", user);
    call(config, "setPassword", password);
    call(config, "setMaximumPoolSize", 1);
    call(config, "setConnectionTimeout", (long) Math.max(250, timeoutMs));
    call(config, "setInitializationFailTimeout", 1L); // fail at pool start, after one attempt
    return Class.forName("com.zaxxer.hikari.HikariDataSource").getConstructor(configClass).newInstance(config);
  }

  static Object druid(String url, String user, String password, int timeoutMs) throws Exception {
    Object ds = Class.forName("com.alibaba.druid.pool.DruidDataSource").getConstructor().newInstance();
    call(ds, "setUrl", url);
    call(ds, "setUsername", user);
    call(ds, "setPassword", password);
    call(ds, "setInitialSize", 1);
    call(ds, "setMaxActive", 1);
    call(ds, "setMaxWait", (long) timeoutMs);
    call(ds, "setBreakAfterAcquireFailure", true); // no background retries after the first failure
    call(ds, "setConnectionErrorRetryAttempts", 0);
    ds.getClass().getMethod("init").invoke(ds); // where an application sees a failure: at pool start
    return ds;
  }

  /** c3p0 keeps the driver's own error out of the exception it throws; it is only here. */
  static Throwable lastAcquisitionFailure(Object dataSource) {
    if (dataSource == null) return null;
    try {
      Method method = dataSource.getClass().getMethod("getLastAcquisitionFailureDefaultUser");
      return (Throwable) method.invoke(dataSource);
    } catch (Throwable t) {
      return null;
    }
  }

  static void call(Object target, String name, Object value) throws Exception {
    Class<?> type = value instanceof Integer ? int.class : value instanceof Long ? long.class : value instanceof Boolean ? boolean.class : value.getClass();
    target.getClass().getMethod(name, type).invoke(target, value);
  }

  static Throwable unwrap(Throwable t) {
    return t instanceof InvocationTargetException && t.getCause() != null ? t.getCause() : t;
  }

  static void closeQuietly(Object closeable) {
    try {
      if (closeable instanceof AutoCloseable) ((AutoCloseable) closeable).close();
      else if (closeable != null) closeable.getClass().getMethod("close").invoke(closeable);
    } catch (Throwable ignored) {
      // closing after a failure may fail too; the first error is the one that counts
    }
  }

  static Map<String, Object> error(Throwable t, Throwable poolsLastFailure) {
    Map<String, Object> error = new LinkedHashMap<>();
    if (t instanceof SQLException) {
      SQLException sql = (SQLException) t;
      // JDBC has no symbolic code: the SQLSTATE stands for it, the vendor's number is the server's code.
      if (sql.getSQLState() != null) error.put("code", sql.getSQLState());
      else if (sql.getErrorCode() != 0) error.put("code", String.valueOf(sql.getErrorCode()));
      if (sql.getErrorCode() != 0) error.put("serverCode", sql.getErrorCode());
      if (sql.getSQLState() != null) error.put("sqlState", sql.getSQLState());
    }
    error.put("message", message(t));
    error.put("exceptionClass", t.getClass().getName());
    List<Object> causes = new ArrayList<>();
    Map<Throwable, Boolean> seen = new IdentityHashMap<>();
    seen.put(t, true);
    addChain(causes, t.getCause(), seen, null);
    addChain(causes, poolsLastFailure, seen, "the pool's getLastAcquisitionFailureDefaultUser()");
    if (!causes.isEmpty()) error.put("causes", causes);
    return error;
  }

  static void addChain(List<Object> causes, Throwable cause, Map<Throwable, Boolean> seen, String via) {
    for (Throwable c = cause; c != null && !seen.containsKey(c) && causes.size() < 12; c = c.getCause()) {
      seen.put(c, true);
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("exceptionClass", c.getClass().getName());
      entry.put("message", message(c));
      if (c == cause && via != null) entry.put("via", via);
      causes.add(entry);
    }
  }

  static String message(Throwable t) {
    return t.getMessage() == null ? "" : t.getMessage().trim();
  }

  /** Just enough JSON for the protocol's requests and outcomes. */
  static final class Json {
    private final String text;
    private int at;

    Json(String text) {
      this.text = text;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Object value) {
      return value == null ? new LinkedHashMap<>() : (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
      return value == null ? new ArrayList<>() : (List<Object>) value;
    }

    Object value() {
      skip();
      char c = text.charAt(at);
      if (c == '{') {
        Map<String, Object> map = new LinkedHashMap<>();
        at++;
        skip();
        if (text.charAt(at) == '}') return at(1, map);
        while (true) {
          skip();
          String key = string();
          skip();
          expect(':');
          map.put(key, value());
          skip();
          if (text.charAt(at) == '}') return at(1, map);
          expect(',');
        }
      }
      if (c == '[') {
        List<Object> list = new ArrayList<>();
        at++;
        skip();
        if (text.charAt(at) == ']') return at(1, list);
        while (true) {
          list.add(value());
          skip();
          if (text.charAt(at) == ']') return at(1, list);
          expect(',');
        }
      }
      if (c == '"') return string();
      if (text.startsWith("true", at)) return at(4, Boolean.TRUE);
      if (text.startsWith("false", at)) return at(5, Boolean.FALSE);
      if (text.startsWith("null", at)) return at(4, null);
      int start = at;
      while (at < text.length() && "+-0123456789.eE".indexOf(text.charAt(at)) >= 0) at++;
      return Double.valueOf(text.substring(start, at));
    }

    private Object at(int advance, Object value) {
      at += advance;
      return value;
    }

    private void skip() {
      while (at < text.length() && Character.isWhitespace(text.charAt(at))) at++;
    }

    private void expect(char c) {
      if (text.charAt(at) != c) throw new IllegalArgumentException("expected '" + c + "' at " + at);
      at++;
    }

    private String string() {
      expect('"');
      StringBuilder out = new StringBuilder();
      for (char c = text.charAt(at++); c != '"'; c = text.charAt(at++)) {
        if (c != '\\') {
          out.append(c);
          continue;
        }
        char e = text.charAt(at++);
        switch (e) {
          case 'n': out.append('\n'); break;
          case 't': out.append('\t'); break;
          case 'r': out.append('\r'); break;
          case 'b': out.append('\b'); break;
          case 'f': out.append('\f'); break;
          case 'u': out.append((char) Integer.parseInt(text.substring(at, at + 4), 16)); at += 4; break;
          default: out.append(e);
        }
      }
      return out.toString();
    }

    static String write(Object value) {
      StringBuilder out = new StringBuilder();
      write(out, value);
      return out.toString();
    }

    private static void write(StringBuilder out, Object value) {
      if (value == null) {
        out.append("null");
      } else if (value instanceof Map) {
        out.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
          if (!first) out.append(',');
          first = false;
          writeString(out, String.valueOf(entry.getKey()));
          out.append(':');
          write(out, entry.getValue());
        }
        out.append('}');
      } else if (value instanceof List) {
        out.append('[');
        boolean first = true;
        for (Object item : (List<?>) value) {
          if (!first) out.append(',');
          first = false;
          write(out, item);
        }
        out.append(']');
      } else if (value instanceof Boolean || value instanceof Integer || value instanceof Long || value instanceof Short) {
        out.append(value);
      } else if (value instanceof Number && Double.isFinite(((Number) value).doubleValue())) {
        out.append(value);
      } else {
        writeString(out, String.valueOf(value));
      }
    }

    private static void writeString(StringBuilder out, String s) {
      out.append('"');
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c == '"' || c == '\\') out.append('\\').append(c);
        else if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
        else out.append(c);
      }
      out.append('"');
    }
  }
}
