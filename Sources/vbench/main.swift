import Commands
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Benchmark {
    /// Every benchmark subcommand; add new ones here.
    static let all: [Benchmark] = [
        .assemble,
        .calibrate,
        .interp,
        .msda,
    ]
}

/// `vbench NAME [OPTIONS]`: dispatches to one benchmark. One exit point.
func vbenchMain(_ arguments: [String], _ allBenchmarks: [Benchmark]) -> Int32 {
    let list = allBenchmarks.map { "  \($0.name.padding(12))\($0.summary)" }.joined(separator: "\n")
    let usage = "USAGE: vbench <\(allBenchmarks.map(\.name).joined(separator: "|"))> [OPTIONS]"
    guard let name = arguments.first, !name.hasPrefix("-") || name == "-h" || name == "--help" else {
        CommandIO.standard.stderr("Error: missing benchmark name\n\(usage)\n")
        return ExitCode.usage
    }
    if name == "-h" || name == "--help" {
        CommandIO.standard.stdout("\(usage)\n\nBenchmarks (run in release builds: swift run -c release vbench NAME):\n\(list)\n\nSee 'vbench NAME --help' for each benchmark's options.\n")
        return ExitCode.success
    }
    guard let b = allBenchmarks.first(where: { $0.name == name }) else {
        CommandIO.standard.stderr("Error: unknown benchmark '\(name)'\n\(usage)\n")
        return ExitCode.usage
    }
    return b.run(Array(arguments.dropFirst()))
}

extension String {
    func padding(_ n: Int) -> String { count >= n ? self + " " : self + String(repeating: " ", count: n - count) }
}

exit(vbenchMain(Array(CommandLine.arguments.dropFirst()), Benchmark.all))
