namespace EShop.Grains.Abstractions.Users;

public static class Roles
{
    public const string Customer = "customer";
    public const string Admin = "admin";
}
