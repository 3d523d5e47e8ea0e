#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file written chunk by chunk, for traces too large to build in memory (`CommandIO.writeFile`
/// takes a whole file at once). The first failure is kept and later writes are skipped.
final class VrunTraceFile {
    private var file: UnsafeMutablePointer<FILE>?
    let path: String
    /// The first error, as a message naming the file.
    private(set) var error: String?

    init(path: String) {
        self.path = path
        file = fopen(path, "wb")
        if file == nil { error = "cannot open '\(path)' for writing: \(String(cString: strerror(errno)))" }
    }

    func write(_ bytes: [UInt8]) {
        guard error == nil, let f = file else { return }
        let n = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, f) }
        if n != bytes.count { error = "cannot write '\(path)': \(String(cString: strerror(errno)))" }
    }

    /// Closes the file; returns the first error, if any.
    func close() -> String? {
        if let f = file {
            if fclose(f) != 0, error == nil { error = "cannot write '\(path)': \(String(cString: strerror(errno)))" }
            file = nil
        }
        return error
    }

    deinit { if let f = file { fclose(f) } }
}
