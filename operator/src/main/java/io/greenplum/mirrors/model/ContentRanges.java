package io.greenplum.mirrors.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Contents written as runs, as a DBA would say them: {0, 1, 2, 3, 7, 9, 10} is "0-3, 7, 9-10". Used
 * where one line stands for many mirrors (an event for a whole pass).
 */
public final class ContentRanges {
  private ContentRanges() {}

  /** The contents, sorted, duplicates dropped, consecutive ones joined ("0-3, 7, 9-10"). */
  public static String of(Collection<Integer> contents) {
    StringBuilder text = new StringBuilder();
    Integer first = null;
    Integer last = null;
    for (int content : new TreeSet<>(contents)) {
      if (last != null && content == last + 1) {
        last = content;
        continue;
      }
      append(text, first, last);
      first = content;
      last = content;
    }
    append(text, first, last);
    return text.toString();
  }

  /** The contents of a text made by {@link #of}, in its order ("0-3, 7" gives 0, 1, 2, 3, 7). */
  public static List<Integer> parse(String runs) {
    List<Integer> contents = new ArrayList<>();
    for (String run : runs.split(",")) {
      String[] ends = run.trim().split("-");
      if (ends[0].isEmpty()) {
        continue;
      }
      int last = Integer.parseInt(ends[ends.length - 1]);
      for (int content = Integer.parseInt(ends[0]); content <= last; content++) {
        contents.add(content);
      }
    }
    return contents;
  }

  private static final Pattern RUNS = Pattern.compile("contents ([0-9, -]+)$");
  private static final Pattern ONE = Pattern.compile("content (\\d+)\\b");

  /**
   * The contents a message names: its trailing "contents 0-3, 7" (a whole pass), else its first
   * "content N" (one mirror), else none.
   */
  public static List<Integer> named(String message) {
    Matcher runs = RUNS.matcher(message);
    if (runs.find()) {
      return parse(runs.group(1));
    }
    Matcher one = ONE.matcher(message);
    return one.find() ? List.of(Integer.parseInt(one.group(1))) : List.of();
  }

  private static void append(StringBuilder text, Integer first, Integer last) {
    if (first == null) {
      return;
    }
    if (text.length() > 0) {
      text.append(", ");
    }
    text.append(first);
    if (!first.equals(last)) {
      text.append('-').append(last);
    }
  }
}
