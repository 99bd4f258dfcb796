using GraphQL.Types;
using TagApi.Api.Features.Tags;
using TagApi.Api.GraphQL;
using TagApi.Core.Common;
using TagApi.Core.TagAssignments;

namespace TagApi.Api.Features.TagAssignments;

/// <summary>GraphQL <c>CustomerTag</c>: a tag a customer holds, as REST's <see cref="CustomerTagResponse"/>.</summary>
public sealed class CustomerTagGraphType : ObjectGraphType<TagAssignment>
{
    public CustomerTagGraphType()
    {
        Name = "CustomerTag";
        Description = "A tag a customer holds: which, how it came and until when.";
        Field<NonNullGraphType<TagGraphType>>("tag").Description("The tag.").Resolve(c => c.Source.Tag ?? TagLoaders.Tag(c, c.Source.TagId));
        Field<NonNullGraphType<TagSourceGraphType>>("source").Description("How the tag came to the customer.").Resolve(c => c.Source.Source);
        Field(a => a.SourceRef, nullable: true).Description("The client id (manual, import) or rule id and version (rule) that assigned it.");
        Field(a => a.AssignedAt).Description("When it was assigned (UTC).");
        Field(a => a.ExpiresAt, nullable: true).Description("When it will be removed automatically, if ever.");
    }
}

/// <summary>GraphQL <c>TagHistoryEntry</c>: one line of the ledger, as REST's <see cref="TagHistoryResponse"/>.</summary>
public sealed class TagHistoryEntryGraphType : ObjectGraphType<TagHistoryEntry>
{
    public TagHistoryEntryGraphType()
    {
        Name = "TagHistoryEntry";
        Description = "One line of the immutable tag ledger: who tagged or untagged the customer, when and why.";
        Field<NonNullGraphType<IdGraphType>>("id").Description("Opaque entry id (hst_…).").Resolve(c => PublicId.Encode(IdPrefixes.HistoryEntry, c.Source.Id));
        Field<NonNullGraphType<IdGraphType>>("tagId").Description("Tag id (the tag may since have been deleted).").Resolve(c => PublicId.Encode(IdPrefixes.Tag, c.Source.TagId));
        Field(h => h.TagKey).Description("Tag key at the time.");
        Field<NonNullGraphType<TagHistoryActionGraphType>>("action").Description("What happened.").Resolve(c => c.Source.Action);
        Field<NonNullGraphType<TagSourceGraphType>>("source").Description("Who made the change: by hand, a rule or an import.").Resolve(c => c.Source.Source);
        Field(h => h.SourceRef, nullable: true).Description("Client id or rule id and version.");
        Field(h => h.Reason, nullable: true).Description("Why, when known (replaced in an exclusive category, merged, deleted…).");
        Field(h => h.At).Description("When (UTC).");
    }
}

public sealed class TagSourceGraphType() : RestEnumGraphType<TagSource>("TagSource", "How a tag came to a customer.");

public sealed class TagHistoryActionGraphType() : RestEnumGraphType<TagHistoryAction>("TagHistoryAction", "What happened to a customer's tag.");
