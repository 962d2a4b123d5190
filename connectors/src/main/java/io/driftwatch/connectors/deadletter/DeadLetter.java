package io.driftwatch.connectors.deadletter;

import io.driftwatch.connectors.otlp.OtlpRecord;
import io.driftwatch.connectors.otlp.RejectReason;
import io.driftwatch.connectors.otlp.Rejection;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * A Kafka record that was (at least partly) rejected, kept with its original bytes so that it can be
 * inspected and replayed. See {@link DeadLetterSerializationSchema} for how it is written to Kafka.
 *
 * <p>{@link #reasons()} are the distinct rejection reasons in order of first appearance. {@link
 * #detail()} has one line per rejection ({@code <reason label>: <detail>}), bounded to {@link
 * #MAX_DETAIL_BYTES} UTF-8 bytes: when longer, it is cut at a character boundary and ends with a line
 * {@code [truncated: N rejections in total]}. The key and value arrays are not copied.
 */
@TypeInfo(DeadLetterTypeInfoFactory.class)
public final class DeadLetter {

    /** Upper bound of {@link #detail()} in UTF-8 bytes. */
    public static final int MAX_DETAIL_BYTES = 4096;

    private final String sourceTopic;
    private final int sourcePartition;
    private final long sourceOffset;
    private final long sourceTimestamp;
    private final byte[] key;
    private final byte[] value;
    private final List<RejectReason> reasons;
    private final String detail;

    DeadLetter(
            String sourceTopic,
            int sourcePartition,
            long sourceOffset,
            long sourceTimestamp,
            byte[] key,
            byte[] value,
            List<RejectReason> reasons,
            String detail) {
        this.sourceTopic = Objects.requireNonNull(sourceTopic, "sourceTopic");
        this.sourcePartition = sourcePartition;
        this.sourceOffset = sourceOffset;
        this.sourceTimestamp = sourceTimestamp;
        this.key = key;
        this.value = value;
        this.reasons = List.copyOf(reasons);
        this.detail = Objects.requireNonNull(detail, "detail");
        if (this.reasons.isEmpty()) {
            throw new IllegalArgumentException("a dead letter needs at least one reason");
        }
    }

    /**
     * The dead letter for {@code source} and its rejections.
     *
     * @throws IllegalArgumentException if {@code rejections} is empty
     */
    public static DeadLetter of(OtlpRecord source, List<Rejection> rejections) {
        if (rejections.isEmpty()) {
            throw new IllegalArgumentException("a dead letter needs at least one rejection");
        }
        EnumSet<RejectReason> seen = EnumSet.noneOf(RejectReason.class);
        List<RejectReason> reasons = new ArrayList<>(2);
        for (Rejection r : rejections) {
            if (seen.add(r.reason())) {
                reasons.add(r.reason());
            }
        }
        return new DeadLetter(
                source.topic(),
                source.partition(),
                source.offset(),
                source.timestamp(),
                source.key(),
                source.value(),
                reasons,
                detail(rejections));
    }

    public String sourceTopic() {
        return sourceTopic;
    }

    public int sourcePartition() {
        return sourcePartition;
    }

    public long sourceOffset() {
        return sourceOffset;
    }
    /** The source record's Kafka timestamp in epoch milliseconds, -1 if it had none. */
    public long sourceTimestamp() {
        return sourceTimestamp;
    }
    /** The source record's key, unchanged (may be {@code null}). */
    public byte[] key() {
        return key;
    }
    /** The source record's value, unchanged (may be {@code null}). */
    public byte[] value() {
        return value;
    }

    public List<RejectReason> reasons() {
        return reasons;
    }

    public String detail() {
        return detail;
    }

    /** The reason labels joined by commas, e.g. {@code bucket_count_mismatch,absurd_timestamp}. */
    public String reasonLabels() {
        StringBuilder sb = new StringBuilder();
        for (RejectReason r : reasons) {
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(r.label());
        }
        return sb.toString();
    }

    static String detail(List<Rejection> rejections) {
        StringBuilder sb = new StringBuilder();
        for (Rejection r : rejections) {
            // A char needs at least one UTF-8 byte: past the limit in chars, we are past it in bytes.
            if (sb.length() > MAX_DETAIL_BYTES) {
                break;
            }
            if (sb.length() > 0) {
                sb.append('\n');
            }
            sb.append(r.reason().label()).append(": ").append(r.detail());
        }
        String full = sb.toString();
        if (utf8Length(full) <= MAX_DETAIL_BYTES) {
            return full;
        }
        String suffix = "\n[truncated: " + rejections.size() + " rejection" + (rejections.size() == 1 ? "" : "s")
                + " in total]";
        return truncateUtf8(full, MAX_DETAIL_BYTES - utf8Length(suffix)) + suffix;
    }

    static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    /** The longest prefix of {@code s} whose UTF-8 encoding has at most {@code maxBytes} bytes. */
    static String truncateUtf8(String s, int maxBytes) {
        int bytes = 0;
        int i = 0;
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            int n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (bytes + n > maxBytes) {
                break;
            }
            bytes += n;
            i += Character.charCount(cp);
        }
        return s.substring(0, i);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof DeadLetter)) {
            return false;
        }
        DeadLetter d = (DeadLetter) o;
        return sourceTopic.equals(d.sourceTopic)
                && sourcePartition == d.sourcePartition
                && sourceOffset == d.sourceOffset
                && sourceTimestamp == d.sourceTimestamp
                && Arrays.equals(key, d.key)
                && Arrays.equals(value, d.value)
                && reasons.equals(d.reasons)
                && detail.equals(d.detail);
    }

    @Override
    public int hashCode() {
        return Objects.hash(sourceTopic, sourcePartition, sourceOffset, reasons);
    }

    @Override
    public String toString() {
        return "DeadLetter{" + sourceTopic + '-' + sourcePartition + '@' + sourceOffset + ' ' + reasonLabels()
                + " value=" + (value == null ? "null" : value.length + "B") + ": " + detail + '}';
    }
}
