using System.Diagnostics;
using System.IdentityModel.Tokens.Jwt;
using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;
using StarBot.Testing;

namespace StarBot.Teams.Tests;

/// <summary>
/// The real executable with a Teams app id, whose OpenID metadata and signing keys come from a loopback server
/// over TLS (the SDK's metadata retriever insists on HTTPS). The process trusts that server's test certificate
/// through OpenSSL's <c>SSL_CERT_FILE</c>, so nothing is relaxed in the product and nothing leaves the machine.
/// </summary>
public sealed class TeamsAuthenticationFixture : IAsyncLifetime
{
    public const string AppId = "0d4c5a1e-7b2f-4e8a-9c3d-2f1b6a7e8d90";
    public const string Issuer = "https://api.botframework.com";
    public const string KeyId = "test-key-1";
    private readonly TempFolder _folder = new();
    private WebApplication? _metadata;
    private Process? _process;

    public RSA SigningKey { get; } = RSA.Create(2048);

    public HttpClient Http { get; private set; } = null!;

    /// <summary>Where the activities say replies go; nothing is sent there by the activities these tests use.</summary>
    public string ServiceUrl => "https://smba.trafficmanager.net/emea/";

    public async Task InitializeAsync()
    {
        using var certificate = TestCertificate();
        var certificateFile = Path.Combine(_folder.Path, "trusted.pem");
        await File.WriteAllTextAsync(certificateFile, certificate.ExportCertificatePem());
        var tls = X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseHttps(tls)));
        builder.Logging.ClearProviders();
        _metadata = builder.Build();
        var parameters = SigningKey.ExportParameters(false);
        _metadata.MapGet("/v1/.well-known/openidconfiguration", (HttpContext http) => Results.Json(new JsonObject
        {
            ["issuer"] = Issuer,
            ["jwks_uri"] = $"https://{http.Request.Host}/v1/.well-known/keys",
            ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
            ["token_endpoint_auth_methods_supported"] = new JsonArray("private_key_jwt"),
        }));
        _metadata.MapGet("/v1/.well-known/keys", () => Results.Json(new JsonObject
        {
            ["keys"] = new JsonArray(new JsonObject
            {
                ["kty"] = "RSA",
                ["use"] = "sig",
                ["kid"] = KeyId,
                ["n"] = Base64UrlEncoder.Encode(parameters.Modulus),
                ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
                ["endorsements"] = new JsonArray("msteams"),
            }),
        }));
        await _metadata.StartAsync();

        var port = LoopbackServer.FreePort();
        var certificates = Directory.CreateDirectory(Path.Combine(_folder.Path, "no-system-certificates")).FullName;
        _process = StarBotProcess.Serve(_folder, port, new Dictionary<string, string>
        {
            ["Teams__MicrosoftAppId"] = AppId,
            ["Teams__MicrosoftAppPassword"] = "test-password",
            ["Teams__MicrosoftAppTenantId"] = "11111111-2222-3333-4444-555555555555",
            ["Teams__ToBotFromChannelOpenIdMetadataUrl"] = LoopbackServer.Address(_metadata) + "/v1/.well-known/openidconfiguration",
            ["SSL_CERT_FILE"] = certificateFile,
            ["SSL_CERT_DIR"] = certificates,
        });
        await LoopbackServer.WaitReadyAsync($"http://127.0.0.1:{port}/readyz");
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
    }

    /// <summary>A Bot Framework token: right by default, with one thing wrong when asked.</summary>
    public string Token(string? audience = null, string? issuer = null, DateTime? expires = null, RSA? key = null, string? serviceUrl = null)
    {
        var now = DateTime.UtcNow;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer ?? Issuer,
            Audience = audience ?? AppId,
            Subject = new ClaimsIdentity([new Claim("serviceurl", serviceUrl ?? ServiceUrl)]),
            NotBefore = (expires ?? now.AddMinutes(30)).AddHours(-1),
            IssuedAt = (expires ?? now.AddMinutes(30)).AddHours(-1),
            Expires = expires ?? now.AddMinutes(30),
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(key ?? SigningKey) { KeyId = KeyId }, SecurityAlgorithms.RsaSha256),
        };
        return new JwtSecurityTokenHandler().CreateEncodedJwt(descriptor);
    }

    public Task<HttpResponseMessage> PostAsync(string? authorization)
    {
        // A channel message nobody's round is waiting for: accepted, stored, and needing no reply.
        var activity = JsonNode.Parse(File.ReadAllText(RepoPaths.TestData("teams", "activities", "message_channel_thread_reply_rsc_no_mention.json")))!;
        activity["id"] = Guid.NewGuid().ToString("n");
        activity["recipient"]!["id"] = "28:" + AppId;
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json") };
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        return Http.SendAsync(request);
    }

    public async Task DisposeAsync()
    {
        Http?.Dispose();
        if (_process is not null)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
            _process.Dispose();
        }

        if (_metadata is not null)
        {
            await _metadata.DisposeAsync();
        }

        SigningKey.Dispose();
        _folder.Dispose();
    }

    private static X509Certificate2 TestCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=StarBot test OpenID metadata", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
    }
}

