package io.driftwatch.connectors.otlp;

import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/** Makes Flink's type extraction pick {@link MetricPointTypeInfo} wherever {@link MetricPoint} appears. */
public final class MetricPointTypeInfoFactory extends TypeInfoFactory<MetricPoint> {

    @Override
    public TypeInformation<MetricPoint> createTypeInfo(Type t, Map<String, TypeInformation<?>> genericParameters) {
        return MetricPointTypeInfo.INSTANCE;
    }
}
