using TagApi.Core.Segments.Engine;

namespace TagApi.Core.Value;

/// <summary>
/// What customer value needs of one customer's purchases, read from the in-memory timeline. The models count
/// purchase <em>days</em> (several purchases on one UTC day are one transaction, their amounts summed), the usual
/// discretisation for BG/NBD: a split order does not look like a loyal customer.
/// </summary>
/// <param name="Count">Purchases ever.</param>
/// <param name="FirstTicks">When the first purchase happened.</param>
/// <param name="LastTicks">When the latest purchase happened.</param>
/// <param name="PurchaseDays">Distinct UTC days with a purchase.</param>
/// <param name="FirstDay">The first purchase's day number.</param>
/// <param name="LastDay">The latest purchase's day number.</param>
/// <param name="RepeatAmountUnits">Spend after the first purchase day, in <see cref="ActivityPoint.AmountUnits"/>.</param>
public readonly record struct PurchaseSummary(int Count, long FirstTicks, long LastTicks, int PurchaseDays, int FirstDay, int LastDay, long RepeatAmountUnits)
{
    /// <summary>Repeat transactions (purchase days after the first): BG/NBD's x.</summary>
    public int RepeatCount => PurchaseDays - 1;

    /// <summary>Days from the first to the latest purchase: BG/NBD's tₓ.</summary>
    public int RecencySpan => LastDay - FirstDay;

    /// <summary>Days from the first purchase to <paramref name="now"/>: BG/NBD's T (never below tₓ).</summary>
    public int Age(DateTime now) => Math.Max(DayOf(now.Ticks) - FirstDay, RecencySpan);

    /// <summary>The mean spend of a repeat transaction (Gamma-Gamma's m̄ₓ); null without a repeat purchase.</summary>
    public double? MeanRepeatSpend => RepeatCount > 0 ? (double)RepeatAmountUnits / ActivityPoint.AmountUnits / RepeatCount : null;

    public static int DayOf(long ticks) => (int)(ticks / TimeSpan.TicksPerDay);

    /// <summary>The customer's purchases; null when there are none.</summary>
    public static PurchaseSummary? Of(ActivityTimeline timeline, ushort purchaseType)
    {
        int count = 0, days = 0, firstDay = 0, lastDay = 0;
        long first = 0, last = 0, total = 0, firstDayAmount = 0;
        foreach (ref readonly var p in timeline.Points)
        {
            if (p.Type != purchaseType)
            {
                continue;
            }

            var day = DayOf(p.Ticks);
            if (count++ == 0)
            {
                first = p.Ticks;
                firstDay = day;
                lastDay = day;
                days = 1;
            }
            else if (day != lastDay)
            {
                days++;
                lastDay = day;
            }

            total += p.Amount;
            if (day == firstDay)
            {
                firstDayAmount += p.Amount;
            }

            last = p.Ticks;
        }

        return count == 0 ? null : new PurchaseSummary(count, first, last, days, firstDay, lastDay, total - firstDayAmount);
    }
}
