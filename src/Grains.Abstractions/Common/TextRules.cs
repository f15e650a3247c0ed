using System.Buffers;
using System.Globalization;
using System.Text;

namespace EShop.Grains.Abstractions.Common;

/// <summary>Which line breaks a text field may hold; <see cref="Opaque"/> fields (passwords) are never inspected.</summary>
public enum TextKind
{
    SingleLine,
    MultiLine,
    Opaque,
}

/// <summary>
/// Characters that free text (names, addresses, product text) must not hold: controls (C0, DEL, C1), invisible
/// format characters (bidi overrides and isolates, zero-width space, BOM), line and paragraph separators, and
/// unpaired surrogates. They make text render other than it reads (a right-to-left override prints "Flat 12" as
/// "Flat 21" on a shipping label), break logs and exports, and no legitimate name needs them. ZWNJ and ZWJ stay
/// allowed: Persian and Indic spellings and emoji sequences need them.
/// </summary>
public static class TextRules
{
    private const int ZeroWidthNonJoiner = 0x200C;
    private const int ZeroWidthJoiner = 0x200D;

    public static bool IsAllowed(ReadOnlySpan<char> text, TextKind kind = TextKind.SingleLine)
    {
        if (kind == TextKind.Opaque)
            return true;
        while (!text.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(text, out var rune, out var consumed) != OperationStatus.Done || !IsAllowed(rune, kind))
                return false;
            text = text[consumed..];
        }

        return true;
    }

    private static bool IsAllowed(Rune rune, TextKind kind) => Rune.GetUnicodeCategory(rune) switch
    {
        UnicodeCategory.Control => kind == TextKind.MultiLine && rune.Value is '\n' or '\r' or '\t',
        UnicodeCategory.Format => rune.Value is ZeroWidthNonJoiner or ZeroWidthJoiner,
        UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator => false,
        _ => true,
    };
}
