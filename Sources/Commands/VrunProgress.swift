import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Progress lines for long runs, on stderr, only when stderr is a terminal (never in pipes,
/// files or tests): one line if the run is still going after a second, and one with the host
/// time of each phase when it took that long. `Simulator.run` is one call, so the phases are
/// reported when it returns.
final class VrunProgress: @unchecked Sendable {
    private let lock = NSLock()
    private var finished = false
    private var announced = false
    private let enabled: Bool
    /// Seconds before a run counts as long.
    static let delay = 1.0

    init(enabled: Bool) { self.enabled = enabled }

    /// Whether the process's stderr is a terminal.
    static var stderrIsTerminal: Bool { isatty(2) != 0 }

    /// Schedules `message` to be printed if the run is still going after `delay`.
    func start(_ message: String) {
        guard enabled else { return }
        DispatchQueue.global().asyncAfter(deadline: .now() + VrunProgress.delay) { [self] in
            lock.lock()
            defer { lock.unlock() }
            if !finished {
                announced = true
                VrunProgress.write("vrun: \(message)\n")
            }
        }
    }

    /// Ends the run; prints `message` if the start line was printed.
    func finish(_ message: String) {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        finished = true
        if announced { VrunProgress.write("vrun: \(message)\n") }
    }

    private static func write(_ s: String) {
        var bytes = Array(s.utf8)[...]
        while !bytes.isEmpty {
            let n = bytes.withUnsafeBytes { systemWrite(2, $0.baseAddress, $0.count) }
            if n <= 0 { return }
            bytes = bytes.dropFirst(n)
        }
    }
}

#if canImport(Glibc)
private let systemWrite = Glibc.write
#elseif canImport(Darwin)
private let systemWrite = Darwin.write
#endif
