package io.vkv.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class DurationConverterTest {

    @Test
    void readsUnits() {
        assertEquals(Duration.ofMillis(250), DurationConverter.parse("250ms"));
        assertEquals(Duration.ofSeconds(30), DurationConverter.parse("30s"));
        assertEquals(Duration.ofSeconds(7), DurationConverter.parse("7"));
        assertEquals(Duration.ofMinutes(5), DurationConverter.parse("5m"));
        assertEquals(Duration.ofHours(1), DurationConverter.parse("1h"));
    }

    @Test
    void refusesWhatIsNotADuration() {
        assertEquals("'fast' is not a duration (e.g. 500ms, 30s, 5m)",
                assertThrows(TypeConversionException.class, () -> DurationConverter.parse("fast")).getMessage());
        assertEquals("'3d' is not a duration: unit must be ms, s, m or h",
                assertThrows(TypeConversionException.class, () -> DurationConverter.parse("3d")).getMessage());
        assertThrows(TypeConversionException.class, () -> DurationConverter.parse("-5s"));
        assertThrows(TypeConversionException.class, () -> DurationConverter.parse("99999999999999s"));
    }
}
