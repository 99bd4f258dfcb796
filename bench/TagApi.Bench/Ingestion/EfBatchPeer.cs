using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using TagApi.Bench.Data;

namespace TagApi.Bench.Ingestion;

/// <summary>
/// W4's EF Core peer: a plain DbContext over the same three tables (only the columns the rows need), filled the way an
/// application would — entities added and <c>SaveChanges</c> every <see cref="Batch"/> of them, a fresh context per
/// batch (no change tracker growing) — for a time budget per table, since EF at full scale would take an hour.
/// </summary>
public static class EfBatchPeer
{
    public const int Batch = 1_000;

    /// <summary>Rows written and seconds taken per table, each table for at most <paramref name="budget"/>.</summary>
    public static (LoadStep Customers, LoadStep Assignments, LoadStep Activities) Run(
        string connectionString, IngestSet set, long tenantId, string clientId, long[] tagIdByIndex, TimeSpan budget)
    {
        var options = new DbContextOptionsBuilder<IngestContext>().UseNpgsql(connectionString).Options;
        var c = new CustomerRecord();
        var clock = Stopwatch.StartNew();
        var customers = 0;
        while (customers < set.Customers && clock.Elapsed < budget)
        {
            using var db = new IngestContext(options);
            for (var end = Math.Min(set.Customers, customers + Batch); customers < end; customers++)
            {
                set.Generator.Fill(customers, c);
                db.Customers.Add(new EfCustomer
                {
                    Id = customers + 1L, TenantId = tenantId, ExternalId = c.ExternalId, Type = c.Type, Name = c.Name, Email = c.Email, Phone = c.Phone,
                    Gender = c.Gender, BirthDate = c.BirthDate, Country = c.Place.Country, Region = c.Place.Region, City = c.Place.City,
                    Industry = c.Industry, Source = c.Source, SourceDetail = c.SourceDetail, Locale = c.Place.Locale, Attributes = c.Attributes,
                    Version = 1, CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
                });
            }

            db.SaveChanges();
        }

        var customerStep = new LoadStep("EF customers", customers, clock.Elapsed.TotalSeconds);

        clock.Restart();
        long assignments = 0;
        Span<byte> tags = stackalloc byte[TagCatalog.All.Count];
        for (var i = 0; i < customers && clock.Elapsed < budget;)
        {
            using var db = new IngestContext(options);
            var pending = 0;
            for (; i < customers && pending < Batch; i++)
            {
                foreach (var t in tags[..set.Tags(i, tags)])
                {
                    db.Assignments.Add(new EfAssignment
                    {
                        CustomerId = i + 1L, TagId = tagIdByIndex[t], TenantId = tenantId, Source = "Import", SourceRef = clientId, AssignedAt = DateTime.UtcNow,
                    });
                    pending++;
                }
            }

            db.SaveChanges();
            assignments += pending;
        }

        var assignmentStep = new LoadStep("EF assignments", assignments, clock.Elapsed.TotalSeconds);

        clock.Restart();
        long activities = 0;
        using var rows = set.Activities(customers).GetEnumerator();
        var more = true;
        while (more && clock.Elapsed < budget)
        {
            using var db = new IngestContext(options);
            var pending = 0;
            while (pending < Batch && (more = rows.MoveNext()))
            {
                var a = rows.Current;
                db.Activities.Add(new EfActivity
                {
                    TenantId = tenantId, CustomerId = a.Customer + 1L, ExternalId = IngestSet.ActivityExternalId(a.Number), Type = a.Type, Channel = a.Channel,
                    OccurredAt = a.OccurredAt, Amount = a.Amount, Properties = "{}", RecordedAt = DateTime.UtcNow,
                });
                pending++;
            }

            db.SaveChanges();
            activities += pending;
        }

        return (customerStep, assignmentStep, new LoadStep("EF activities", activities, clock.Elapsed.TotalSeconds));
    }

    private sealed class IngestContext(DbContextOptions<IngestContext> options) : DbContext(options)
    {
        public DbSet<EfCustomer> Customers => Set<EfCustomer>();

        public DbSet<EfAssignment> Assignments => Set<EfAssignment>();

        public DbSet<EfActivity> Activities => Set<EfActivity>();

        protected override void OnModelCreating(ModelBuilder model)
        {
            model.Entity<EfCustomer>(e =>
            {
                e.ToTable("Customers");
                e.Property(x => x.Id).ValueGeneratedNever();
                e.Property(x => x.Attributes).HasColumnType("jsonb");
            });
            model.Entity<EfAssignment>(e =>
            {
                e.ToTable("TagAssignments");
                e.HasKey(x => new { x.CustomerId, x.TagId });
            });
            model.Entity<EfActivity>(e => e.ToTable("Activities"));
        }
    }

    private sealed class EfCustomer
    {
        public long Id { get; set; }
        public long TenantId { get; set; }
        public string ExternalId { get; set; } = "";
        public string Type { get; set; } = "";
        public string? Name { get; set; }
        public string? Email { get; set; }
        public string? Phone { get; set; }
        public string? Gender { get; set; }
        public DateOnly? BirthDate { get; set; }
        public string? Country { get; set; }
        public string? Region { get; set; }
        public string? City { get; set; }
        public string? Industry { get; set; }
        public string Source { get; set; } = "";
        public string? SourceDetail { get; set; }
        public string? Locale { get; set; }
        public string Attributes { get; set; } = "{}";
        public decimal TotalSpent { get; set; }
        public int OrderCount { get; set; }
        public long Version { get; set; }
        public DateTime CreatedAt { get; set; }
        public DateTime UpdatedAt { get; set; }
    }

    private sealed class EfAssignment
    {
        public long CustomerId { get; set; }
        public long TagId { get; set; }
        public long TenantId { get; set; }
        public string Source { get; set; } = "";
        public string? SourceRef { get; set; }
        public DateTime AssignedAt { get; set; }
    }

    private sealed class EfActivity
    {
        public long Id { get; set; }
        public long TenantId { get; set; }
        public long CustomerId { get; set; }
        public string? ExternalId { get; set; }
        public string Type { get; set; } = "";
        public string? Channel { get; set; }
        public DateTime OccurredAt { get; set; }
        public decimal? Amount { get; set; }
        public string Properties { get; set; } = "{}";
        public DateTime RecordedAt { get; set; }
    }
}
