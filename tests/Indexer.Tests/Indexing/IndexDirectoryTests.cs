using Indexer.Indexing;
using Indexer.Tests.Support;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Store;
using Lucene.Net.Util;

namespace Indexer.Tests.Indexing;

public sealed class IndexDirectoryTests
{
    [Fact]
    public void A_file_holds_the_same_bytes_position_and_checksum_as_lucene_s_own_output_writes()
    {
        using var ours = new TempDirectory();
        using var theirs = new TempDirectory();
        using var ourDirectory = new IndexDirectory(new DirectoryInfo(ours.Path));
        using var theirDirectory = new NIOFSDirectory(new DirectoryInfo(theirs.Path));
        var random = new Random(7);
        var checksums = new List<(long Ours, long Theirs)>();
        using (var a = ourDirectory.CreateOutput("f", IOContext.DEFAULT))
        using (var b = theirDirectory.CreateOutput("f", IOContext.DEFAULT))
        {
            // Single bytes, small blocks and blocks larger than the buffer, across its boundaries, with the checksum
            // read in the middle (the codecs' footers read it at a file's end).
            foreach (var length in new[] { 1, 3, 1000, IndexDirectory.BufferSize - 5, 1, 10, 2 * IndexDirectory.BufferSize + 17, 0, 65, 1 })
            {
                var bytes = new byte[length + 4];
                random.NextBytes(bytes);
                if (length == 1)
                {
                    a.WriteByte(bytes[2]);
                    b.WriteByte(bytes[2]);
                }
                else
                {
                    a.WriteBytes(bytes, 2, length);
                    b.WriteBytes(bytes, 2, length);
                }
                var number = random.NextInt64();
                a.WriteVInt64(number);
                b.WriteVInt64(number);
                Assert.Equal(b.Position, a.Position);
                checksums.Add((a.Checksum, b.Checksum));
            }
        }
        Assert.All(checksums, c => Assert.Equal(c.Theirs, c.Ours));
        Assert.Equal(File.ReadAllBytes(Path.Combine(theirs.Path, "f")), File.ReadAllBytes(Path.Combine(ours.Path, "f")));
    }

    [Fact]
    public void An_index_written_flushed_and_merged_through_it_passes_lucene_s_integrity_check()
    {
        using var folder = new TempDirectory();
        var random = new Random(11);
        using (var directory = new IndexDirectory(new DirectoryInfo(folder.Path)))
        {
            var config = new IndexWriterConfig(LuceneVersion.LUCENE_48, new WhitespaceAnalyzer(LuceneVersion.LUCENE_48)) { MaxBufferedDocs = 50 };
            using (var writer = new IndexWriter(directory, config))
            {
                for (var i = 0; i < 400; i++)
                {
                    // Bodies from a few bytes to past the output's buffer, so files cross it many times.
                    var body = new byte[random.Next(i % 40 == 0 ? 3 * IndexDirectory.BufferSize : 3000)];
                    random.NextBytes(body);
                    writer.UpdateDocument(new Term("id", $"a{i % 300}"), new Document
                    {
                        new StringField("id", $"a{i % 300}", Field.Store.YES),
                        new TextField("body", string.Join(' ', body.Take(200).Select(b => "w" + b % 50)), Field.Store.NO),
                        new BinaryDocValuesField("record", new BytesRef(body)),
                    });
                }
                writer.Commit();
                writer.ForceMerge(1);
                writer.Commit();
            }
            var status = new CheckIndex(directory).DoCheckIndex();
            Assert.True(status.Clean, "CheckIndex found problems");
        }

        // And it reads back as any Lucene index does.
        using var reopened = FSDirectory.Open(folder.Path);
        using var reader = DirectoryReader.Open(reopened);
        Assert.Equal(300, reader.NumDocs);
    }

    [Fact]
    public void Inputs_and_their_clones_read_any_stretch_of_a_file_and_refuse_to_read_past_its_end()
    {
        using var folder = new TempDirectory();
        var bytes = new byte[20_000];
        new Random(3).NextBytes(bytes);
        File.WriteAllBytes(Path.Combine(folder.Path, "f"), bytes);
        using var directory = new IndexDirectory(new DirectoryInfo(folder.Path));
        var random = new Random(5);
        foreach (var context in new[] { IOContext.READ, IOContext.DEFAULT })
        {
            using var input = directory.OpenInput("f", context);
            Assert.Equal(bytes.Length, input.Length);
            for (var i = 0; i < 200; i++)
            {
                // Clones keep their own position over the one file; a clone left open does not hold it.
                var reader = i % 2 == 0 ? input : (IndexInput)input.Clone();
                var start = random.Next(bytes.Length);
                var length = random.Next(Math.Min(5000, bytes.Length - start) + 1);
                reader.Seek(start);
                var read = new byte[length];
                reader.ReadBytes(read, 0, length, useBuffer: i % 3 != 0);
                Assert.Equal(bytes.AsSpan(start, length).ToArray(), read);
                if (start + length < bytes.Length) Assert.Equal(bytes[start + length], reader.ReadByte());
            }
            input.Seek(bytes.Length - 2);
            Assert.ThrowsAny<IOException>(() => input.ReadBytes(new byte[3], 0, 3));
        }
    }
}
