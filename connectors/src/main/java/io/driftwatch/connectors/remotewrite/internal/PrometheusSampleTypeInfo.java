package io.driftwatch.connectors.remotewrite.internal;

import io.driftwatch.connectors.remotewrite.PrometheusSample;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** Flink type information of {@link PrometheusSample}: an atomic type with its own serializer. */
public final class PrometheusSampleTypeInfo extends TypeInformation<PrometheusSample> {

    private static final long serialVersionUID = 1L;

    public static final PrometheusSampleTypeInfo INSTANCE = new PrometheusSampleTypeInfo();

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    @Override
    public Class<PrometheusSample> getTypeClass() {
        return PrometheusSample.class;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<PrometheusSample> createSerializer(SerializerConfig config) {
        return PrometheusSampleSerializer.INSTANCE;
    }

    @Override
    public String toString() {
        return "PrometheusSample";
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof PrometheusSampleTypeInfo;
    }

    @Override
    public int hashCode() {
        return PrometheusSampleTypeInfo.class.hashCode();
    }

    @Override
    public boolean canEqual(Object obj) {
        return obj instanceof PrometheusSampleTypeInfo;
    }
}
