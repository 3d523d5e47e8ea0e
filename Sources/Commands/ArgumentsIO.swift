import ISA
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Exit codes of the commands, as swift-argument-parser uses them.
public enum ExitCode {
    public static let success: Int32 = 0
    /// Any failure that is not a usage error (bad input file, assembly errors, I/O).
    public static let failure: Int32 = 1
    /// A usage error (EX_USAGE): unknown option, missing argument, bad value.
    public static let usage: Int32 = 64
}

/// Where a command writes and how it touches files. `CommandIO.standard` is the process's
/// stdout, stderr and file system; tests pass closures that capture output in memory, so a
/// command's whole behaviour (text, exit code) is checked without spawning a process.
public struct CommandIO {
    public var stdout: (String) -> Void
    public var stderr: (String) -> Void
    public var readFile: @Sendable (String) -> [UInt8]?
    /// Writes a whole file; returns an error message on failure.
    public var writeFile: @Sendable (String, [UInt8]) -> String?

    public init(stdout: @escaping (String) -> Void, stderr: @escaping (String) -> Void,
                readFile: @escaping @Sendable (String) -> [UInt8]? = CommandIO.readRealFile,
                writeFile: @escaping @Sendable (String, [UInt8]) -> String? = CommandIO.writeRealFile) {
        self.stdout = stdout
        self.stderr = stderr
        self.readFile = readFile
        self.writeFile = writeFile
    }

    public static var standard: CommandIO {
        CommandIO(stdout: writeStandardOutput, stderr: writeStandardError)
    }

    @Sendable public static func readRealFile(_ path: String) -> [UInt8]? {
        readWholeFile(path)
    }

    @Sendable public static func writeRealFile(_ path: String, _ bytes: [UInt8]) -> String? {
        guard let f = fopen(path, "wb") else { return "cannot open '\(path)' for writing: \(String(cString: strerror(errno)))" }
        let n = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, bytes.count, f) }
        let closed = fclose(f)
        return n == bytes.count && closed == 0 ? nil : "cannot write '\(path)': \(String(cString: strerror(errno)))"
    }
}

/// Writes to a file descriptor (1 or 2) directly, retrying partial writes: the C `stdout` and
/// `stderr` globals are shared mutable state that Swift 6 rejects.
private func writeAll(_ fd: Int32, _ s: String) {
    var bytes = Array(s.utf8)[...]
    while !bytes.isEmpty {
        let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        if n <= 0 { return }
        bytes = bytes.dropFirst(n)
    }
}

private func writeStandardOutput(_ s: String) { writeAll(1, s) }

private func writeStandardError(_ s: String) { writeAll(2, s) }
