package io.greenplum.mirrors.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ContentRangesTest {
  @Test
  void joinsConsecutiveContentsInOrder() {
    assertThat(ContentRanges.of(List.of(10, 9, 0, 3, 1, 2, 7, 2))).isEqualTo("0-3, 7, 9-10");
  }

  @Test
  void oneContentAndNone() {
    assertThat(ContentRanges.of(List.of(5))).isEqualTo("5");
    assertThat(ContentRanges.of(List.of())).isEmpty();
  }

  @Test
  void aThousandContentsInOneRun() {
    List<Integer> all = java.util.stream.IntStream.range(0, 1000).boxed().toList();
    assertThat(ContentRanges.of(all)).isEqualTo("0-999");
  }

  @Test
  void parsesWhatItWrites() {
    assertThat(ContentRanges.parse("0-3, 7, 9-10")).containsExactly(0, 1, 2, 3, 7, 9, 10);
    assertThat(ContentRanges.parse(ContentRanges.of(List.of(4, 2, 6, 5))))
        .containsExactly(2, 4, 5, 6);
    assertThat(ContentRanges.parse("")).isEmpty();
  }

  @Test
  void namesTheContentsOfAMessage() {
    assertThat(ContentRanges.named("3 mirrors are in sync with their primaries: contents 0-1, 5"))
        .containsExactly(0, 1, 5);
    assertThat(ContentRanges.named("mirror of content 12 (dbid 30) on sdw2:7000 is in sync"))
        .containsExactly(12);
    assertThat(ContentRanges.named("removed 4 mirror rows")).isEmpty();
  }
}
