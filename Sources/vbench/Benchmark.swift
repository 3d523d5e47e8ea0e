#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One `vbench` subcommand. To add a benchmark, write `<Name>Benchmark.swift` with a
/// `static let` of this type in an extension of `Benchmark`, and list it in `Benchmark.all`
/// (main.swift).
///
/// Benchmarks are for release builds (`swift run -c release vbench NAME`), not timed tests: they
/// print figures for a person or a CI log to compare, and never fail on a threshold.
struct Benchmark: Sendable {
    /// The subcommand, e.g. `assemble`.
    let name: String
    /// One line for `vbench --help`.
    let summary: String
    /// Runs with the arguments after the subcommand; returns the exit code.
    let run: @Sendable ([String]) -> Int32
}

/// Seconds on a monotonic clock.
func monotonicSeconds() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
}
