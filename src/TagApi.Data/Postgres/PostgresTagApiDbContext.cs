using Microsoft.EntityFrameworkCore;
using Npgsql;
using TagApi.Core.Customers;
using TagApi.Core.Data;
using TagApi.Core.Segments.Engine;
using TagApi.Core.Tenancy;
using TagApi.Core.Webhooks;

namespace TagApi.Data.Postgres;

/// <summary>The production provider: PostgreSQL 15 or later, shared by many API instances.</summary>
public sealed class PostgresTagApiDbContext(DbContextOptions<PostgresTagApiDbContext> options, TenantContext tenant, SegmentEngine? engine = null, WebhookOutbox? outbox = null, TimeProvider? clock = null)
    : TagApiDbContext(options, tenant, engine, outbox, clock)
{
    public override bool IsUniqueViolation(DbUpdateException exception) =>
        exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<Customer>().Property(c => c.Attributes).HasColumnType("jsonb");
    }
}
