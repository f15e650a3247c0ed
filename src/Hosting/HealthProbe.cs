namespace EShop.Hosting;

/// <summary>
/// <c>--probe &lt;url&gt;</c>: the host asks its own health endpoint and exits 0 on a 2xx answer, 1 otherwise. Container
/// health checks (Dockerfile HEALTHCHECK, compose) use it, since the runtime images carry no curl or wget.
/// </summary>
public static class HealthProbe
{
    public static bool IsProbe(string[] args, out string url)
    {
        url = args is ["--probe", var given] ? given : "";
        return url.Length > 0;
    }

    public static async Task<int> RunAsync(string url)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            using var response = await http.GetAsync(new Uri(url));
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or UriFormatException)
        {
            await Console.Error.WriteLineAsync($"probe {url}: {ex.Message}");
            return 1;
        }
    }
}
