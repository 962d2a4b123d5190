package io.driftwatch.connectors.remotewrite.internal;

import io.driftwatch.connectors.remotewrite.PrometheusSample;
import io.driftwatch.connectors.remotewrite.PrometheusSampleMapper;
import java.util.Objects;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.connector.base.sink.writer.ElementConverter;

/** Maps an element to its sample and prepares the final series labels once, at write time. */
public final class RemoteWriteElementConverter<InputT> implements ElementConverter<InputT, RemoteWriteEntry> {

    private static final long serialVersionUID = 1L;

    private final PrometheusSampleMapper<InputT> mapper;
    private final SeriesLabelsFactory seriesLabels;

    public RemoteWriteElementConverter(PrometheusSampleMapper<InputT> mapper, SeriesLabelsFactory seriesLabels) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.seriesLabels = Objects.requireNonNull(seriesLabels, "seriesLabels");
    }

    @Override
    public RemoteWriteEntry apply(InputT element, SinkWriter.Context context) {
        PrometheusSample sample = mapper.map(element);
        if (sample == null) {
            throw new NullPointerException("PrometheusSampleMapper " + mapper.getClass().getName()
                    + " returned null for element " + element);
        }
        return new RemoteWriteEntry(
                seriesLabels.create(sample.metricName(), sample.labels()), sample.timestampMs(), sample.value());
    }
}
