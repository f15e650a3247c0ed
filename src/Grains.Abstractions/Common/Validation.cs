namespace EShop.Grains.Abstractions.Common;

/// <summary>Collects field errors under JSON-path names, e.g. <c>variants[1].price.currency</c>.</summary>
public sealed class Validation
{
    /// <summary>The largest page any list answers (products, a customer's orders, the admin order list).</summary>
    public const int MaxPageSize = 100;

    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool IsValid => _errors.Count == 0;

    public Validation Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var messages))
            _errors[field] = messages = [];
        messages.Add(message);
        return this;
    }

    /// <summary>Paging as every list takes it: <c>page</c> from 1, <c>pageSize</c> 1..<see cref="MaxPageSize"/>.</summary>
    public Validation Paging(int page, int pageSize)
    {
        if (page < 1)
            Add("page", "The page must be 1 or more.");
        if (pageSize is < 1 or > MaxPageSize)
            Add("pageSize", $"The page size must be between 1 and {MaxPageSize}.");
        return this;
    }

    /// <summary>Present, not blank, at most <paramref name="maxLength"/> long, and free of the characters <see cref="TextRules"/> refuses.</summary>
    public Validation Require(string field, string? value, int maxLength, TextKind kind = TextKind.SingleLine)
    {
        if (string.IsNullOrWhiteSpace(value))
            Add(field, $"'{field}' is required.");
        else if (value.Length > maxLength)
            Add(field, $"'{field}' must be at most {maxLength} characters.");
        else
            Text(field, value, kind);
        return this;
    }

    public Validation Optional(string field, string? value, int maxLength, TextKind kind = TextKind.SingleLine)
    {
        if (value is not null && value.Length > maxLength)
            Add(field, $"'{field}' must be at most {maxLength} characters.");
        else if (value is not null)
            Text(field, value, kind);
        return this;
    }

    /// <summary>Refuses control and invisible formatting characters (NUL, bidi overrides, ...) in free text.</summary>
    public Validation Text(string field, string value, TextKind kind = TextKind.SingleLine)
    {
        if (!TextRules.IsAllowed(value, kind))
        {
            var refused = kind == TextKind.MultiLine ? "control characters other than line breaks and tabs" : "control characters, line breaks";
            Add(field, $"'{field}' must not contain {refused} or invisible formatting characters such as bidi overrides.");
        }

        return this;
    }

    public ValidationFailure ToFailure() =>
        new(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal));
}
