namespace EShop.Client;

// The account lifecycle: the customer's own export and deletion, and the admin's search, lock and unlock.
public sealed partial class EShopClient
{
    /// <summary>Everything the shop holds about the signed-in customer: profile, addresses, cart and orders.</summary>
    public Task<AccountExport> ExportAsync(CancellationToken cancellationToken = default) =>
        SendAsync<AccountExport>(HttpMethod.Get, "/api/me/export", cancellationToken: cancellationToken);

    /// <summary>
    /// Erases the signed-in account after checking its password; the client forgets its tokens, which stop working.
    /// An <see cref="EShopApiException"/> with 401 for a wrong password, 409 while an order is Pending.
    /// </summary>
    public async Task DeleteAccountAsync(string password, CancellationToken cancellationToken = default)
    {
        using var _ = await SendAsync(HttpMethod.Delete, "/api/me", new { password }, cancellationToken: cancellationToken);
        (_tokens, _issuedToken) = (null, null);
    }

    /// <summary>Admin only. The account with exactly this email (case-insensitively), or none.</summary>
    public Task<AdminUserList> FindUsersAsync(string email, CancellationToken cancellationToken = default) =>
        SendAsync<AdminUserList>(HttpMethod.Get, $"/api/admin/users?email={Uri.EscapeDataString(email)}", cancellationToken: cancellationToken);

    /// <summary>Admin only. The account can no longer log in, refresh or use its access tokens.</summary>
    public Task<AccountLock> LockUserAsync(string userId, CancellationToken cancellationToken = default) =>
        SendAsync<AccountLock>(HttpMethod.Post, $"/api/admin/users/{Uri.EscapeDataString(userId)}/lock", cancellationToken: cancellationToken);

    /// <summary>Admin only.</summary>
    public Task<AccountLock> UnlockUserAsync(string userId, CancellationToken cancellationToken = default) =>
        SendAsync<AccountLock>(HttpMethod.Post, $"/api/admin/users/{Uri.EscapeDataString(userId)}/unlock", cancellationToken: cancellationToken);
}
