#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a whole file with the C library (the library modules do not use Foundation).
///
/// Returns nil when the file cannot be opened or read, and when it is not a regular file and
/// grows past `nonRegularLimit` bytes: a device such as `/dev/zero` never ends, and a user who
/// names one (as an input, a machine file or a debug-table source) must get an error, not an
/// out-of-memory kill. Regular files are read whole; callers check their sizes.
public func readWholeFile(_ path: String, nonRegularLimit: Int = 64 << 20) -> [UInt8]? {
    guard let f = fopen(path, "rb") else { return nil }
    defer { fclose(f) }
    var st = stat()
    let regular = fstat(fileno(f), &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG
    var out: [UInt8] = []
    if regular, st.st_size > 0 { out.reserveCapacity(Int(st.st_size)) }
    var chunk = [UInt8](repeating: 0, count: 65536)
    while true {
        let n = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, 65536, f) }
        if n > 0 { out.append(contentsOf: chunk[0..<n]) }
        if !regular && out.count > nonRegularLimit { return nil }
        if n < 65536 { break }
    }
    return ferror(f) == 0 ? out : nil
}
