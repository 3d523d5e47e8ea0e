#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Minimal POSIX file access, so reading can size-check before allocating and read data
/// straight into a Swift array (no Foundation, no intermediate `Data` copy).
struct NPYFile {
    let descriptor: Int32
    let path: String

    init(readingAt path: String) throws(NPYError) {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw NPYError(.io, file: path, "cannot open for reading: \(NPYFile.lastError())") }
        var info = stat()
        if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            _ = posixClose(fd)
            throw NPYError(.io, file: path, "is a directory, not a .npy file")
        }
        descriptor = fd
        self.path = path
    }

    func close() { _ = posixClose(descriptor) }

    func size() throws(NPYError) -> Int {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw NPYError(.io, file: path, "cannot stat: \(NPYFile.lastError())") }
        return Int(info.st_size)
    }

    /// Reads exactly `count` bytes at `offset`.
    func read(at offset: Int, count: Int) throws(NPYError) -> [UInt8] {
        var failure: String?
        let bytes = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            var done = 0
            while done < count {
                let n = pread(descriptor, buffer.baseAddress! + done, count - done, off_t(offset + done))
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { failure = n == 0 ? "file shrank while reading" : NPYFile.lastError(); break }
                done += n
            }
            initialized = done
        }
        if let failure { throw NPYError(.io, file: path, "read failed: \(failure)") }
        return bytes
    }

    static func write(_ bytes: [UInt8], to path: String) throws(NPYError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw NPYError(.io, file: path, "cannot open for writing: \(lastError())") }
        var failure: String?
        bytes.withUnsafeBytes { raw in
            var done = 0
            while done < raw.count {
                let n = posixWrite(fd, raw.baseAddress! + done, raw.count - done)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { failure = lastError(); break }
                done += n
            }
        }
        if posixClose(fd) != 0 && failure == nil { failure = lastError() }
        if let failure { throw NPYError(.io, file: path, "write failed: \(failure)") }
    }

    static func lastError() -> String { String(cString: strerror(errno)) }
}

// The C functions share names with our methods; these aliases keep the calls unambiguous.
@inline(__always) private func posixClose(_ fd: Int32) -> Int32 { close(fd) }
@inline(__always) private func posixWrite(_ fd: Int32, _ p: UnsafeRawPointer, _ n: Int) -> Int { write(fd, p, n) }
