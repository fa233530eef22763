using Indexer.Api;

namespace Indexer.Tests.Api;

/// <summary>/alerts names where each alert delivers without giving away what lets anyone else deliver there.</summary>
public sealed class AlertEndpointsTests
{
    [Theory]
    [InlineData("https://hooks.example/services/T000/B000/XXXX", "https://hooks.example/…")]
    [InlineData("http://127.0.0.1:18092/hook?token=abc", "http://127.0.0.1:18092/…")]
    // Credentials before the host are a password as much as a secret path is.
    [InlineData("https://bot:s3cret@hooks.example:8443/in", "https://hooks.example:8443/…")]
    [InlineData("https://bot@hooks.example/in", "https://hooks.example/…")]
    public void A_webhook_is_shown_as_scheme_host_and_port_only(string webhook, string shown)
    {
        Assert.Equal(shown, AlertEndpoints.WebhookShown(new Uri(webhook)));
    }
}
