package io.driftwatch.connectors.remotewrite.internal;

import io.driftwatch.connectors.remotewrite.PrometheusSample;
import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/** Makes Flink's type extraction use {@link PrometheusSampleSerializer} for {@link PrometheusSample}. */
public final class PrometheusSampleTypeInfoFactory extends TypeInfoFactory<PrometheusSample> {

    @Override
    public TypeInformation<PrometheusSample> createTypeInfo(Type t, Map<String, TypeInformation<?>> genericParameters) {
        return PrometheusSampleSerializer.TYPE_INFO;
    }
}
