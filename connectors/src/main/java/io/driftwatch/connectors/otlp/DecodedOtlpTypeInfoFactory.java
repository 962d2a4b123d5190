package io.driftwatch.connectors.otlp;

import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.functions.InvalidTypesException;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * Makes Flink's type extraction use {@link DecodedOtlpSerializer#METRICS_TYPE_INFO} or {@link
 * DecodedOtlpSerializer#SPANS_TYPE_INFO} wherever {@code DecodedOtlp<MetricPoint>} or {@code
 * DecodedOtlp<SpanRecord>} appears.
 */
public final class DecodedOtlpTypeInfoFactory extends TypeInfoFactory<DecodedOtlp<?>> {

    @Override
    public TypeInformation<DecodedOtlp<?>> createTypeInfo(Type t, Map<String, TypeInformation<?>> genericParameters) {
        TypeInformation<?> items = genericParameters.get("T");
        Class<?> itemClass = items == null ? null : items.getTypeClass();
        TypeInformation<?> info;
        if (itemClass == MetricPoint.class) {
            info = DecodedOtlpSerializer.METRICS_TYPE_INFO;
        } else if (itemClass == SpanRecord.class) {
            info = DecodedOtlpSerializer.SPANS_TYPE_INFO;
        } else {
            throw new InvalidTypesException("DecodedOtlp needs its item type, MetricPoint or SpanRecord, not " + items);
        }
        @SuppressWarnings("unchecked")
        TypeInformation<DecodedOtlp<?>> typed = (TypeInformation<DecodedOtlp<?>>) info;
        return typed;
    }
}
