using GraphQL.Types;
using TagApi.Core.Value;

namespace TagApi.Api.Features.Value;

/// <summary>GraphQL mirror of <see cref="CustomerValueResponse"/>: <c>Customer.value</c>.</summary>
public sealed class CustomerValueGraphType : ObjectGraphType<CustomerValueResponse>
{
    public CustomerValueGraphType()
    {
        Name = "CustomerValue";
        Description = "A customer's value: RFM measures and scores, and the predicted-value model's answers; a null value has its reason in reasons.";
        Field(x => x.RecencyDays, nullable: true).Description("Whole days since the latest purchase.");
        Field(x => x.Frequency).Description("Purchases in the window.");
        Field(x => x.Monetary).Description("Purchase amount in the window.");
        Field<RfmScoreGraphType>("rfm").Description("Quintile scores against the tenant's purchasing customers, and the named segment.").Resolve(c => c.Source.Rfm);
        Field(x => x.PAlive, nullable: true).Description("Probability the customer is still active (BG/NBD).");
        Field(x => x.ExpectedPurchases90d, nullable: true).Description("Expected purchase days in the next 90 days (BG/NBD).");
        Field(x => x.PredictedClv365d, nullable: true).Description("Expected spend in the next 365 days, undiscounted (BG/NBD × Gamma-Gamma).");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ValueReasonGraphType>>>>("reasons").Description("Why a value is null, by field.")
            .Resolve(c => Reasons(c.Source.Reasons));
        Field<NonNullGraphType<ValueInputsGraphType>>("inputs").Description("What the values were computed from.").Resolve(c => c.Source.Inputs);
        Field(x => x.ComputedAt).Description("When the tenant's edges and model fit used were computed (UTC); the customer's own inputs are current.");
    }

    private static List<KeyValuePair<string, string>> Reasons(ValueReasonsResponse r) =>
    [
        .. new (string Field, string? Reason)[]
        {
            ("recencyDays", r.RecencyDays), ("rfm", r.Rfm), ("pAlive", r.PAlive), ("expectedPurchases90d", r.ExpectedPurchases90d), ("predictedClv365d", r.PredictedClv365d),
        }.Where(p => p.Reason is not null).Select(p => KeyValuePair.Create(p.Field, p.Reason!)),
    ];
}

/// <summary>GraphQL mirror of <see cref="RfmScoreResponse"/>.</summary>
public sealed class RfmScoreGraphType : ObjectGraphType<RfmScoreResponse>
{
    public RfmScoreGraphType()
    {
        Name = "RfmScore";
        Description = "A customer's RFM scores, 1–5, and named segment.";
        Field(x => x.R).Description("Recency score (5: purchased most recently).");
        Field(x => x.F).Description("Frequency score.");
        Field(x => x.M).Description("Monetary score.");
        Field(x => x.Segment).Description("The named RFM segment, e.g. champions or at_risk.");
    }
}

/// <summary>One entry of <c>CustomerValue.reasons</c>.</summary>
public sealed class ValueReasonGraphType : ObjectGraphType<KeyValuePair<string, string>>
{
    public ValueReasonGraphType()
    {
        Name = "ValueReason";
        Description = "Why one value is null.";
        Field<NonNullGraphType<StringGraphType>>("field").Description("The value's field, e.g. pAlive or rfm.").Resolve(c => c.Source.Key);
        Field<NonNullGraphType<StringGraphType>>("reason").Description("no_purchases, too_few_customers, too_few_repeat_customers, fit_not_converged, purchase_model_degenerate or spend_model_degenerate.")
            .Resolve(c => c.Source.Value);
    }
}

/// <summary>GraphQL mirror of <see cref="ValueInputsResponse"/>.</summary>
public sealed class ValueInputsGraphType : ObjectGraphType<ValueInputsResponse>
{
    public ValueInputsGraphType()
    {
        Name = "ValueInputs";
        Description = "What a customer's values were computed from.";
        Field(x => x.FirstPurchaseAt, nullable: true).Description("The first purchase (UTC).");
        Field(x => x.LastPurchaseAt, nullable: true).Description("The latest purchase (UTC).");
        Field(x => x.Purchases).Description("Purchases ever.");
        Field(x => x.RepeatTransactions).Description("Purchase days after the first (the model's x).");
        Field(x => x.RecencySpanDays, nullable: true).Description("Days from the first to the latest purchase day (the model's tₓ).");
        Field(x => x.AgeDays, nullable: true).Description("Days from the first purchase day to today (the model's T).");
        Field(x => x.MeanRepeatSpend, nullable: true).Description("Mean spend of a repeat purchase day.");
        Field(x => x.WindowDays).Description("The window of frequency and monetary, in days.");
    }
}
