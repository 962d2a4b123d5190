package io.driftwatch.devstack.loadgen;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * A daily and weekly cycle (UTC) of a model's traffic and confidence, the {@link Scenario#SEASONAL}
 * option. Both are multiplicative factors of the event time:
 *
 * <ul>
 *   <li>confidence: each recorded value is multiplied by {@code 1 − 0.10·night − 0.15·weekend}, where
 *       {@code night} is 1 from 00:00 to 06:00 UTC and {@code weekend} is 1 on Saturday and Sunday, else 0
 *       (so values stay in [0, 1]; Beta(17, 3)'s mean 0.85 becomes 0.765 at night, 0.7225 on weekend days,
 *       0.6375 on weekend nights);
 *   <li>traffic: the inferences per export interval (and with them tokens and cost) are multiplied by
 *       {@code (night ? 0.4 : 1) · (weekend ? 0.6 : 1)}.
 * </ul>
 *
 * With a frozen 24 h-window comparison this fires every weekend: the traffic-weighted mean factor of a
 * weekend day is 0.838 against 0.959 over whole weeks, a drift ratio of 0.126 &gt; 0.1, while a weekday's
 * 0.988 is 0.030 away. {@link #NONE} has both factors 1.
 */
public record Seasonality(
        double nightConfidenceDip, double weekendConfidenceDip, double nightVolume, double weekendVolume) {

    /** No cycle. */
    public static final Seasonality NONE = new Seasonality(0, 0, 1, 1);
    /** The {@code seasonal} scenario's cycle. */
    public static final Seasonality DAILY_WEEKLY = new Seasonality(0.10, 0.15, 0.4, 0.6);

    public Seasonality {
        if (!(nightConfidenceDip >= 0 && weekendConfidenceDip >= 0 && nightConfidenceDip + weekendConfidenceDip < 1)) {
            throw new IllegalArgumentException("confidence dips must be >= 0 and sum below 1");
        }
        if (!(nightVolume > 0 && weekendVolume > 0)) {
            throw new IllegalArgumentException("volume factors must be > 0");
        }
    }

    /** Whether {@code epochMillis} lies in the night, 00:00–06:00 UTC. */
    public static boolean isNight(long epochMillis) {
        return utc(epochMillis).getHour() < 6;
    }

    /** Whether {@code epochMillis} lies on a Saturday or Sunday (UTC). */
    public static boolean isWeekend(long epochMillis) {
        DayOfWeek d = utc(epochMillis).getDayOfWeek();
        return d == DayOfWeek.SATURDAY || d == DayOfWeek.SUNDAY;
    }

    /** The factor of a confidence value recorded at {@code epochMillis}. */
    public double confidenceFactor(long epochMillis) {
        return 1
                - (isNight(epochMillis) ? nightConfidenceDip : 0)
                - (isWeekend(epochMillis) ? weekendConfidenceDip : 0);
    }

    /** The factor of the traffic (inferences per export interval) at {@code epochMillis}. */
    public double volumeFactor(long epochMillis) {
        return (isNight(epochMillis) ? nightVolume : 1) * (isWeekend(epochMillis) ? weekendVolume : 1);
    }

    private static ZonedDateTime utc(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).atZone(ZoneOffset.UTC);
    }
}
