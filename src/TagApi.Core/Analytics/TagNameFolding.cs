using System.Globalization;
using System.Text;

namespace TagApi.Core.Analytics;

/// <summary>
/// Folds a tag name to what a person would call the same name: full-width forms become ASCII (by the fixed offset
/// of the Halfwidth and Fullwidth Forms block, as the server runs with invariant globalization, where Unicode
/// compatibility normalisation is not available), case is ignored, punctuation and spaces are dropped, and traditional Chinese
/// characters mapped to simplified ones for a table of common characters. The table is deliberately small
/// (characters that occur in customer labels), not a full conversion: a character outside it is kept as it is,
/// so two names that differ only by such a character are not reported, never wrongly reported.
/// </summary>
public static class TagNameFolding
{
    // Pairs of (traditional, simplified), position by position: each character as simplified Chinese writes it. Like the
    // script itself this joins a few words a traditional reader tells apart (髮 and 發 both become 发).
    private const string Traditional =
        "戶價會員舊買賣購優費躍潛線電產類標籤級貴賓誠實體點門東務區國網應關註冊讀話業動態顧們從發後長時間對傳統與為這個來說進還過經頁視聽運數據營銷質熱僅維護鄰車無愛號訂單錢積獎勵歡興戲樂書學習園醫藥療險銀紅綠藍黃豐滿額衛華陽雲風飛機場廣圖館處條復歸輕縣鄉鎮幣匯總計劃試驗檢測預約報紀錄記憶細節連結續斷環遊戀婦嬰兒親媽憂寵貓鳥魚飲麵飯廳輛駕駛導師專職帶貨郵遞儲庫齡歲齊裝飾襪錶鐘燈廚膚髮妝顏麗輪轉換贈團隊組織協議論評讚屬參觀擊閱覽尋訪問題複雜簡潔認證碼資訊權開啟閉離聯絡繫邊緣際週歷舉辦創設備戰項準確穩漲虧損餘幾萬億兩雙";

    private const string Simplified =
        "户价会员旧买卖购优费跃潜线电产类标签级贵宾诚实体点门东务区国网应关注册读话业动态顾们从发后长时间对传统与为这个来说进还过经页视听运数据营销质热仅维护邻车无爱号订单钱积奖励欢兴戏乐书学习园医药疗险银红绿蓝黄丰满额卫华阳云风飞机场广图馆处条复归轻县乡镇币汇总计划试验检测预约报纪录记忆细节连结续断环游恋妇婴儿亲妈忧宠猫鸟鱼饮面饭厅辆驾驶导师专职带货邮递储库龄岁齐装饰袜表钟灯厨肤发妆颜丽轮转换赠团队组织协议论评赞属参观击阅览寻访问题复杂简洁认证码资讯权开启闭离联络系边缘际周历举办创设备战项准确稳涨亏损余几万亿两双";

    private static readonly Dictionary<char, char> ToSimplified = BuildTable();

    /// <summary>The folded form; two names with the same folded form are reported as duplicates.</summary>
    public static string Fold(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var raw in name)
        {
            var c = raw switch
            {
                >= '\uFF01' and <= '\uFF5E' => (char)(raw - 0xFEE0),
                '\u3000' => ' ',
                _ => raw,
            };
            var category = char.GetUnicodeCategory(c);
            if (category is UnicodeCategory.SpaceSeparator or UnicodeCategory.Control or UnicodeCategory.Format
                || char.IsPunctuation(c))
            {
                continue;
            }

            var lower = char.ToLowerInvariant(c);
            builder.Append(ToSimplified.TryGetValue(lower, out var simplified) ? simplified : lower);
        }

        return builder.ToString();
    }

    private static Dictionary<char, char> BuildTable()
    {
        if (Traditional.Length != Simplified.Length)
        {
            throw new InvalidOperationException("The traditional and simplified tables must pair up character by character.");
        }

        var table = new Dictionary<char, char>();
        for (var i = 0; i < Traditional.Length; i++)
        {
            table.TryAdd(Traditional[i], Simplified[i]);
        }

        return table;
    }
}
