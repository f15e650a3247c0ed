using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using EShop.LoadTest.Measurement;

namespace EShop.LoadTest.Http;

/// <summary>
/// One client's connections to the shop (from its own source address), with a deadline on every call. Every call
/// is recorded under an operation name; nothing here throws for an HTTP error or a timeout: the answer says so.
/// </summary>
public sealed class ShopConnection(Uri url, IPAddress? source, TimeSpan requestTimeout, RunRecorder recorder) : IDisposable
{
    // HttpClient's own timeout is off: each call gets its own deadline below, so that it can be told apart.
    private readonly HttpClient _http = new(ClientAddresses.Handler(source)) { BaseAddress = url, Timeout = Timeout.InfiniteTimeSpan };

    public RunRecorder Recorder => recorder;

    public async Task<Answer> Send(string operation, HttpMethod method, string path, string? token, object? body = null,
        string? idempotencyKey = null, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        if (token is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (idempotencyKey is not null)
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout ?? requestTimeout);
        var started = Stopwatch.GetTimestamp();
        Answer answer;
        try
        {
            using var response = await _http.SendAsync(request, deadline.Token);
            var json = await ReadJson(response, deadline.Token);
            answer = new Answer((int)response.StatusCode, json, RetryAfter(response), null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            answer = new Answer(0, default, null, Failures.Timeout);
        }
        catch (HttpRequestException)
        {
            answer = new Answer(0, default, null, Failures.Network);
        }

        recorder.Record(operation, started, Stopwatch.GetElapsedTime(started), answer.Error);
        return answer;
    }

    public void Dispose() => _http.Dispose();

    private static async Task<JsonElement> ReadJson(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var type = response.Content.Headers.ContentType?.MediaType;
        if (type is null || !type.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            await response.Content.LoadIntoBufferAsync(cancellationToken);
            return default;
        }

        try
        {
            return await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        }
        catch (JsonException)
        {
            return default;
        }
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response) =>
        response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - DateTimeOffset.UtcNow,
            _ => null,
        };
}
