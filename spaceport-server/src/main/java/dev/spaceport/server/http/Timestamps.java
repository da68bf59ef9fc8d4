package dev.spaceport.server.http;

import java.time.Instant;

/**
 * {@link Json#TIMESTAMP}'s format, written directly: a list page carries a hundred timestamps, and
 * {@code DateTimeFormatter} (field lookups, fraction conversion through {@code BigDecimal}) took
 * about 7% of the page's CPU. Years 0000–9999 are written here; any other instant goes to the
 * formatter, whose spelling stays the definition.
 */
final class Timestamps {

  private static final long MILLIS_PER_DAY = 86_400_000L;
  /** 0000-01-01T00:00:00Z and 10000-01-01T00:00:00Z in epoch milliseconds. */
  private static final long FIRST = -62_167_219_200_000L;
  private static final long END = 253_402_300_800_000L;

  private Timestamps() {}

  static String format(Instant instant) {
    long seconds = instant.getEpochSecond();
    if (seconds < FIRST / 1000 || seconds >= END / 1000) {
      return Json.TIMESTAMP.format(instant);
    }
    long millis = seconds * 1000 + instant.getNano() / 1_000_000;
    long days = Math.floorDiv(millis, MILLIS_PER_DAY);
    int ofDay = (int) Math.floorMod(millis, MILLIS_PER_DAY);
    // Days to a civil date (proleptic Gregorian), after Howard Hinnant's days_from_civil inverse.
    long z = days + 719_468;
    long era = Math.floorDiv(z, 146_097);
    long dayOfEra = z - era * 146_097;
    long yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
    long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    long shiftedMonth = (5 * dayOfYear + 2) / 153;
    int day = (int) (dayOfYear - (153 * shiftedMonth + 2) / 5 + 1);
    int month = (int) (shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9);
    int year = (int) (yearOfEra + era * 400 + (month <= 2 ? 1 : 0));

    char[] out = new char[24];
    digits(out, 0, year, 4);
    out[4] = '-';
    digits(out, 5, month, 2);
    out[7] = '-';
    digits(out, 8, day, 2);
    out[10] = 'T';
    digits(out, 11, ofDay / 3_600_000, 2);
    out[13] = ':';
    digits(out, 14, ofDay / 60_000 % 60, 2);
    out[16] = ':';
    digits(out, 17, ofDay / 1000 % 60, 2);
    out[19] = '.';
    digits(out, 20, ofDay % 1000, 3);
    out[23] = 'Z';
    return new String(out);
  }

  private static void digits(char[] out, int at, int value, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      out[i] = (char) ('0' + value % 10);
      value /= 10;
    }
  }
}
