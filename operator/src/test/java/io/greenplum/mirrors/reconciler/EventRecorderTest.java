package io.greenplum.mirrors.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.greenplum.mirrors.model.ContentRanges;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class EventRecorderTest {
  @Test
  void aMessageNamingEveryOtherOfAThousandContentsIsCutToTheEventLimit() {
    String runs =
        ContentRanges.of(IntStream.range(0, 1000).filter(c -> c % 2 == 0).boxed().toList());
    String message = "500 mirrors are in sync with their primaries: contents " + runs;

    String fitted = EventRecorder.fit(message);

    assertThat(message).hasSizeGreaterThan(EventRecorder.MESSAGE_LIMIT);
    assertThat(fitted)
        .hasSize(EventRecorder.MESSAGE_LIMIT)
        .endsWith(" ...")
        .startsWith("500 mirrors");
    assertThat(EventRecorder.fit("short")).isEqualTo("short");
  }
}
