package io.driftwatch.jobs.cost;

import io.driftwatch.cost.catalog.CatalogDocument;
import io.driftwatch.cost.catalog.CatalogException;
import io.driftwatch.cost.catalog.PriceCatalog;
import java.io.Serializable;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * The catalog a pricing operator prices with: the newest document of the catalog topic (its
 * broadcast state), else the catalog file read at start-up. A document replaces the whole catalog;
 * hours evaluated after it arrived are priced with it, each with the prices in force at its start
 * ({@link CostSettings#pricesForHourEnding(PriceCatalog, long)}).
 *
 * <p>The broadcast state holds the document's text only (one entry), so it is the same bytes on every
 * instance and after a restore; each instance parses it once per version.
 */
final class CatalogInForce implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The broadcast state of every pricing operator: {@value #KEY} → the newest document's text. */
    static final MapStateDescriptor<String, String> STATE =
            new MapStateDescriptor<>("cost-catalog", Types.STRING, Types.STRING);

    static final String KEY = "document";

    private final CostSettings settings;

    private transient String parsedText;
    private transient CatalogDocument parsed;

    CatalogInForce(CostSettings settings) {
        this.settings = settings;
    }

    /** Stores a validated update: the hours evaluated from now on are priced with it. */
    static void update(BroadcastState<String, String> state, CatalogUpdate update) throws Exception {
        state.put(KEY, update.text());
    }

    /** The version in force: the newest document's, else the catalog file's. */
    String version(ReadOnlyBroadcastState<String, String> state) throws Exception {
        CatalogDocument d = document(state);
        return d == null ? settings.config().catalogVersion() : d.version();
    }

    /** The prices of the hour ending {@code hourEndMillis}, from the catalog in force. */
    PriceCatalog pricesForHourEnding(ReadOnlyBroadcastState<String, String> state, long hourEndMillis)
            throws Exception {
        CatalogDocument d = document(state);
        return CostSettings.pricesForHourEnding(d == null ? settings.catalog() : d.catalog(), hourEndMillis);
    }

    private CatalogDocument document(ReadOnlyBroadcastState<String, String> state) throws Exception {
        String text = state.get(KEY);
        if (text == null) {
            return null;
        }
        if (!text.equals(parsedText)) {
            try {
                parsed = CatalogDocument.parse(text, "cost catalog state");
            } catch (CatalogException e) {
                // only validated documents are stored (CatalogValidation): a reader change broke this one
                throw new IllegalStateException("the stored catalog no longer validates: " + e.getMessage(), e);
            }
            parsedText = text;
        }
        return parsed;
    }
}
