using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using CsCheck;

namespace EShop.Api.Tests.Infrastructure;

/// <summary>What an attacker sends: blank and invisible ids, control and bidi characters, overlong and
/// overflowing values, wrong JSON types, broken JSON, and now and then a value that is valid.</summary>
public static class HostileInput
{
    private static readonly string[] Nasty =
    [
        "", " ", "\t", "\u00A0", "\u3000", "\u200B", "\0", "a\0b", "\u202Eevil", "\u2066x\u2069", "\r\n", "\u0085",
        "../../etc/passwd", "..%2F..", "%00", "' OR 1=1 --", "\"; DROP TABLE users; --", "<script>alert(1)</script>",
        "${jndi:ldap://x}", "null", "{}", "[]", "-1", "0", "1e309", "NaN", "9223372036854775807", "9223372036854775808",
        "ａdmin@eshop.local", "ADMİN@eshop.local", "admin@eshop.local", "\uD800", "\uDFFF", "😀", "İı", "x@y",
        "usr_admin", "pm_card_visa", "pm_card_chargeDeclined", "US", "usd", "Confirmed",
    ];

    /// <summary>A hostile string: a known nasty value, random Unicode (surrogates included), or a very long run.</summary>
    public static readonly Gen<string> Text = Gen.Frequency(
        (6, Gen.OneOf(Nasty)),
        (3, Gen.String[0, 40]),
        (2, Gen.Char["\0\t\n\u00A0\u202E\u2028 aZ9-_.@%/\\'\"<>{}"].Array[0, 30].Select(c => new string(c))),
        (1, Gen.Int[300, 70_000].Select(n => new string('x', n))));

    /// <summary>Numbers and non-numbers where a number is expected.</summary>
    public static readonly Gen<JsonNode?> Number = Gen.OneOf<JsonNode?>(
        JsonValue.Create(0), JsonValue.Create(-1), JsonValue.Create(1), JsonValue.Create(101), JsonValue.Create(int.MaxValue),
        JsonValue.Create(long.MaxValue), JsonValue.Create(long.MinValue), JsonValue.Create(4611686018427387904L),
        JsonValue.Create(99_999_999L), JsonValue.Create(100_000_000L), JsonValue.Create(1.5), JsonValue.Create("12"),
        JsonValue.Create(true), null, new JsonArray(), new JsonObject()).Select(n => n?.DeepClone());

    /// <summary>Any JSON value, shallowly nested.</summary>
    public static readonly Gen<JsonNode?> Value = Gen.Frequency(
        (4, Text.Select(s => (JsonNode?)JsonValue.Create(s))),
        (3, Number),
        (1, Gen.Const((JsonNode?)null)),
        (1, Text.Array[0, 4].Select(items => (JsonNode?)new JsonArray([.. items.Select(i => (JsonNode?)JsonValue.Create(i))]))),
        (1, Gen.Select(Text, Text, (k, v) => (JsonNode?)new JsonObject { [k] = v, [k.Trim() + " "] = v })));

    /// <summary>A path segment as sent on the wire: every byte percent-encoded, so invisible characters arrive too.
    /// NUL is left out: Kestrel refuses a path holding one before any app code runs (and TestServer cannot send it).</summary>
    public static string PathSegment(string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value.Length > 5000 ? value[..5000] : value);
        var builder = new StringBuilder(bytes.Length * 3);
        foreach (var b in bytes.Where(b => b != 0))
            builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
        return builder.ToString();
    }

    /// <summary>A body for the given fields: an object of hostile values, or no object at all.</summary>
    public static Gen<string?> Body(IReadOnlyList<string> fields) => Gen.Frequency(
        (8, Value.Array[fields.Count].Select(values =>
        {
            var body = new JsonObject();
            for (var i = 0; i < fields.Count; i++)
                body[fields[i]] = values[i];
            return (string?)body.ToJsonString();
        })),
        (1, Gen.OneOf<string?>(null, "", "{", "[]", "\"x\"", "{\"a\":", new string('[', 5000), "{\"email\":\"\uD800\"}", "\u0000\u0001")),
        (1, Value.Select(v => (string?)(v?.ToJsonString() ?? "null"))));
}
