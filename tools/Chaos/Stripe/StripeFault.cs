namespace EShop.Chaos.Stripe;

/// <summary>How the stand-in Stripe misbehaves for the requests that arrive while the fault is set.</summary>
public enum StripeFault
{
    /// <summary>Answers as Stripe test mode does.</summary>
    None,

    /// <summary>Answers 500 with an <c>api_error</c> and records nothing: Stripe failing before it started on the request.</summary>
    Error,

    /// <summary>Waits the slow delay, then answers correctly (nothing happens if the client gave up meanwhile).</summary>
    Slow,

    /// <summary>
    /// Never answers and records nothing: the request is held until the fault ends, the client gives up or the
    /// stand-in stops, then its connection is reset.
    /// </summary>
    HangBeforeCharge,

    /// <summary>
    /// Does the work (a new key records its intent or refund and keeps the answer) and never answers: money taken and
    /// the shop not told. The connection is reset as for <see cref="HangBeforeCharge"/>; a retry with the same key once
    /// the fault ended gets the kept answer.
    /// </summary>
    HangAfterCharge,
}
