package io.greenplum.mirrors.dump;

import java.util.List;

/** A catalog dump that cannot be read; lists every malformed line, each with its number. */
public class DumpFormatException extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient List<String> problems;

  public DumpFormatException(List<String> problems) {
    super(String.join("\n", problems));
    this.problems = List.copyOf(problems);
  }

  /** One sentence per problem, each naming its line where there is one. */
  public List<String> problems() {
    return problems;
  }
}