public sealed class TeamsAuthenticationTests(TeamsAuthenticationFixture service) : IClassFixture<TeamsAuthenticationFixture>
{
    [Fact]
    public async Task A_token_signed_by_a_published_key_for_this_bot_is_accepted()
    {
        var response = await service.PostAsync("Bearer " + service.Token());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    public static TheoryData<string, string?> Refused => new()
    {
        { "no Authorization header", null },
        { "garbage", "Bearer not-a-token" },
        { "not a bearer token", "Basic dXNlcjpwYXNz" },
        { "unsigned", "Bearer " + Unsigned() },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task A_request_without_a_valid_token_is_401(string why, string? authorization)
    {
        var response = await service.PostAsync(authorization);

        Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{why}: {(int)response.StatusCode}");
    }

    [Fact]
    public async Task A_token_for_another_bot_is_401() =>
        Assert.Equal(HttpStatusCode.Unauthorized, (await service.PostAsync("Bearer " + service.Token(audience: "another-app-id"))).StatusCode);

    [Fact]
    public async Task A_token_from_another_issuer_is_401() =>
        Assert.Equal(HttpStatusCode.Unauthorized, (await service.PostAsync("Bearer " + service.Token(issuer: "https://issuer.example"))).StatusCode);

    [Fact]
    public async Task An_expired_token_is_401() =>
        Assert.Equal(HttpStatusCode.Unauthorized, (await service.PostAsync("Bearer " + service.Token(expires: DateTime.UtcNow.AddMinutes(-10)))).StatusCode);

    [Fact]
    public async Task A_token_signed_by_a_key_nobody_published_is_401()
    {
        using var other = RSA.Create(2048);
        Assert.Equal(HttpStatusCode.Unauthorized, (await service.PostAsync("Bearer " + service.Token(key: other))).StatusCode);
    }

    [Fact]
    public async Task A_token_for_another_service_url_is_401() =>
        Assert.Equal(HttpStatusCode.Unauthorized, (await service.PostAsync("Bearer " + service.Token(serviceUrl: "https://elsewhere.example/"))).StatusCode);

    /// <summary>A token with the right claims and "alg": "none".</summary>
    private static string Unsigned()
    {
        static string Part(string json) => Base64UrlEncoder.Encode(json);
        var exp = DateTimeOffset.UtcNow.AddMinutes(30).ToUnixTimeSeconds();
        return Part("""{"alg":"none","typ":"JWT"}""") + "." +
            Part($$"""{"iss":"{{TeamsAuthenticationFixture.Issuer}}","aud":"{{TeamsAuthenticationFixture.AppId}}","serviceurl":"https://smba.trafficmanager.net/emea/","exp":{{exp}}}""") + ".";
    }
}
