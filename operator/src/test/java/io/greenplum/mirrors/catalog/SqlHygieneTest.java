package io.greenplum.mirrors.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The operator's SQL is never built from values: in the catalog package every statement passed to
 * the driver is a named constant, and no constant is made of anything but string literals.
 */
class SqlHygieneTest {
  private static final Path CATALOG = Path.of("src/main/java/io/greenplum/mirrors/catalog");
  private static final Pattern CALL =
      Pattern.compile(
          "\\.(prepareStatement|prepareCall|executeQuery|executeUpdate|execute|addBatch)\\(([^)]*)\\)");
  private static final Pattern CONSTANT =
      Pattern.compile(
          "static final String ([A-Z_]+)\\s*=\\s*((?:\\s*\"(?:[^\"\\\\]|\\\\.)*\"\\s*\\+?)+);",
          Pattern.DOTALL);

  @Test
  void everyStatementIsAConstantMadeOfLiterals() throws IOException {
    List<String> offences = new ArrayList<>();
    List<Path> sources;
    try (Stream<Path> files = Files.list(CATALOG)) {
      sources = files.filter(p -> p.toString().endsWith(".java")).toList();
    }
    List<String> constants = new ArrayList<>();
    for (Path source : sources) {
      String text = Files.readString(source);
      Matcher constant = CONSTANT.matcher(text);
      while (constant.find()) {
        constants.add(constant.group(1));
      }
      Matcher call = CALL.matcher(text);
      while (call.find()) {
        String argument = call.group(2).strip();
        boolean constantArgument = argument.matches("[A-Z_]+|\\w+ \\? [A-Z_]+ : [A-Z_]+|");
        boolean sqlVariable = argument.equals("sql");
        if (!constantArgument && !sqlVariable) {
          offences.add(source.getFileName() + ": " + call.group());
        }
      }
      Matcher helper = Pattern.compile("\\bexecute\\(c, ([^)]*)\\)").matcher(text);
      while (helper.find()) {
        if (!helper.group(1).strip().matches("[A-Z_]+")) {
          offences.add(source.getFileName() + ": " + helper.group());
        }
      }
    }
    assertThat(sources).isNotEmpty();
    assertThat(constants).contains("ADD_MIRROR", "REMOVE_MIRROR", "HISTORY", "SEGMENTS");
    assertThat(offences).isEmpty();
  }

  @Test
  void theCheckCatchesAConcatenatedStatement() {
    Matcher call = CALL.matcher("c.prepareStatement(\"SELECT \" + content)");

    assertThat(call.find()).isTrue();
    assertThat(call.group(2).strip().matches("[A-Z_]+")).isFalse();
  }
}
