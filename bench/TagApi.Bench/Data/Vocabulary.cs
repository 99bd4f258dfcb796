namespace TagApi.Bench.Data;

/// <summary>Where customers live, which locale goes with it.</summary>
public sealed record Place(string Country, string Region, string City, string Locale, string PhonePrefix);

/// <summary>The small weighted vocabularies the customer generator draws from.</summary>
public static class Vocabulary
{
    public static Weighted<Place> Places { get; } = new(
        (new Place("CN", "Shanghai", "Shanghai", "zh-CN", "+86"), 18),
        (new Place("CN", "Beijing", "Beijing", "zh-CN", "+86"), 15),
        (new Place("CN", "Guangdong", "Guangzhou", "zh-CN", "+86"), 9),
        (new Place("CN", "Guangdong", "Shenzhen", "zh-CN", "+86"), 9),
        (new Place("CN", "Zhejiang", "Hangzhou", "zh-CN", "+86"), 7),
        (new Place("CN", "Sichuan", "Chengdu", "zh-CN", "+86"), 6),
        (new Place("CN", "Jiangsu", "Nanjing", "zh-CN", "+86"), 5),
        (new Place("CN", "Hubei", "Wuhan", "zh-CN", "+86"), 5),
        (new Place("HK", "Hong Kong", "Hong Kong", "zh-HK", "+852"), 3),
        (new Place("SG", "Singapore", "Singapore", "en-SG", "+65"), 3),
        (new Place("JP", "Tokyo", "Tokyo", "ja-JP", "+81"), 4),
        (new Place("US", "California", "San Francisco", "en-US", "+1"), 4),
        (new Place("US", "New York", "New York", "en-US", "+1"), 4),
        (new Place("GB", "England", "London", "en-GB", "+44"), 3),
        (new Place("DE", "Berlin", "Berlin", "de-DE", "+49"), 3),
        (new Place("FR", "Île-de-France", "Paris", "fr-FR", "+33"), 2));

    public static Weighted<string> Industries { get; } = new(
        ("Retail", 22), ("Technology", 18), ("Manufacturing", 14), ("Finance", 10), ("Healthcare", 9),
        ("Education", 9), ("Hospitality", 7), ("Logistics", 6), ("Media", 5));

    public static Weighted<string> OnlineDetails { get; } = new(
        ("tmall", 30), ("jd", 20), ("wechat_mini_program", 25), ("website", 15), ("app", 10));

    public static Weighted<string> OfflineDetails { get; } = new(
        ("flagship_store", 40), ("mall_counter", 30), ("trade_fair", 15), ("referral", 15));

    public static Weighted<int> VipLevels { get; } = new((0, 50), (1, 20), (2, 13), (3, 9), (4, 5), (5, 3));

    public static Weighted<string> PreferredChannels { get; } = new(
        ("wechat", 40), ("email", 25), ("sms", 15), ("app", 15), ("phone", 5));

    public static string[] FamilyNames { get; } =
        ["Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Zhao", "Huang", "Zhou", "Wu", "Xu", "Sun", "Smith", "Tanaka", "Mueller", "Martin"];

    public static string[] GivenNames { get; } =
        ["Wei", "Fang", "Min", "Jing", "Lei", "Yan", "Jun", "Hui", "Ying", "Tao", "Anna", "James", "Yuki", "Lukas", "Emma", "Chloe"];

    public static string[] CompanySuffixes { get; } = ["Trading Co.", "Technology Ltd.", "Group", "Holdings", "Studio"];

    public static string[] MailDomains { get; } = ["qq.com", "163.com", "gmail.com", "outlook.com", "example.cn"];
}
