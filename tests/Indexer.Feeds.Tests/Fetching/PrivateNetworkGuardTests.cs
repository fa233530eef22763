using System.Net;
using Indexer.Feeds.Fetching;

namespace Indexer.Feeds.Tests.Fetching;

public class PrivateNetworkGuardTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("10.1.2.3")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.1.1")]
    [InlineData("169.254.169.254")]
    [InlineData("100.64.0.1")]
    [InlineData("0.0.0.0")]
    [InlineData("::1")]
    [InlineData("fe80::1")]
    [InlineData("fd00::1")]
    [InlineData("::ffff:10.0.0.1")]
    [InlineData("::ffff:169.254.169.254")]
    [InlineData("::127.0.0.1")]
    [InlineData("64:ff9b::a9fe:a9fe")]
    [InlineData("2002:c0a8:0101::1")]
    [InlineData("fd00:ec2::254")]
    [InlineData("fec0::1")]
    [InlineData("ff02::1")]
    [InlineData("::")]
    [InlineData("100.100.100.200")]
    [InlineData("255.255.255.255")]
    public void Private_loopback_and_link_local_addresses_are_refused(string address)
    {
        Assert.True(PrivateNetworkGuard.IsPrivate(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("192.0.2.10")]
    [InlineData("172.32.0.1")]
    [InlineData("100.128.0.1")]
    [InlineData("2001:db8::1")]
    [InlineData("::ffff:203.0.113.9")]
    [InlineData("2002:cb00:7109::1")]
    [InlineData("64:ff9b::cb00:7109")]
    public void Public_addresses_pass(string address)
    {
        Assert.False(PrivateNetworkGuard.IsPrivate(IPAddress.Parse(address)));
    }
}
