package dev.spaceport.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** Times and durations as typed on the command line. */
final class Times {

  private static final Pattern AMOUNT = Pattern.compile("(\\d+)\\s*([smhd]?)");

  private Times() {}

  /** {@code 90}, {@code 90s}, {@code 15m}, {@code 12h}, {@code 30d}, or ISO-8601 {@code PT1H}. */
  static Duration duration(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    Matcher m = AMOUNT.matcher(t);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        case "d" -> Duration.ofDays(n);
        default -> Duration.ofSeconds(n);
      };
    }
    try {
      return Duration.parse(text.strip().toUpperCase(Locale.ROOT));
    } catch (DateTimeParseException e) {
      throw new CommandLine.TypeConversionException("'" + text
          + "' is not a duration: use e.g. 90s, 15m, 12h or 30d");
    }
  }

  /** An RFC 3339 time, a date (midnight UTC), or a duration from now ({@code 30d}). */
  static Instant instant(String text) {
    String t = text.strip();
    try {
      return OffsetDateTime.parse(t).toInstant();
    } catch (DateTimeParseException notTimestamp) {
      try {
        return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
      } catch (DateTimeParseException notDate) {
        try {
          return Instant.now().plus(duration(t));
        } catch (CommandLine.TypeConversionException notDuration) {
          throw new CommandLine.TypeConversionException("'" + text + "' is not a time: use "
              + "RFC 3339 (2027-01-31T12:00:00Z), a date (2027-01-31) or a duration from now (90d)");
        }
      }
    }
  }

  /** picocli converters. */
  static final class InstantConverter implements CommandLine.ITypeConverter<Instant> {
    @Override
    public Instant convert(String value) {
      return instant(value);
    }
  }

  static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      return duration(value);
    }
  }
}
