package io.driftwatch.connectors.otlp;

import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/** Makes Flink's type extraction use {@link DecodedOtlpSpansSerializer} wherever {@link DecodedOtlpSpans} appears. */
public final class DecodedOtlpSpansTypeInfoFactory extends TypeInfoFactory<DecodedOtlpSpans> {

    @Override
    public TypeInformation<DecodedOtlpSpans> createTypeInfo(Type t, Map<String, TypeInformation<?>> genericParameters) {
        return DecodedOtlpSpansSerializer.TYPE_INFO;
    }
}
