package io.driftwatch.drift.confidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link HourOfWeekBaseline} against a direct computation with java.time and two-pass statistics. */
class HourOfWeekBaselineTest {

    private static final long HOUR = 3_600_000L;
    /** Monday 2024-01-01 00:00 UTC. */
    private static final long MONDAY = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();

    /** The hour of the week by the calendar: (day of week - Monday) * 24 + hour of day. */
    private static int calendarHourOfWeek(long t) {
        ZonedDateTime z = Instant.ofEpochMilli(t).atZone(ZoneOffset.UTC);
        return (z.getDayOfWeek().getValue() - DayOfWeek.MONDAY.getValue()) * 24 + z.getHour();
    }

    @Test
    void hourOfWeekMatchesTheCalendar() {
        Random r = new Random(7);
        for (int i = 0; i < 10_000; i++) {
            long t = (long) ((r.nextDouble() * 2 - 1) * 4e12); // 1843 … 2096
            assertEquals(
                    calendarHourOfWeek(t),
                    HourOfWeekBaseline.hourOfWeek(t),
                    Instant.ofEpochMilli(t).toString());
        }
        assertEquals(0, HourOfWeekBaseline.hourOfWeek(MONDAY));
        assertEquals(167, HourOfWeekBaseline.hourOfWeek(MONDAY - 1));
        assertEquals(72, HourOfWeekBaseline.hourOfWeek(0)); // the epoch: Thursday 00:00
    }

    private record Slot(long start, SlotAggregate a) {}

