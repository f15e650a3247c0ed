using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EShop.Api.Tests.Infrastructure;

namespace EShop.Api.Tests.Users;

/// <summary>Look-alike emails, invisible characters and blank passwords do not make accounts.</summary>
[Collection(ApiCollection.Name)]
public sealed class AccountInputApiTests(ApiFactory factory)
{
    private static Task<HttpResponseMessage> Register(HttpClient http, string email, string password = "correct-horse-1", string fullName = "Test User") =>
        http.PostAsJsonAsync("/api/auth/register", new { email, password, fullName });

    [Theory]
    [InlineData("\uFF41dmin@tests.local")] // full-width small a
    [InlineData("\uFF41\uFF44\uFF4D\uFF49\uFF4E\uFF20\uFF54\uFF45\uFF53\uFF54\uFF53\uFF0E\uFF4C\uFF4F\uFF43\uFF41\uFF4C")] // all full-width
    [InlineData("ADM\u0130N@tests.local")] // Turkish dotted capital I
    [InlineData("adm\u0131n@tests.local")] // Turkish dotless small i
    [InlineData("admin@tests.loca\u217C")] // small roman numeral fifty, NFKC 'l'
    public async Task A_look_alike_of_the_admin_email_is_refused_and_makes_no_second_account(string lookAlike)
    {
        var http = factory.CreateClient();

        var response = await Register(http, lookAlike, "look-alike-password-1");

        Assert.Equal(["email"], await response.AssertValidationFields());
        await (await http.Login(lookAlike, "look-alike-password-1")).AssertProblem(HttpStatusCode.Unauthorized);
        await http.LoginOk(ApiFactory.AdminEmail, ApiFactory.AdminPassword);
    }

    [Theory]
    [InlineData("          ")]
    [InlineData("\t\t\t\t\t\t\t\t")]
    [InlineData("\u3000\u3000\u3000\u3000\u3000\u3000\u3000\u3000")]
    public async Task A_whitespace_only_password_is_refused(string password)
    {
        var http = factory.CreateClient();
        var email = ApiClients.UniqueEmail("blank");

        var response = await Register(http, email, password);

        Assert.Equal(["password"], await response.AssertValidationFields());
        await (await http.Login(email, password)).AssertProblem(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("Ada\u0000Lovelace")]
    [InlineData("\u202Eecalevol adA")]
    [InlineData("Ada \u2066Lovelace\u2069")]
    [InlineData("Ada\u0085Lovelace")]
    [InlineData("Ada\u200BLovelace")]
    public async Task A_full_name_with_control_or_bidi_characters_is_refused_at_register_and_on_the_profile(string fullName)
    {
        var http = factory.CreateClient();
        var email = ApiClients.UniqueEmail("bidi");

        Assert.Equal(["fullName"], await (await Register(http, email, fullName: fullName)).AssertValidationFields());
        await (await http.Login(email, "correct-horse-1")).AssertProblem(HttpStatusCode.Unauthorized);

        var customer = await factory.Customer();
        Assert.Equal(["fullName"], await (await customer.PutAsJsonAsync("/api/me", new { fullName })).AssertValidationFields());
        Assert.Equal("Test User", (await customer.GetFromJsonAsync<JsonElement>("/api/me")).GetProperty("fullName").GetString());
    }

    [Fact]
    public async Task An_address_with_control_or_bidi_characters_names_each_such_field_and_is_not_stored()
    {
        var http = await factory.Customer();

        var response = await http.PostAsJsonAsync("/api/me/addresses", new
        {
            fullName = "Ada\u0000",
            line1 = "12 St James's Square",
            line2 = "Flat \u202E1",
            city = "Lon\u0007don",
            postalCode = "SW1Y\u20684JH",
            country = "GB",
        });

        Assert.Equal(["city", "fullName", "line2", "postalCode"], await response.AssertValidationFields());
        Assert.Equal(0, (await http.GetFromJsonAsync<JsonElement>("/api/me")).GetProperty("addresses").GetArrayLength());
    }

    [Fact]
    public async Task Names_in_other_scripts_and_with_emoji_sequences_are_kept()
    {
        var http = factory.CreateClient();
        var email = ApiClients.UniqueEmail("script");
        const string fullName = "\u0645\u06CC\u200C\u0631\u0648\u0632 Zo\u00EB \U0001F469\u200D\U0001F4BB"; // Persian needs ZWNJ, the emoji ZWJ

        Assert.Equal(HttpStatusCode.Created, (await Register(http, email, fullName: fullName)).StatusCode);

        var me = await http.WithToken((await http.LoginOk(email, "correct-horse-1")).AccessToken).GetFromJsonAsync<JsonElement>("/api/me");
        Assert.Equal(fullName, me.GetProperty("fullName").GetString());
    }
}
