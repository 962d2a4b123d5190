package io.driftwatch.connectors.events;

import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/** Makes Flink's type extraction use {@link EventRecordSerializer} wherever {@link EventRecord} appears. */
public final class EventRecordTypeInfoFactory extends TypeInfoFactory<EventRecord> {

    @Override
    public TypeInformation<EventRecord> createTypeInfo(Type t, Map<String, TypeInformation<?>> genericParameters) {
        return EventRecordSerializer.TYPE_INFO;
    }
}
