namespace EShop.LoadTest.Measurement;

/// <summary>The names operations are recorded under (one histogram each).</summary>
public static class Operations
{
    public const string ProductList = "product-list";
    public const string ProductSearch = "product-search";
    public const string ProductGet = "product-get";
    public const string CartAdd = "cart-add";
    public const string OrderPost = "order-post";
    public const string OrderPoll = "order-poll";
    public const string Register = "register";
    public const string Login = "login";

    /// <summary>The set-up's and the final checks' calls (products, stock, the catalog read): counted live, outside the measured window.</summary>
    public const string Admin = "admin";

    /// <summary>Not one request: from POST /api/orders to the order leaving Pending (or the settle timeout).</summary>
    public const string Checkout = "checkout";

    /// <summary>Set-up calls: recorded for the report's error counts, never measured as load.</summary>
    public static bool IsSetup(string operation) => operation is Register or Login;
}

/// <summary>How one call ended: an HTTP status, or no answer at all.</summary>
public static class Failures
{
    public const string Timeout = "timeout";
    public const string Network = "network";
    public const string Stuck = "stuck";
}
