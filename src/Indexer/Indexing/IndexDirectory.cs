using System.Buffers;
using System.IO.Hashing;
using Lucene.Net.Store;
using Microsoft.Win32.SafeHandles;

namespace Indexer.Indexing;

/// <summary>
/// The index's folder: <see cref="NIOFSDirectory"/>'s positional reads and its files, with less work per byte.
/// Lucene.Net's own output hands every byte to <see cref="FileStream.WriteByte"/> and to a CRC-32 that looks up one
/// table entry per byte: at a million articles that checksum alone was 3 % of the service's CPU while storing and
/// 5.6 % while catching up (the hit records' doc values are most of the bytes, written at every flush and again at
/// every merge). Here a file is written through a buffer of our own and checksummed a buffer at a time by
/// System.IO.Hashing's CRC-32: the same checksum (zlib's, which Lucene's file footers hold), computed with the
/// processor's carry-less multiply. And each read of Lucene.Net's input asked the kernel for the file's length
/// (fstat) and took a lock to seek a shared stream; here it is one positional read (pread) of the same size.
/// </summary>
public sealed class IndexDirectory(DirectoryInfo path) : NIOFSDirectory(path)
{
    // Big enough that a write is one system call per 64 KiB, small enough to stay off the large object heap.
    internal const int BufferSize = 64 * 1024;

    public override IndexOutput CreateOutput(string name, IOContext context)
    {
        EnsureOpen();
        EnsureCanWrite(name);
        return new Output(this, name);
    }

    public override IndexInput OpenInput(string name, IOContext context)
    {
        EnsureOpen();
        var handle = File.OpenHandle(Path.Combine(m_directory.FullName, name), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        try
        {
            return new Input($"IndexDirectory.Input(path=\"{Path.Combine(m_directory.FullName, name)}\")", handle, RandomAccess.GetLength(handle), context);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    // Sync() only makes durable the files it was told were written and closed: the same list FSIndexOutput keeps.
    private void Closed(string name)
    {
        lock (m_syncLock) m_staleFiles.Add(name);
    }

    private sealed class Output : IndexOutput
    {
        private readonly IndexDirectory _owner;
        private readonly string _name;
        private readonly FileStream _file;
        private readonly Crc32 _crc = new();
        private byte[]? _buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        private int _used;
        private long _written;

        public Output(IndexDirectory owner, string name)
        {
            _owner = owner;
            _name = name;
            // Unbuffered: the buffer is ours, and FileStream's would copy every byte a second time.
            _file = new FileStream(Path.Combine(owner.m_directory.FullName, name), FileMode.Create, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0);
        }

        public override long Position => _written + _used;

        /// <summary>The CRC-32 of every byte written so far, as the codecs' footers record it.</summary>
        public override long Checksum
        {
            get
            {
                WriteBuffer();
                return _crc.GetCurrentHashAsUInt32();
            }
        }

        public override long Length
        {
            get
            {
                WriteBuffer();
                return _file.Length;
            }
        }

        public override void WriteByte(byte b)
        {
            var buffer = Buffer();
            if (_used == buffer.Length) WriteBuffer();
            buffer[_used++] = b;
        }

        public override void WriteBytes(byte[] b, int offset, int length)
        {
            var buffer = Buffer();
            if (length <= buffer.Length - _used)
            {
                b.AsSpan(offset, length).CopyTo(buffer.AsSpan(_used));
                _used += length;
                return;
            }
            WriteBuffer();
            if (length < buffer.Length)
            {
                b.AsSpan(offset, length).CopyTo(buffer);
                _used = length;
                return;
            }
            // A large block goes straight to the file, without a copy.
            Write(b.AsSpan(offset, length));
        }

        public override void Flush()
        {
            WriteBuffer();
            _file.Flush();
        }

        [Obsolete("(4.1) this method will be removed in Lucene 5.0")]
        public override void Seek(long pos)
        {
            WriteBuffer();
            _file.Seek(pos, SeekOrigin.Begin);
            _written = pos;
        }

        protected override void Dispose(bool disposing)
        {
            if (!disposing || _buffer is null) return;
            try
            {
                WriteBuffer();
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = null;
                _file.Dispose();
                // Only once every byte is written: a sync in between would leave the last buffer out of the fsync.
                _owner.Closed(_name);
            }
        }

        private byte[] Buffer() => _buffer ?? throw new ObjectDisposedException(nameof(IndexDirectory), $"{_name} is already closed");

        private void WriteBuffer()
        {
            if (_used == 0) return;
            var used = _used;
            _used = 0;
            Write(Buffer().AsSpan(0, used));
        }

        private void Write(ReadOnlySpan<byte> bytes)
        {
            _crc.Append(bytes);
            _file.Write(bytes);
            _written += bytes.Length;
        }
    }

    /// <summary>
    /// Buffered as Lucene chooses for the context (1 KiB for searches, 4 KiB for merges); each refill is one pread.
    /// Clones share the handle and never close it; the opened input does.
    /// </summary>
    private sealed class Input(string description, SafeFileHandle handle, long length, IOContext context) : BufferedIndexInput(description, context)
    {
        private bool _clone;
        private int _disposed;

        public override long Length => length;

        public override object Clone()
        {
            var clone = (Input)base.Clone();
            clone._clone = true;
            return clone;
        }

        protected override void ReadInternal(byte[] b, int offset, int len)
        {
            var position = Position;
            if (position + len > length) throw new EndOfStreamException($"read past EOF: {this} at {position} + {len} of {length}");
            var target = b.AsSpan(offset, len);
            while (target.Length > 0)
            {
                var read = RandomAccess.Read(handle, target, position);
                if (read <= 0) throw new EndOfStreamException($"read past EOF: {this} at {position}, {target.Length} bytes short of {length}");
                position += read;
                target = target[read..];
            }
        }

        protected override void SeekInternal(long pos)
        {
        }

        protected override void Dispose(bool disposing)
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
            if (disposing && !_clone) handle.Dispose();
        }
    }
}
