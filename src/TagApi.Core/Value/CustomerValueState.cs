using TagApi.Core.Segments.Engine;

namespace TagApi.Core.Value;

/// <summary>
/// Holds a tenant's current <see cref="TenantValueModel"/> beside its index. A read uses the model as it is unless
/// it is older than <see cref="CustomerValueSettings.RefreshInterval"/>, or customers changed since and it is older
/// than <see cref="CustomerValueSettings.RecomputeAfterChange"/>; then the first reader recomputes it (one at a time)
/// and the others wait for that answer. The scheduled refresh keeps reads from paying for it.
/// </summary>
public sealed class CustomerValueState
{
    private readonly Lock _gate = new();
    private volatile TenantValueModel? _model;

    /// <summary>The settings models are computed with; set by the engine when it builds the index.</summary>
    public CustomerValueSettings Settings { get; set; } = new();

    /// <summary>The predicted value fields kept as columns for the current model and day.</summary>
    internal PredictedValueColumns Columns { get; } = new();

    /// <summary>The model as last computed, without recomputing.</summary>
    public TenantValueModel? Latest => _model;

    /// <summary>The model a read at <paramref name="now"/> should use, recomputed first when due.</summary>
    public TenantValueModel Get(IndexSnapshot snapshot, DateTime now)
    {
        var model = _model;
        if (model is not null && !IsDue(model, snapshot, now))
        {
            return model;
        }

        lock (_gate)
        {
            model = _model;
            if (model is null || IsDue(model, snapshot, now))
            {
                model = TenantValueModelBuilder.Build(snapshot, now, Settings);
                _model = model;
            }

            return model;
        }
    }

    /// <summary>The scheduled refresh: recomputes when a read would, so reads find the model ready.</summary>
    public bool RefreshIfOld(IndexSnapshot snapshot, DateTime now)
    {
        var model = _model;
        if (model is not null && !IsDue(model, snapshot, now))
        {
            return false;
        }

        lock (_gate)
        {
            _model = TenantValueModelBuilder.Build(snapshot, now, Settings);
        }

        return true;
    }

    private bool IsDue(TenantValueModel model, IndexSnapshot snapshot, DateTime now) =>
        now - model.ComputedAt >= Settings.RefreshInterval
        || now < model.ComputedAt
        || (model.Version != snapshot.Version && now - model.ComputedAt >= Settings.RecomputeAfterChange);
}
