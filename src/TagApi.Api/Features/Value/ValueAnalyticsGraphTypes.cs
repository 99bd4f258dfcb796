using GraphQL;
using GraphQL.Types;
using TagApi.Api.GraphQL;
using TagApi.Core.Tenancy;
using TagApi.Core.Value;

namespace TagApi.Api.Features.Value;

/// <summary>The root field <c>valueAnalytics</c>, the mirror of <c>GET /v1/analytics/value</c>, priced as an evaluation.</summary>
public static class ValueGraphQL
{
    public static void AddQueries(ObjectGraphType query) =>
        query.Field<NonNullGraphType<ValueAnalyticsGraphType>>("valueAnalytics")
            .Description("Customer value: the RFM grid and named segments, the BG/NBD and Gamma-Gamma fit, distributions of pAlive and CLV.")
            .RequireScope(Scopes.AnalyticsRead).Evaluates()
            .ResolveAsync(async c => ValueAnalyticsResponse.From(await c.Service<CustomerValueReads>().AnalyseAsync(c.CancellationToken)));
}

/// <summary>GraphQL mirror of <see cref="ValueAnalyticsResponse"/>.</summary>
public sealed class ValueAnalyticsGraphType : ObjectGraphType<ValueAnalyticsResponse>
{
    public ValueAnalyticsGraphType()
    {
        Name = "ValueAnalytics";
        Description = "The tenant's customer value analysis.";
        Field(x => x.Customers).Description("Every customer.");
        Field(x => x.Purchasers).Description("Customers with a purchase.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<RfmGridRowGraphType>>>>("rfmGrid")
            .Description("Customers by R score (one row each, R 5 first) and F score.").Resolve(c => c.Source.RfmGrid);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<RfmSegmentCountGraphType>>>>("segments").Description("Customers per named RFM segment.").Resolve(c => c.Source.Segments);
        Field<NonNullGraphType<ValueModelGraphType>>("model").Description("The RFM edges and model fits used.").Resolve(c => c.Source.Model);
        Field<DistributionGraphType>("pAlive").Description("The distribution of pAlive; null without a fitted model.").Resolve(c => c.Source.PAlive);
        Field<DistributionGraphType>("predictedClv365d").Description("The distribution of predictedClv365d; null without one.").Resolve(c => c.Source.PredictedClv365d);
        Field(x => x.ComputedAt).Description("When this answer was computed (UTC).");
    }
}

/// <summary>GraphQL mirror of <see cref="RfmGridRowResponse"/>.</summary>
public sealed class RfmGridRowGraphType : ObjectGraphType<RfmGridRowResponse>
{
    public RfmGridRowGraphType()
    {
        Name = "RfmGridRow";
        Description = "One row of the RFM grid.";
        Field(x => x.R).Description("The R score of the row.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<IntGraphType>>>>("customers").Description("Customers with that R score by F score (index f − 1).")
            .Resolve(c => c.Source.Customers);
    }
}

/// <summary>GraphQL mirror of <see cref="RfmSegmentCountResponse"/>.</summary>
public sealed class RfmSegmentCountGraphType : ObjectGraphType<RfmSegmentCountResponse>
{
    public RfmSegmentCountGraphType()
    {
        Name = "RfmSegmentCount";
        Description = "Customers in one named RFM segment.";
        Field(x => x.Segment).Description("The segment's name.");
        Field(x => x.Customers).Description("Customers in it.");
    }
}

/// <summary>GraphQL mirror of <see cref="ValueModelResponse"/>.</summary>
public sealed class ValueModelGraphType : ObjectGraphType<ValueModelResponse>
{
    public ValueModelGraphType()
    {
        Name = "ValueModel";
        Description = "The tenant's value model: RFM edges and the fits, or why they are missing.";
        Field(x => x.ComputedAt).Description("When the edges and fits were computed (UTC).");
        Field(x => x.WindowDays).Description("The window of frequency and monetary, in days.");
        Field(x => x.Purchasers).Description("Customers with a purchase then.");
        Field<RfmEdgesGraphType>("rfm").Description("The quintile edges; null with rfmReason.").Resolve(c => c.Source.Rfm);
        Field(x => x.RfmReason, nullable: true).Description("Why there are no edges.");
        Field<PurchaseModelGraphType>("purchaseModel").Description("The BG/NBD fit; null with modelReason.").Resolve(c => c.Source.PurchaseModel);
        Field<SpendModelGraphType>("spendModel").Description("The Gamma-Gamma fit; null with modelReason.").Resolve(c => c.Source.SpendModel);
        Field(x => x.ModelReason, nullable: true).Description("Why a fit or a prediction is missing.");
        Field(x => x.FittedAt, nullable: true).Description("When the models were fitted (UTC).");
        Field(x => x.FitSeconds, nullable: true).Description("How long fitting both took, in seconds.");
    }
}

/// <summary>GraphQL mirror of <see cref="RfmEdgesResponse"/>.</summary>
public sealed class RfmEdgesGraphType : ObjectGraphType<RfmEdgesResponse>
{
    public RfmEdgesGraphType()
    {
        Name = "RfmEdges";
        Description = "Quintile edges: a value above the k-th edge scores at least k + 1; for recency, a value below it.";
        Field(x => x.Customers).Description("Purchasing customers the edges were taken over.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<LongGraphType>>>>("recencyDays").Description("Recency edges in days, descending.").Resolve(c => c.Source.RecencyDays);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<LongGraphType>>>>("frequency").Description("Frequency edges.").Resolve(c => c.Source.Frequency);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<DecimalGraphType>>>>("monetary").Description("Monetary edges.").Resolve(c => c.Source.Monetary);
    }
}

/// <summary>GraphQL mirror of <see cref="PurchaseModelResponse"/>.</summary>
public sealed class PurchaseModelGraphType : ObjectGraphType<PurchaseModelResponse>
{
    public PurchaseModelGraphType()
    {
        Name = "PurchaseModel";
        Description = "The fitted BG/NBD purchase model.";
        Field(x => x.R).Description("Shape of the purchase-rate Gamma distribution.");
        Field(x => x.Alpha).Description("Scale of the purchase-rate Gamma distribution, in days.");
        Field(x => x.A).Description("First shape of the drop-out Beta distribution.");
        Field(x => x.B).Description("Second shape of the drop-out Beta distribution.");
        Field(x => x.LogLikelihood).Description("The fit's maximised log-likelihood.");
        Field(x => x.Customers).Description("Purchasing customers it was fitted on.");
    }
}

/// <summary>GraphQL mirror of <see cref="SpendModelResponse"/>.</summary>
public sealed class SpendModelGraphType : ObjectGraphType<SpendModelResponse>
{
    public SpendModelGraphType()
    {
        Name = "SpendModel";
        Description = "The fitted Gamma-Gamma spend model.";
        Field(x => x.P).Description("Shape of a transaction's value.");
        Field(x => x.Q).Description("Shape of the customers' spend scale.");
        Field(x => x.Gamma).Description("Scale of the customers' spend scale.");
        Field(x => x.LogLikelihood).Description("The fit's maximised log-likelihood.");
        Field(x => x.Customers).Description("Customers with a repeat purchase it was fitted on.");
    }
}

/// <summary>GraphQL mirror of <see cref="DistributionResponse"/>.</summary>
public sealed class DistributionGraphType : ObjectGraphType<DistributionResponse>
{
    public DistributionGraphType()
    {
        Name = "ValueDistribution";
        Description = "A value's distribution over the customers that have it.";
        Field(x => x.Customers).Description("Customers with a value.");
        Field(x => x.Mean).Description("Their mean.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<QuantileGraphType>>>>("quantiles").Description("p10, p25, p50, p75, p90 and p99 (nearest rank).")
            .Resolve(c => c.Source.Quantiles.ToList());
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<HistogramBinGraphType>>>>("histogram").Description("Ten equal-width bins.").Resolve(c => c.Source.Histogram);
    }
}

/// <summary>One quantile of a <see cref="DistributionGraphType"/>.</summary>
public sealed class QuantileGraphType : ObjectGraphType<KeyValuePair<string, double>>
{
    public QuantileGraphType()
    {
        Name = "Quantile";
        Description = "One quantile.";
        Field<NonNullGraphType<StringGraphType>>("name").Description("p10, p25, p50, p75, p90 or p99.").Resolve(c => c.Source.Key);
        Field<NonNullGraphType<FloatGraphType>>("value").Description("The value.").Resolve(c => c.Source.Value);
    }
}

/// <summary>GraphQL mirror of <see cref="HistogramBinResponse"/>.</summary>
public sealed class HistogramBinGraphType : ObjectGraphType<HistogramBinResponse>
{
    public HistogramBinGraphType()
    {
        Name = "HistogramBin";
        Description = "Customers in [from, to) (the last bin includes to).";
        Field(x => x.From).Description("Lower bound.");
        Field(x => x.To).Description("Upper bound.");
        Field(x => x.Customers).Description("Customers in the bin.");
    }
}
