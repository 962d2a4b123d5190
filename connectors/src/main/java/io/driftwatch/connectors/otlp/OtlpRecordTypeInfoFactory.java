package io.driftwatch.connectors.otlp;

import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/** Makes Flink's type extraction use {@link OtlpRecordSerializer} wherever {@link OtlpRecord} appears. */
public final class OtlpRecordTypeInfoFactory extends TypeInfoFactory<OtlpRecord> {

    @Override
    public TypeInformation<OtlpRecord> createTypeInfo(Type t, Map<String, TypeInformation<?>> genericParameters) {
        return OtlpRecordSerializer.TYPE_INFO;
    }
}
