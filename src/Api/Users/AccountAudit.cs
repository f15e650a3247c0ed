namespace EShop.Api.Users;

/// <summary>
/// The audit trail of account administration and deletion: who did what to which account, by userId only (never an
/// email or a name, so that the trail outlives the erasure without keeping personal data).
/// </summary>
internal static partial class AccountAudit
{
    public const string Category = "EShop.Audit.Accounts";

    [LoggerMessage(EventId = 1201, Level = LogLevel.Information, Message = "Account {UserId} deleted by its owner")]
    public static partial void Deleted(ILogger logger, string userId);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Information, Message = "Admin {AdminId} locked account {UserId}")]
    public static partial void Locked(ILogger logger, string adminId, string userId);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Information, Message = "Admin {AdminId} unlocked account {UserId}")]
    public static partial void Unlocked(ILogger logger, string adminId, string userId);

    [LoggerMessage(EventId = 1204, Level = LogLevel.Information, Message = "Admin {AdminId} searched accounts by email and found {Count}")]
    public static partial void Searched(ILogger logger, string adminId, int count);
}
