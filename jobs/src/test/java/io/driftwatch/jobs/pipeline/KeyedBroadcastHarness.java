package io.driftwatch.jobs.pipeline;

import java.util.List;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.runtime.operators.testutils.MockEnvironment;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;

/**
 * A keyed operator with a broadcast input (keyed input 1, the broadcast documents on input 2: the price
 * catalog, the drift references) in a harness with a given environment, so that its metrics can be read
 * ({@code HarnessMetrics}): Flink's keyed two-input harnesses take no environment.
 */
public final class KeyedBroadcastHarness<K, IN, B, OUT> extends AbstractStreamOperatorTestHarness<OUT> {

    private final CoBroadcastWithKeyedOperator<K, IN, B, OUT> op;

    public KeyedBroadcastHarness(
            KeyedBroadcastProcessFunction<K, IN, B, OUT> function,
            MapStateDescriptor<?, ?> broadcastState,
            KeySelector<IN, K> keys,
            TypeInformation<K> keyType,
            MockEnvironment environment)
            throws Exception {
        this(new CoBroadcastWithKeyedOperator<>(function, List.of(broadcastState)), keys, keyType, environment);
    }

    private KeyedBroadcastHarness(
            CoBroadcastWithKeyedOperator<K, IN, B, OUT> op,
            KeySelector<IN, K> keys,
            TypeInformation<K> keyType,
            MockEnvironment environment)
            throws Exception {
        super(op, environment);
        this.op = op;
        config.setStatePartitioner(0, keys);
        config.setStateKeySerializer(keyType.createSerializer(executionConfig.getSerializerConfig()));
        config.serializeAllConfigs();
    }

    public void processElement1(IN value, long timestamp) throws Exception {
        StreamRecord<IN> r = new StreamRecord<>(value, timestamp);
        op.setKeyContextElement1(r);
        op.processElement1(r);
    }

    public void processElement2(B update, long timestamp) throws Exception {
        op.processElement2(new StreamRecord<>(update, timestamp));
    }

    public void processBothWatermarks(Watermark w) throws Exception {
        op.processWatermark1(w);
        op.processWatermark2(w);
    }
}
