using Lucene.Net.Store;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace Indexer.Tests.Support;

/// <summary>
/// An index folder whose writes fail as they do when the disk is full, while <see cref="IsFull"/> is set: a new
/// file cannot be created and a file being written takes no more bytes. Pass <see cref="Wrap"/> to
/// <see cref="IndexFixture.Reopen"/>.
/// </summary>
public sealed class FullDisk
{
    private volatile bool _full;

    public bool IsFull
    {
        get => _full;
        set => _full = value;
    }

    public LuceneDirectory Wrap(LuceneDirectory folder) => new Folder(folder, this);

    private void ThrowIfFull(string name)
    {
        if (_full) throw new IOException($"No space left on device: {name}");
    }

    private sealed class Folder(LuceneDirectory folder, FullDisk disk) : FilterDirectory(folder)
    {
        public override IndexOutput CreateOutput(string name, IOContext context)
        {
            disk.ThrowIfFull(name);
            return new Output(base.CreateOutput(name, context), name, disk);
        }
    }

    private sealed class Output(IndexOutput file, string name, FullDisk disk) : IndexOutput
    {
        public override long Position => file.Position;

        public override long Checksum => file.Checksum;

        public override long Length => file.Length;

        public override void WriteByte(byte b)
        {
            disk.ThrowIfFull(name);
            file.WriteByte(b);
        }

        public override void WriteBytes(byte[] b, int offset, int length)
        {
            disk.ThrowIfFull(name);
            file.WriteBytes(b, offset, length);
        }

        public override void Flush() => file.Flush();

        [Obsolete("(4.1) this method will be removed in Lucene 5.0")]
        public override void Seek(long pos) => file.Seek(pos);

        protected override void Dispose(bool disposing)
        {
            if (disposing) file.Dispose();
        }
    }
}
