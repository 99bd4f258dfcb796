using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace TagApi.Core.Data;

/// <summary>
/// An EF compiled query, kept per model. EF binds a compiled query to the first model it runs on and
/// refuses any other, while one process may hold several (a SQLite and a PostgreSQL host side by side
/// in the tests); in production there is one model and this is one lookup.
/// </summary>
public sealed class CompiledQuery<TQuery>(Func<TQuery> compile)
    where TQuery : class
{
    private readonly ConditionalWeakTable<IModel, TQuery> _byModel = [];

    public TQuery For(DbContext db) =>
        _byModel.TryGetValue(db.Model, out var query) ? query : _byModel.GetValue(db.Model, _ => compile());
}
