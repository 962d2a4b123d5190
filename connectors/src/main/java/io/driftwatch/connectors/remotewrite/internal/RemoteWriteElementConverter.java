package io.driftwatch.connectors.remotewrite.internal;

import io.driftwatch.connectors.remotewrite.PrometheusSample;
import java.util.Objects;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.connector.base.sink.writer.ElementConverter;

/** Prepares a sample's final series labels once, at write time. */
public final class RemoteWriteElementConverter implements ElementConverter<PrometheusSample, RemoteWriteEntry> {

    private static final long serialVersionUID = 1L;

    private final SeriesLabelsFactory seriesLabels;

    public RemoteWriteElementConverter(SeriesLabelsFactory seriesLabels) {
        this.seriesLabels = Objects.requireNonNull(seriesLabels, "seriesLabels");
    }

    @Override
    public RemoteWriteEntry apply(PrometheusSample sample, SinkWriter.Context context) {
        return new RemoteWriteEntry(
                seriesLabels.create(sample.metricName(), sample.labels()), sample.timestampMs(), sample.value());
    }
}
