package io.driftwatch.connectors.deadletter;

import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/** Makes Flink's type extraction use {@link DeadLetterSerializer} wherever {@link DeadLetter} appears. */
public final class DeadLetterTypeInfoFactory extends TypeInfoFactory<DeadLetter> {

    @Override
    public TypeInformation<DeadLetter> createTypeInfo(Type t, Map<String, TypeInformation<?>> genericParameters) {
        return DeadLetterSerializer.TYPE_INFO;
    }
}
