package io.driftwatch.jobs.cost;

import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.runtime.operators.testutils.MockEnvironment;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;

/**
 * A pricing operator (keyed input 1, the broadcast catalog on input 2) in a harness with a given
 * environment, so that its metrics can be read ({@code HarnessMetrics}): Flink's keyed two-input
 * harnesses take no environment.
 */
final class KeyedBroadcastHarness<K, IN, OUT> extends AbstractStreamOperatorTestHarness<OUT> {

    private final CoBroadcastWithKeyedOperator<K, IN, CatalogUpdate, OUT> op;

    KeyedBroadcastHarness(
            KeyedBroadcastProcessFunction<K, IN, CatalogUpdate, OUT> function,
            KeySelector<IN, K> keys,
            TypeInformation<K> keyType,
            MockEnvironment environment)
            throws Exception {
        this(new CoBroadcastWithKeyedOperator<>(function, List.of(CatalogInForce.STATE)), keys, keyType, environment);
    }

    private KeyedBroadcastHarness(
            CoBroadcastWithKeyedOperator<K, IN, CatalogUpdate, OUT> op,
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

    void processElement1(IN value, long timestamp) throws Exception {
        StreamRecord<IN> r = new StreamRecord<>(value, timestamp);
        op.setKeyContextElement1(r);
        op.processElement1(r);
    }

    void processElement2(CatalogUpdate update, long timestamp) throws Exception {
        op.processElement2(new StreamRecord<>(update, timestamp));
    }

    void processBothWatermarks(Watermark w) throws Exception {
        op.processWatermark1(w);
        op.processWatermark2(w);
    }
}
