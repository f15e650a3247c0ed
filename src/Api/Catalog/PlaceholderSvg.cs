using System.Globalization;
using System.Security;
using System.Security.Cryptography;
using System.Text;

namespace EShop.Api.Catalog;

/// <summary>
/// The shop's own placeholder pictures: an SVG with colours derived from an id and a caption. The caption is product
/// text an admin typed, so it is XML-escaped; the SVG holds no script, links or external references.
/// </summary>
public static class PlaceholderSvg
{
    private const int MaxCaption = 32;

    public static byte[] Render(string colourKey, string caption, string? subcaption = null)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(colourKey));
        var hue = (hash[0] << 8 | hash[1]) % 360;
        var accent = (hue + 40 + hash[2] % 80) % 360;
        var (x, y, r) = (100 + hash[3] % 400, 100 + hash[4] % 400, 120 + hash[5] % 160);
        var svg = new StringBuilder()
            .Append(CultureInfo.InvariantCulture,
                $"""<svg xmlns="http://www.w3.org/2000/svg" width="600" height="600" viewBox="0 0 600 600" role="img" aria-label="{Escape(caption)}">""")
            .Append(CultureInfo.InvariantCulture, $"""<rect width="600" height="600" fill="hsl({hue},45%,42%)"/>""")
            .Append(CultureInfo.InvariantCulture, $"""<circle cx="{x}" cy="{y}" r="{r}" fill="hsl({accent},60%,65%)" fill-opacity="0.45"/>""")
            .Append(CultureInfo.InvariantCulture, $"""<text x="300" y="300" text-anchor="middle" font-family="sans-serif" font-size="34" fill="#fff">{Escape(Shorten(caption))}</text>""");
        if (!string.IsNullOrEmpty(subcaption))
            svg.Append(CultureInfo.InvariantCulture, $"""<text x="300" y="350" text-anchor="middle" font-family="sans-serif" font-size="22" fill="#fff">{Escape(Shorten(subcaption))}</text>""");
        return Encoding.UTF8.GetBytes(svg.Append("</svg>").ToString());
    }

    /// <summary>Escapes &amp;, &lt;, &gt;, " and ', for text and attribute values alike.</summary>
    private static string Escape(string text) => SecurityElement.Escape(text);

    /// <summary>At most <see cref="MaxCaption"/> text elements: never cuts a surrogate pair or an emoji sequence in half.</summary>
    private static string Shorten(string text)
    {
        var elements = new StringInfo(text);
        return elements.LengthInTextElements <= MaxCaption ? text : elements.SubstringByTextElements(0, MaxCaption - 1) + "\u2026";
    }
}
