package io.dtlsingest.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The contracts of the public value types. */
class ValueTypesTest {

    @Test
    void dataValuesCompareByContentAndCannotBeChangedFromOutside() {
        byte[] bytes = {1, 2, 3};
        ReadingValue.Data data = new ReadingValue.Data(bytes);

        bytes[0] = 9;
        data.value()[1] = 9;

        assertThat(data).isEqualTo(new ReadingValue.Data(new byte[] {1, 2, 3}));
        assertThat(data.hashCode())
                .isEqualTo(new ReadingValue.Data(new byte[] {1, 2, 3}).hashCode());
        assertThat(data).hasToString("Data[AQID]");
    }

    @Test
    void readingNeedsAValueOrASum() {
        assertThatThrownBy(() -> new Reading("a", Instant.EPOCH, null, null, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void limitsMustBePositive() {
        assertThatThrownBy(() -> new DecodeLimits(4096, 0, 128, 1024, 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxRecords");
    }

    @Test
    void defaultLimitsAreTheDocumentedOnes() {
        assertThat(DecodeLimits.defaults()).isEqualTo(new DecodeLimits(4096, 256, 128, 1024, 4));
    }

    @Test
    void replyCodesHaveTheirWireNames() {
        assertThat(ReplyCode.LIMIT_EXCEEDED.wireName()).isEqualTo("limit_exceeded");
        assertThat(ReplyCode.UNSUPPORTED_FORMAT.wireName()).isEqualTo("unsupported_format");
    }
}
