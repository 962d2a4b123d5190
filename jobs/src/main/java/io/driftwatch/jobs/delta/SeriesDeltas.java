package io.driftwatch.jobs.delta;

import io.driftwatch.connectors.otlp.MetricPoint;
import io.driftwatch.connectors.otlp.MetricPointTypeInfo;
import java.time.Duration;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * The per-series increments of an analysis' points: key each point by its full {@link SeriesKey},
 * then ship only the labels the analysis needs ({@code project}) into a {@link CumulativeToDeltaFunction}.
 */
public final class SeriesDeltas {

    private static final TypeInformation<Tuple2<Long, MetricPoint>> SERIES_POINT =
            Types.TUPLE(Types.LONG, MetricPointTypeInfo.INSTANCE);

    private SeriesDeltas() {}

    /**
     * @param uid the delta operator's stable id (savepoints map its state by it)
     * @param analysis prefix of the operators' names, e.g. {@code "Cost"}
     */
    public static SingleOutputStreamOperator<MetricPoint> of(
            DataStream<MetricPoint> points,
            MapFunction<MetricPoint, MetricPoint> project,
            Duration stateTtl,
            String uid,
            String analysis) {
        return points.map(p -> Tuple2.of(SeriesKey.of(p), project.map(p)), SERIES_POINT)
                .name(analysis + " series key")
                .keyBy(t -> t.f0)
                .process(new CumulativeToDeltaFunction(stateTtl))
                .uid(uid)
                .name(analysis + " cumulative to delta");
    }
}
