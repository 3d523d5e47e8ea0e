#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Commands

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

/// What a benchmark's command line asks for: to run with these arguments, or to exit now.
enum BenchmarkArguments {
    case run(ParsedArguments)
    case exit(Int32)

    /// The prologue every benchmark shares: parse, `--help` (exit 0), no positionals; a usage
    /// error goes to stderr with the usage line (exit 64).
    static func parse(_ arguments: [String], _ spec: ArgumentSpec, _ io: CommandIO) -> BenchmarkArguments {
        let parsed: ParsedArguments
        switch ArgumentParser.parse(arguments, spec) {
        case .failure(let e):
            io.stderr("\(e)\n\(spec.usage)\n")
            return .exit(ExitCode.usage)
        case .success(let p): parsed = p
        }
        if parsed.helpRequested {
            io.stdout(spec.help)
            return .exit(ExitCode.success)
        }
        if let e = ArgumentParser.checkPositionals(parsed, spec) {
            io.stderr("\(e)\n\(spec.usage)\n")
            return .exit(ExitCode.usage)
        }
        return .run(parsed)
    }
}

/// Seconds on a monotonic clock.
func monotonicSeconds() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
}
