using Microsoft.Extensions.Primitives;
using TagApi.Core.Common;
using TagApi.Core.Conditional;
using TagApi.Core.Customers;
using TagApi.Core.Rules;
using TagApi.Core.Segments;
using TagApi.Core.TagCategories;
using TagApi.Core.Tags;
using TagApi.Core.Webhooks;

namespace TagApi.Api.Conditional;

/// <summary>
/// The <c>ETag</c> of the single resources (tags, categories, customers, segments, rules, webhook endpoints) and the
/// entity-tag lists of <c>If-Match</c> / <c>If-None-Match</c>.
/// </summary>
public static class EntityTags
{
    /// <summary>Sets the response's <c>ETag</c> to the resource's current version and hands the resource on.</summary>
    public static T Tagged<T>(this HttpContext http, T resource)
        where T : class
    {
        http.Response.Headers.ETag = Of(resource);
        return resource;
    }

    /// <summary>The strong entity tag of a resource's current version.</summary>
    public static string Of(object resource) => resource switch
    {
        Tag t => EntityTag.Of(IdPrefixes.Tag, t.Id, t.Revision),
        TagCategory c => EntityTag.Of(IdPrefixes.Category, c.Id, c.Revision),
        Customer c => EntityTag.Of(IdPrefixes.Customer, c.Id, c.Version),
        Segment s => EntityTag.Of(IdPrefixes.Segment, s.Id, s.Revision),
        TaggingRule r => EntityTag.Of(IdPrefixes.Rule, r.Id, r.Revision),
        WebhookEndpoint e => EntityTag.Of(IdPrefixes.WebhookEndpoint, e.Id, e.Revision),
        _ => throw new ArgumentException($"{resource.GetType().Name} has no entity tag.", nameof(resource)),
    };

    /// <summary>The members of an entity-tag list header (<c>*</c>, <c>"…"</c>, <c>W/"…"</c>), across its lines.</summary>
    public static List<string> Parse(StringValues header)
    {
        var tags = new List<string>();
        foreach (var line in header)
        {
            var text = line ?? "";
            var i = 0;
            while (i < text.Length)
            {
                while (i < text.Length && (text[i] is ' ' or '\t' or ','))
                {
                    i++;
                }

                var start = i;
                var quoted = false;
                while (i < text.Length && (quoted || text[i] != ','))
                {
                    quoted ^= text[i] == '"';
                    i++;
                }

                if (text[start..i].Trim() is { Length: > 0 } tag)
                {
                    tags.Add(tag);
                }
            }
        }

        return tags;
    }

    /// <summary><c>If-None-Match</c>'s weak comparison: <c>*</c>, or any member equal to <paramref name="current"/> once <c>W/</c> is set aside.</summary>
    public static bool NoneMatchFails(StringValues ifNoneMatch, string current) =>
        Parse(ifNoneMatch).Exists(t => t == "*" || (t.StartsWith("W/", StringComparison.Ordinal) ? t[2..] : t) == current);
}