    /** Three weeks of 30-minute slots, means with a nightly and a weekend dip plus noise; some sparse. */
    private static List<Slot> seasonalSlots(Random r, long from, int count) {
        List<Slot> slots = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long start = from + i * HOUR / 2;
            int how = calendarHourOfWeek(start);
            double mean = 0.85 - (how % 24 < 6 ? 0.1 : 0) - (how >= 120 ? 0.05 : 0) + r.nextGaussian() * 0.01;
            long n = r.nextInt(10) == 0 ? 2 : 50 + r.nextInt(200);
            slots.add(new Slot(start, SlotAggregate.of(n, mean * n, 0)));
        }
        return slots;
    }

    @Test
    void referenceEqualsTheDirectComputation() {
        Random r = new Random(11);
        long minSlotCount = 5;
        List<Slot> learnt = seasonalSlots(r, MONDAY + 5 * HOUR, 3 * 7 * 48);
        HourOfWeekBaseline b = new HourOfWeekBaseline(minSlotCount);
        learnt.forEach(s -> b.addSlot(s.start(), s.a()));

        // direct per-hour statistics: N, S, and the two-pass sample variance of qualifying slot means
        double[] n = new double[168];
        double[] sum = new double[168];
        List<List<Double>> means = new ArrayList<>();
        for (int h = 0; h < 168; h++) {
            means.add(new ArrayList<>());
        }
        for (Slot s : learnt) {
            int h = calendarHourOfWeek(s.start());
            n[h] += s.a().count();
            sum[h] += s.a().sum();
            if (s.a().count() >= minSlotCount) {
                means.get(h).add(s.a().mean());
            }
        }
        double[] variance = new double[168];
        for (int h = 0; h < 168; h++) {
            List<Double> m = means.get(h);
            double avg = m.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            variance[h] = m.stream().mapToDouble(x -> (x - avg) * (x - avg)).sum() / (m.size() - 1);
            assertEquals(sum[h] / n[h], b.hour(h).mean(), 1e-12, "mean of hour " + h);
            assertEquals(variance[h], b.hour(h).slotMeanVariance(), 1e-12, "variance of hour " + h);
        }

        // a 24 h window starting on a Saturday at 13:30, with today's traffic
        List<Slot> window = seasonalSlots(r, MONDAY + 4 * 7 * 24 * HOUR + 5 * 24 * HOUR + 27 * HOUR / 2, 48);
        double c = 0;
        double cm = 0;
        double cv = 0;
        for (Slot s : window) {
            int h = calendarHourOfWeek(s.start());
            c += s.a().count();
            cm += s.a().count() * sum[h] / n[h];
            cv += s.a().count() * variance[h];
        }
        BaselineReference ref = b.reference(v -> window.forEach(s -> v.accept(s.start(), s.a())));
        assertEquals(cm / c, ref.mean(), 1e-12);
        assertEquals(Math.sqrt(cv / c), ref.stddev(), 1e-12);
        assertEquals((long) java.util.Arrays.stream(n).sum(), ref.count());

        // a window of one night slot compares with that night hour alone, not with the day's mean
        Slot night = window.stream()
                .filter(s -> calendarHourOfWeek(s.start()) % 24 == 2)
                .findFirst()
                .orElseThrow();
        int h = calendarHourOfWeek(night.start());
        BaselineReference one = b.reference(v -> v.accept(night.start(), night.a()));
        assertEquals(sum[h] / n[h], one.mean(), 1e-12);
        assertTrue(one.mean() < 0.78, "night hour mean " + one.mean());

        HourOfWeekBaseline copy = HourOfWeekBaseline.fromBytes(b.toBytes());
        assertEquals(ref, copy.reference(v -> window.forEach(s -> v.accept(s.start(), s.a()))));
    }

    @Test
    void undefinedWithoutMatchedHoursOrSpread() {
        HourOfWeekBaseline b = new HourOfWeekBaseline(1);
        BaselineReference none = b.reference(v -> v.accept(MONDAY, SlotAggregate.of(10, 8, 0)));
        assertTrue(Double.isNaN(none.mean()) && Double.isNaN(none.stddev()));
        b.addSlot(MONDAY, SlotAggregate.of(10, 8, 0)); // one slot: a mean, no spread
        BaselineReference one = b.reference(v -> v.accept(MONDAY + 7 * 24 * HOUR, SlotAggregate.of(4, 2, 0)));
        assertEquals(0.8, one.mean(), 1e-12);
        assertTrue(Double.isNaN(one.stddev()));
        // an empty current slot, or one of an hour without baseline data, does not count
        BaselineReference mixed = b.reference(v -> {
            v.accept(MONDAY + HOUR, SlotAggregate.of(100, 10, 0));
            v.accept(MONDAY, SlotAggregate.EMPTY);
            v.accept(MONDAY, SlotAggregate.of(4, 2, 0));
        });
        assertEquals(0.8, mixed.mean(), 1e-12);
    }

    @Test
    void goldenBytes() {
        HourOfWeekBaseline b = new HourOfWeekBaseline(5);
        b.addSlot(MONDAY, SlotAggregate.of(200, 170.5, 3));
        b.addSlot(MONDAY + 7 * 24 * HOUR, SlotAggregate.of(130, 90.25, 12));
        b.addSlot(MONDAY - 1, SlotAggregate.of(4, 3.0, 1));
        String hex = HexFormat.of().formatHex(b.toBytes());
        String empty = "1c01050000000000000000000000000000000000000000000000000000";
        String hour0 = "1d0105ca0240704c0000000000023fe8bf68c359025d3f89a67bf60139f9";
        String hour167 = "1c01050440080000000000000000000000000000000000000000000000";
        // per part, so that a failure shows which
        assertEquals("01a801", hex.substring(0, 6));
        assertEquals(hour0, hex.substring(6, 6 + hour0.length()));
        assertEquals(empty.repeat(166), hex.substring(6 + hour0.length(), hex.length() - hour167.length()));
        assertEquals(hour167, hex.substring(hex.length() - hour167.length()));
        assertEquals(
                hex,
                HexFormat.of()
                        .formatHex(HourOfWeekBaseline.fromBytes(b.toBytes()).toBytes()));
    }

    @Test
    void corruptBytesAreNamed() {
        byte[] good = new HourOfWeekBaseline(1).toBytes();
        byte[] truncated = java.util.Arrays.copyOf(good, good.length - 3);
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> HourOfWeekBaseline.fromBytes(truncated));
        assertTrue(e.getMessage().contains("HourOfWeekBaseline"), e.getMessage());
        byte[] wrongHours = good.clone();
        wrongHours[1] = 7;
        e = assertThrows(IllegalArgumentException.class, () -> HourOfWeekBaseline.fromBytes(wrongHours));
        assertTrue(e.getMessage().contains("hours"), e.getMessage());
    }
}
