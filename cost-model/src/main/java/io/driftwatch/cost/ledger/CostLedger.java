package io.driftwatch.cost.ledger;

import io.driftwatch.codec.ByteReader;
import io.driftwatch.codec.ByteWriter;
import io.driftwatch.cost.money.Money;
import java.time.LocalDate;
import java.util.Map;
import java.util.NavigableMap;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * The recent priced history of one subject (a use case, or one model version of it): the priced
 * hours of the rolling window and the cost of each recent UTC calendar day, enough for
 * {@link io.driftwatch.cost.projection.MonthEndProjector}.
 *
 * <p>An hour is identified by its end {@code T} (epoch ms, a whole hour) and covers {@code (T − 1 h,
 * T]}; its cost counts for the UTC day of {@code T − 1 h}, the day the hour lies in. {@link
 * #window(long)} at {@code T} sums the hours ending in {@code (T − W, T]}, {@code W} = the window
 * length in hours. Only the newest {@value #DAYS_KEPT} days are kept, and only the hours of the
 * window before the newest hour: the state stays bounded however long the subject lives. Hours whose priced usage is all
 * zero are not kept.
 */
public final class CostLedger {

    /**
     * Days of history kept: the newest day and the 31 before it, enough for a whole month to date and
     * for the projector's longest rate window (31 full days) on the first of a month.
     */
    public static final int DAYS_KEPT = 32;

    private static final long HOUR = 3_600_000L;
    private static final long DAY = 86_400_000L;
    private static final int VERSION = 1;
    // version 2 adds each hour's failed inferences; written only when some hour has any, so the state
    // of a deployment without error labels keeps its version-1 bytes
    private static final int VERSION_WITH_FAILURES = 2;

    private final int windowHours;
    private final TreeMap<Long, HourCost> hours = new TreeMap<>();
    private final TreeMap<Long, Long> dayMicros = new TreeMap<>();

    /** @throws IllegalArgumentException if {@code windowHours} is not positive */
    public CostLedger(int windowHours) {
        if (windowHours < 1) {
            throw new IllegalArgumentException("window must be at least one hour, got " + windowHours);
        }
        this.windowHours = windowHours;
    }

    public int windowHours() {
        return windowHours;
    }

    /**
     * Adds the priced hour ending at {@code hourEndMillis} (added to what that hour already holds).
     *
     * @throws IllegalArgumentException if {@code hourEndMillis} is not a whole hour
     */
    public void record(long hourEndMillis, HourCost cost) {
        long slot = slot(hourEndMillis);
        if (cost.isZero()) {
            return;
        }
        hours.merge(slot, cost, HourCost::plus);
        long day = Math.floorDiv(hourEndMillis - HOUR, DAY);
        dayMicros.merge(day, cost.cost().micros(), Math::addExact);
        long newest = hours.lastKey();
        hours.headMap(newest - windowHours, true).clear();
        dayMicros
                .headMap(Math.floorDiv(newest * HOUR - HOUR, DAY) - DAYS_KEPT, true)
                .clear();
    }

    /** The sum of the hours ending in {@code (T − W, T]}, {@code T = hourEndMillis}. */
    public HourCost window(long hourEndMillis) {
        long slot = slot(hourEndMillis);
        HourCost sum = HourCost.ZERO;
        for (HourCost h : hours.subMap(slot - windowHours, false, slot, true).values()) {
            sum = sum.plus(h);
        }
        return sum;
    }

    /** The hour ending at {@code hourEndMillis}, {@link HourCost#ZERO} when nothing was priced in it. */
    public HourCost hour(long hourEndMillis) {
        return hours.getOrDefault(slot(hourEndMillis), HourCost.ZERO);
    }

    /** The end of the newest hour with priced usage, if any. */
    public OptionalLong newestHourEnd() {
        return hours.isEmpty() ? OptionalLong.empty() : OptionalLong.of(hours.lastKey() * HOUR);
    }

    /** The cost of each recent UTC day with priced usage (the days {@link #DAYS_KEPT} kept). */
    public NavigableMap<LocalDate, Money> dailyCosts() {
        TreeMap<LocalDate, Money> out = new TreeMap<>();
        dayMicros.forEach((day, micros) -> out.put(LocalDate.ofEpochDay(day), Money.ofMicros(micros)));
        return out;
    }

    /**
     * The compact serialised form: a version byte, then zigzag varints: the window length, the number
     * of hours, per hour its end (as a difference to the previous one), cost, GPU cost, inferences and
     * tokens (cost in micro-units), and in version 2 failed inferences; the number of days, per day its epoch day (as a difference) and
     * cost. About 10–20 bytes per kept hour and 4–6 per kept day.
     */
    public byte[] toBytes() {
        ByteWriter out = new ByteWriter(32 + hours.size() * 16 + dayMicros.size() * 6);
        boolean failures = hours.values().stream().anyMatch(h -> h.failedInferences() != 0);
        out.writeByte(failures ? VERSION_WITH_FAILURES : VERSION);
        out.writeZigZagInt(windowHours);
        out.writeZigZagInt(hours.size());
        long previous = 0;
        for (Map.Entry<Long, HourCost> e : hours.entrySet()) {
            out.writeZigZagLong(e.getKey() - previous);
            previous = e.getKey();
            HourCost h = e.getValue();
            out.writeZigZagLong(h.cost().micros());
            out.writeZigZagLong(h.gpuCost().micros());
            out.writeZigZagLong(h.inferences());
            out.writeZigZagLong(h.tokens());
            if (failures) {
                out.writeZigZagLong(h.failedInferences());
            }
        }
        out.writeZigZagInt(dayMicros.size());
        previous = 0;
        for (Map.Entry<Long, Long> e : dayMicros.entrySet()) {
            out.writeZigZagLong(e.getKey() - previous);
            previous = e.getKey();
            out.writeZigZagLong(e.getValue());
        }
        return out.toByteArray();
    }

    /** Reads {@link #toBytes()}; {@link IllegalArgumentException} naming the problem if the bytes are not such a form. */
    public static CostLedger fromBytes(byte[] bytes) {
        ByteReader in = new ByteReader(bytes, "cost ledger");
        int version = in.readByte("format version");
        if (version != VERSION && version != VERSION_WITH_FAILURES) {
            throw new IllegalArgumentException("cost ledger format version " + version
                    + " is not supported (this build reads versions " + VERSION + " and " + VERSION_WITH_FAILURES
                    + ")");
        }
        CostLedger ledger = new CostLedger(in.readZigZagInt("window"));
        int n = in.readZigZagInt("hour count");
        long slot = 0;
        for (int i = 0; i < n; i++) {
            slot += in.readZigZagLong("hour");
            ledger.hours.put(
                    slot,
                    new HourCost(
                            Money.ofMicros(in.readZigZagLong("cost")),
                            Money.ofMicros(in.readZigZagLong("GPU cost")),
                            in.readZigZagLong("inferences"),
                            in.readZigZagLong("tokens"),
                            version == VERSION ? 0 : in.readZigZagLong("failed inferences")));
        }
        int days = in.readZigZagInt("day count");
        long day = 0;
        for (int i = 0; i < days; i++) {
            day += in.readZigZagLong("day");
            ledger.dayMicros.put(day, in.readZigZagLong("day cost"));
        }
        in.expectEnd();
        return ledger;
    }

    private static long slot(long hourEndMillis) {
        if (hourEndMillis % HOUR != 0) {
            throw new IllegalArgumentException("an hour end must be a whole hour, got " + hourEndMillis + " ms");
        }
        return hourEndMillis / HOUR;
    }
}
