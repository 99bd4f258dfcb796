namespace TagApi.Bench.Data;

/// <summary>One generated tag: its key, display name, default category, parent and share of customers holding it.</summary>
public sealed record TagSpec(int Index, string Key, string Name, string Category, string? Parent, double Density);

/// <summary>
/// The ~100 tags of the benchmark tenant. Densities are skewed as in BENCHMARKS.md: four headline
/// tags at 50 %, 30 %, 20 % and 10 %; a broad middle band (30 % down to 6 %) that brings the
/// average to about ten tags per customer; and a long tail from 5 % down to 0.01 %. Some tags form
/// a parent → child hierarchy up to three levels deep (electronics → phones → iphone).
/// </summary>
public static class TagCatalog
{
    // key, parent (or null); the position decides the density.
    private static readonly (string Key, string? Parent)[] Definitions =
    [
        ("newsletter", null), ("wechat_follower", null), ("app_user", null), ("high_value", null),
        ("coupon_user", null), ("interest_electronics", null), ("interest_fashion", null), ("interest_home", null),
        ("weekend_shopper", null), ("mobile_shopper", null), ("interest_phones", "interest_electronics"), ("interest_beauty", null),
        ("price_sensitive", null), ("interest_food", null), ("interest_sports", null), ("night_shopper", null),
        ("interest_books", null), ("interest_laptops", "interest_electronics"), ("review_writer", null), ("interest_shoes", "interest_fashion"),
        ("interest_kitchen", "interest_home"), ("live_stream_viewer", null), ("interest_travel", null), ("interest_skincare", "interest_beauty"),
        ("referral_source", null), ("interest_audio", "interest_electronics"), ("interest_bags", "interest_fashion"), ("interest_outdoor", "interest_sports"),
        ("interest_coffee", "interest_food"), ("flash_sale_buyer", null), ("interest_android", "interest_phones"), ("interest_iphone", "interest_phones"),
        ("interest_makeup", "interest_beauty"), ("interest_furniture", "interest_home"), ("interest_running", "interest_sports"), ("interest_tea", "interest_food"),
        ("interest_baby", null), ("interest_pets", null), ("gift_buyer", null), ("interest_gaming", "interest_electronics"),
        ("interest_music", null), ("interest_movies", null), ("member_card_holder", null), ("store_visitor", null),
        ("email_opener", null), ("sms_opt_in", null), ("interest_cycling", "interest_sports"), ("interest_jewelry", "interest_fashion"),
        ("interest_wine", "interest_food"), ("interest_garden", "interest_home"), ("bulk_buyer", null), ("repeat_buyer", null),
        ("cart_abandoner", null), ("interest_cars", null), ("interest_fitness", "interest_sports"), ("early_adopter", null),
        ("survey_responder", null), ("interest_art", null), ("interest_photography", "interest_electronics"), ("interest_watches", "interest_fashion"),
        ("loyalty_points_high", null), ("social_sharer", null), ("interest_toys", "interest_baby"), ("festival_shopper", null),
        ("churn_risk", null), ("vip_event_guest", null), ("b2b_buyer", null), ("interest_luxury", "interest_fashion"),
        ("interest_drones", "interest_electronics"), ("interest_golf", "interest_sports"), ("wholesale_partner", null), ("influencer", null),
        ("interest_yachts", null), ("complaint_open", null), ("interest_antiques", null), ("interest_cigars", null),
        ("press_contact", null), ("interest_ski", "interest_outdoor"), ("interest_diving", "interest_outdoor"), ("beta_tester", null),
        ("returns_frequent", null), ("fraud_review", null), ("interest_vinyl", "interest_music"), ("interest_collectibles", null),
        ("ambassador", null), ("interest_wine_premium", "interest_wine"), ("celebrity", null), ("investor_relations", null),
        ("interest_space", null), ("legacy_account", null), ("gdpr_request", null), ("interest_falconry", null),
        ("charity_donor", null), ("interest_horology", "interest_watches"), ("trade_show_lead", null), ("interest_esports", "interest_gaming"),
        ("partner_staff", null), ("employee", null), ("test_account", null), ("black_card", null),
    ];

    private static readonly HashSet<string> SourceTags =
        ["newsletter", "wechat_follower", "referral_source", "store_visitor", "trade_show_lead"];

    private static readonly Dictionary<string, string> LocalNames = new()
    {
        ["high_value"] = "高价值客户",
        ["churn_risk"] = "流失风险",
        ["wechat_follower"] = "微信关注",
        ["black_card"] = "黑卡会员",
    };

    public static IReadOnlyList<TagSpec> All { get; } = Build();

    public static TagSpec ByKey(string key) => All.First(t => t.Key == key);

    /// <summary>The tag and every tag below it, as <c>tag UNDER</c> means.</summary>
    public static IReadOnlyList<TagSpec> Subtree(string key)
    {
        var result = new List<TagSpec> { ByKey(key) };
        for (var i = 0; i < result.Count; i++)
        {
            result.AddRange(All.Where(t => t.Parent == result[i].Key));
        }

        return result;
    }

    private static List<TagSpec> Build()
    {
        var list = new List<TagSpec>(Definitions.Length);
        for (var i = 0; i < Definitions.Length; i++)
        {
            var (key, parent) = Definitions[i];
            var category = key.StartsWith("interest_", StringComparison.Ordinal) ? "behavior"
                : SourceTags.Contains(key) ? "source"
                : "custom";
            list.Add(new TagSpec(i, key, LocalNames.GetValueOrDefault(key) ?? Title(key), category, parent, DensityAt(i)));
        }

        return list;
    }

    private static double DensityAt(int index) => index switch
    {
        0 => 0.50,
        1 => 0.30,
        2 => 0.20,
        3 => 0.10,
        < 64 => LogSpaced(0.30, 0.06, index - 4, 60),
        _ => LogSpaced(0.05, 0.0001, index - 64, 36),
    };

    private static double LogSpaced(double from, double to, int step, int steps) =>
        from * Math.Pow(to / from, step / (double)(steps - 1));

    private static string Title(string key)
    {
        var words = key.Replace("interest_", "", StringComparison.Ordinal).Split('_');
        var text = string.Join(' ', words);
        return char.ToUpperInvariant(text[0]) + text[1..];
    }
}
