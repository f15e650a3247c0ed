using EShop.Grains.Abstractions.Common;

namespace EShop.Grains.Common;

/// <summary>Collects field errors under JSON-path names, e.g. <c>variants[1].price.currency</c>.</summary>
public sealed class Validation
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool IsValid => _errors.Count == 0;

    public Validation Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var messages))
            _errors[field] = messages = [];
        messages.Add(message);
        return this;
    }

    public Validation Require(string field, string? value, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
            Add(field, $"'{field}' is required.");
        else if (value.Length > maxLength)
            Add(field, $"'{field}' must be at most {maxLength} characters.");
        return this;
    }

    public Validation Optional(string field, string? value, int maxLength)
    {
        if (value is not null && value.Length > maxLength)
            Add(field, $"'{field}' must be at most {maxLength} characters.");
        return this;
    }

    public ValidationFailure ToFailure() =>
        new(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal));
}
