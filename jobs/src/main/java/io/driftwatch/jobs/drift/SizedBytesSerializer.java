package io.driftwatch.jobs.drift;

import io.driftwatch.codec.Varints;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A stateless Flink state serializer of a value that has its own byte form: the bytes as the codec's
 * sized bytes (a fixed int length, then the bytes). Subclasses say how a value becomes bytes and back,
 * and how it is copied.
 */
abstract class SizedBytesSerializer<T> extends TypeSerializer<T> {

    private static final long serialVersionUID = 1L;

    private final String what;
    private final int maxBytes;

    /**
     * @param what the value's name in the message of corrupt state, e.g. {@code "feature summary"}
     * @param maxBytes bounds the length read, so that corrupt state cannot allocate a huge array
     */
    SizedBytesSerializer(String what, int maxBytes) {
        this.what = what;
        this.maxBytes = maxBytes;
    }

    abstract byte[] toBytes(T value);

    /** @throws IllegalArgumentException for bytes that are not a value's form */
    abstract T fromBytes(byte[] bytes);

    @Override
    public final TypeSerializer<T> duplicate() {
        return this;
    }

    @Override
    public final T copy(T from, T reuse) {
        return copy(from);
    }

    @Override
    public final int getLength() {
        return -1;
    }

    @Override
    public final void serialize(T record, DataOutputView target) throws IOException {
        Varints.writeSizedBytes(target, toBytes(record));
    }

    @Override
    public final T deserialize(DataInputView source) throws IOException {
        byte[] bytes = Varints.readSizedBytes(source, maxBytes);
        try {
            return fromBytes(bytes);
        } catch (IllegalArgumentException e) {
            throw new IOException("corrupt " + what + " state: " + e.getMessage(), e);
        }
    }

    @Override
    public final T deserialize(T reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public final void copy(DataInputView source, DataOutputView target) throws IOException {
        Varints.writeSizedBytes(target, Varints.readSizedBytes(source, maxBytes));
    }

    @Override
    public final boolean equals(Object obj) {
        return obj != null && obj.getClass() == getClass();
    }

    @Override
    public final int hashCode() {
        return getClass().hashCode();
    }
}
