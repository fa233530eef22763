using System.Xml;
using System.Xml.Schema;

namespace Indexer.Tests.Support;

/// <summary>
/// Checks a feed against the Atom 1.0 and RSS 2.0 schemas in TestData/schemas, offline, with .NET's own validator.
/// Returns every error with its line, so a failing test says what is wrong where.
/// </summary>
public static class FeedSchemas
{
    private static readonly Lazy<XmlSchemaSet> Schemas = new(() =>
    {
        var set = new XmlSchemaSet();
        set.Add("http://www.w3.org/2005/Atom", TestData.PathOf("schemas/atom.xsd"));
        set.Add("", TestData.PathOf("schemas/rss2.xsd"));
        set.Compile();
        return set;
    });

    public static IReadOnlyList<string> Validate(byte[] feed)
    {
        var errors = new List<string>();
        var settings = new XmlReaderSettings
        {
            ValidationType = ValidationType.Schema,
            Schemas = Schemas.Value,
            ValidationFlags = XmlSchemaValidationFlags.ProcessIdentityConstraints,
            DtdProcessing = DtdProcessing.Prohibit,
        };
        settings.ValidationEventHandler += (_, e) =>
        {
            if (e.Severity == XmlSeverityType.Error) errors.Add($"line {e.Exception.LineNumber}: {e.Message}");
        };
        using var reader = XmlReader.Create(new MemoryStream(feed), settings);
        try
        {
            while (reader.Read()) { }
        }
        catch (XmlException e)
        {
            errors.Add($"not well-formed: {e.Message}");
        }
        return errors;
    }
}
