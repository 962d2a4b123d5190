package io.driftwatch.connectors.otlp;

import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/** Makes Flink's type extraction use {@link DecodedOtlpRecordSerializer} wherever {@link DecodedOtlpRecord} appears. */
public final class DecodedOtlpRecordTypeInfoFactory extends TypeInfoFactory<DecodedOtlpRecord> {

    @Override
    public TypeInformation<DecodedOtlpRecord> createTypeInfo(
            Type t, Map<String, TypeInformation<?>> genericParameters) {
        return DecodedOtlpRecordSerializer.TYPE_INFO;
    }
}
