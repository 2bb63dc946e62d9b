package io.greenplum.mirrors.cli;

import java.util.Locale;
import java.util.Optional;

/**
 * GPMIRRORS_LOG_FORMAT, read before logging starts: {@code text} (default) or {@code json}, in any
 * case. logback.xml picks its appender from the system property {@value #PROPERTY}; an appender
 * name that matched nothing would silently drop every log line.
 */
final class LogFormat {
  static final String ENV = "GPMIRRORS_LOG_FORMAT";
  static final String PROPERTY = "gpmirrors.log.format";

  private LogFormat() {}

  /** The appender for {@code value} (null or blank: text), or empty when it names none. */
  static Optional<String> appender(String value) {
    if (value == null || value.isBlank()) {
      return Optional.of("text");
    }
    String format = value.trim().toLowerCase(Locale.ROOT);
    return format.equals("text") || format.equals("json") ? Optional.of(format) : Optional.empty();
  }

  /** Sets {@value #PROPERTY} from the environment; false (and why, on stderr) when invalid. */
  static boolean configure() {
    String value = System.getenv(ENV);
    Optional<String> appender = appender(value);
    if (appender.isEmpty()) {
      System.err.println("gpmirrors: " + ENV + " must be text or json, not '" + value + "'");
      return false;
    }
    System.setProperty(PROPERTY, appender.get());
    return true;
  }
}
