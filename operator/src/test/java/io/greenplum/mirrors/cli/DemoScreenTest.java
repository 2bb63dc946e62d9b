package io.greenplum.mirrors.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DemoScreenTest {
  private static final String FRAME = "--- 1.0 s\nNAME\ndemo\n  content\n  0\n  1\n  2\n  3\n";

  @Test
  void countsLines() {
    assertThat(DemoScreen.lines(FRAME)).isEqualTo(8);
    assertThat(DemoScreen.lines("a\nb")).isEqualTo(2);
    assertThat(DemoScreen.lines("")).isZero();
  }

  @Test
  void aFrameTallerThanTheTerminalIsCutAndSaysHowManyRowsAreLeftOut() {
    String fitted = DemoScreen.fit(FRAME, 5);
    assertThat(fitted.lines().toList())
        .containsExactly(
            "--- 1.0 s",
            "NAME",
            "demo",
            "  content",
            "  ... 4 more rows (a taller terminal, or --draw append, shows them)");
    assertThat(DemoScreen.lines(fitted)).isEqualTo(5);
    assertThat(DemoScreen.fit(FRAME, 8)).isSameAs(FRAME);
  }

  @Test
  void inPlaceGoesUpOverThePreviousFrameAndClearsWhatIsLeft() {
    assertThat(DemoScreen.inPlace("a\nb\n", 0)).isEqualTo("a\033[K\nb\033[K\n\033[K\033[J");
    String second = DemoScreen.inPlace("a\nb\n", 2);
    assertThat(second).startsWith("\r\033[2A").endsWith("\033[J");
    assertThat(second.replaceAll("\033\\[[0-9]*[AKJ]", "").replace("\r", "")).isEqualTo("a\nb\n");
  }
}
