package io.vkv.bench;

import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.internal.wire.MqttPublish;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What Paho's decoding of a received PUBLISH costs per message of a given payload size, against a plain
 * copy of the same bytes: Paho reads the payload through a counting stream that overrides only the
 * one-byte {@code read()}, so the copy goes byte by byte.
 * <pre>
 *   java -cp bench/target/vkv-bench.jar org.openjdk.jmh.Main PahoDecodeBenchmark
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PahoDecodeBenchmark {

    /** Payload bytes: a message of one key, and of ~130 keys of 150 bytes (a window at 5,000 puts/s). */
    @Param({"200", "20000"})
    int payloadBytes;

    private byte[] variableHeaderAndPayload;

    @Setup
    public void prepare() {
        byte[] topic = "vkv/prod/to/n2/n1".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        variableHeaderAndPayload = new byte[2 + topic.length + 2 + payloadBytes];
        variableHeaderAndPayload[1] = (byte) topic.length;
        System.arraycopy(topic, 0, variableHeaderAndPayload, 2, topic.length);
        variableHeaderAndPayload[2 + topic.length + 1] = 1; // message id
    }

    @Benchmark
    public byte[] pahoDecode() throws MqttException, java.io.IOException {
        return new MqttPublish((byte) 0x32, variableHeaderAndPayload).getMessage().getPayload(); // QoS 1
    }

    @Benchmark
    public byte[] plainCopy() {
        return java.util.Arrays.copyOfRange(variableHeaderAndPayload, variableHeaderAndPayload.length - payloadBytes,
                variableHeaderAndPayload.length);
    }
}
