package io.greenplum.mirrors.model;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as Kubernetes manifests write them: "90s", "10m", "1h30m". */
public final class Durations {
  /** What the CRD accepts. */
  public static final String PATTERN = "^([0-9]+(h|m|s))+$";

  private static final Pattern PART = Pattern.compile("([0-9]+)(h|m|s)");

  private Durations() {}

  /** The duration, or empty when {@code text} is not one. */
  public static Optional<Duration> parse(String text) {
    if (text == null || !text.matches(PATTERN)) {
      return Optional.empty();
    }
    Duration total = Duration.ZERO;
    Matcher m = PART.matcher(text);
    while (m.find()) {
      long n;
      try {
        n = Long.parseLong(m.group(1));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
      total =
          total.plus(
              switch (m.group(2)) {
                case "h" -> Duration.ofHours(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofSeconds(n);
              });
    }
    return Optional.of(total);
  }
}
