import Commands
import XCTest

/// The generic argument parser (Sources/Commands/Arguments.swift).
final class ArgumentsTests: XCTestCase {
    private let spec = ArgumentSpec(
        command: "tool", summary: "A test tool.",
        options: [
            ArgumentOption(["-o", "--output"], value: "FILE", help: "output"),
            ArgumentOption(["-p", "--param"], key: "param", value: "NAME=VALUE", repeatable: true, help: "params"),
            ArgumentOption(["--threads"], value: "N", help: "threads"),
            ArgumentOption(["-v", "--verbose"], help: "verbose"),
            ArgumentOption(["-h", "--help"], help: "help"),
        ],
        positionals: [ArgumentPositional("INPUT", help: "input"), ArgumentPositional("EXTRA", optional: true, help: "extra")])

    private func parse(_ args: [String]) -> ParsedArguments? {
        guard case .success(let p) = ArgumentParser.parse(args, spec) else { return nil }
        return p
    }

    private func error(_ args: [String]) -> String? {
        guard case .failure(let e) = ArgumentParser.parse(args, spec) else { return nil }
        return e.message
    }

    func testAllSpellings() {
        let p = parse(["in", "-o", "a", "--param=x=1", "-p", "y=2", "-pz=3", "--threads", "4", "-v", "extra"])
        XCTAssertEqual(p?.positionals, ["in", "extra"])
        XCTAssertEqual(p?.value("output"), "a")
        XCTAssertEqual(p?.all("param"), ["x=1", "y=2", "z=3"])
        XCTAssertEqual(p?.flag("verbose"), true)
        XCTAssertEqual(p?.flag("help"), false)
        XCTAssertEqual(try p?.integer("threads", as: Int.self, in: 1...64).get(), 4)
        XCTAssertNotNil(p)
        XCTAssertNil(p.flatMap { ArgumentParser.checkPositionals($0, spec) })
    }

    func testDoubleDashEndsOptions() {
        XCTAssertEqual(parse(["--", "-v"])?.positionals, ["-v"])
        XCTAssertEqual(parse(["--", "-v"])?.flag("verbose"), false)
    }

    func testHelpStopsParsing() {
        XCTAssertEqual(error(["--bogus", "-h"]), "unknown option '--bogus'", "an unknown option before -h is still an error")
        XCTAssertEqual(parse(["x", "--help", "--bogus"])?.helpRequested, true)
    }

    func testErrorsAreValues() {
        XCTAssertEqual(error(["--nope"]), "unknown option '--nope'")
        XCTAssertEqual(error(["-o"]), "option '-o' needs a value (FILE)")
        XCTAssertEqual(error(["-o", "a", "--output=b"]), "option '--output' is given more than once")
        XCTAssertEqual(error(["--verbose=yes"]), "option '--verbose' does not take a value")
        let p = parse(["--threads", "lots"])
        guard case .failure(let e)? = p.map({ $0.integer("threads", as: Int.self, in: 1...64) }) else { return XCTFail() }
        XCTAssertEqual(e.description, "Error: --threads: 'lots' is not a valid number (1...64)")
    }

    func testPositionalCounts() {
        XCTAssertEqual(parse([]).flatMap { ArgumentParser.checkPositionals($0, spec) }?.message, "missing argument INPUT")
        XCTAssertEqual(parse(["a", "b", "c"]).flatMap { ArgumentParser.checkPositionals($0, spec) }?.message, "unexpected argument 'c'")
    }

    func testUsageAndHelpText() {
        XCTAssertEqual(spec.usage, "USAGE: tool INPUT [EXTRA] [-o FILE] [-p NAME=VALUE]... [--threads N] [-v]")
        XCTAssertTrue(spec.help.hasPrefix(spec.usage + "\n\nA test tool.\n"))
        XCTAssertTrue(spec.help.contains("  -o, --output FILE"))
    }
}
