import XCTest
import ISA
@testable import Interpreter

/// `LineProfile`, `RunSummary`, `SourceText` and `ReportFormat`.
final class ReportProfileTests: XCTestCase {
    func testGroupsByLineAndSortsHottestFirst() {
        let p = LineProfile.build(report: ReportFixture.report(cores: 2), program: ReportFixture.program)
        // Per core: sync_all 658 and 648 cycles (S), copy 100 (MTE2), vadd 40 (V), set 1, wait 1.
        XCTAssertEqual(p.entries.map(\.location), ["k.asm:6", "k.asm:2", "k.asm:5", "k.asm:3", "k.asm:4"])
        XCTAssertEqual(p.entries[0].cycles.scalar, 658 + 648)
        XCTAssertEqual(p.entries[1].cycles.mte2, 200)
        XCTAssertEqual(p.entries[2].cycles.vector, 80)
        XCTAssertEqual(p.entries[2].count, 2)
        XCTAssertEqual(p.entries[3].cycles.mte2, 2)
        XCTAssertEqual(p.entries[4].cycles.vector, 2)
        XCTAssertEqual(p.total.mte2, 202)
    }

    func testLinesWithoutDebugInfoArePCs() {
        var program = ReportFixture.program
        program.debug = DebugInfo()
        let p = LineProfile.build(report: ReportFixture.report(cores: 1), program: program)
        XCTAssertEqual(p.entries.first?.location, "pc 4")
        let text = p.text(program: program, source: .none(program), cores: 1)
        XCTAssertTrue(text.contains("pc 4  sync_all\n"), text)
    }

    func testTextShowsSourceAndCapsTheRows() {
        let program = ReportFixture.program
        let p = LineProfile.build(report: ReportFixture.report(cores: 1), program: program)
        let text = p.text(program: program, source: ReportFixture.sourceText(), cores: 1, limit: 2)
        let lines = text.split(separator: "\n").map(String.init)
        XCTAssertTrue(lines[0].hasPrefix("profile: busy cycles per source line and pipe, summed over 1 core,"), text)
        XCTAssertTrue(lines[2].hasSuffix("k.asm:6  sync_all"), text)
        XCTAssertTrue(lines[2].contains("658"), text)
        // 100 of 800 total busy cycles = 12.5%.
        XCTAssertTrue(lines[3].contains("12.5%") && lines[3].hasSuffix("k.asm:2  copy_gm_ub_pad b, r1, 1, 64, 0, 0"), text)
        XCTAssertEqual(lines[4], "  ... 3 more lines with 42 cycles")
        XCTAssertEqual(p.text(program: program, source: .none(program), cores: 1, limit: -3).split(separator: "\n").count, 4)
    }

    func testSummaryShowsTheFourRatiosAndTimes() {
        let s = RunSummary.text(ReportFixture.report(cores: 2), machine: "910b2c", clockGHz: 1.8)
        XCTAssertTrue(s.contains("cycles       2600 (1800 launch + 800 kernel)\n"), s)
        XCTAssertTrue(s.contains("time         1.444 us at 1.800 GHz\n"), s)
        XCTAssertTrue(s.contains("cores        2 of machine 910b2c\n"), s)
        // 41/800 = 5.125% -> 5.1%, 101/800 = 12.625% -> 12.6%.
        XCTAssertTrue(s.contains("vec 5.1%  scalar 0.0%  mte2 12.6%  mte3 0.0%"), s)
        XCTAssertTrue(s.contains("instructions 10: copy_gm_ub_pad 2, vadd 2\n"), s)
        XCTAssertTrue(s.contains("host         0.750 s (functional 0.250 s, timing 0.500 s)\n"), s)
    }

    func testSourceTextHandlesMissingFilesAndLines() {
        let src = ReportFixture.sourceText()
        XCTAssertEqual(src.line(file: 0, line: 1), "; header")
        XCTAssertNil(src.line(file: 0, line: 99))
        XCTAssertNil(src.line(file: 0, line: 0))
        XCTAssertNil(src.line(file: 1, line: 1))
        var reads = 0
        let missing = SourceText(files: ["gone.asm"]) { _ in reads += 1; return nil }
        XCTAssertNil(missing.line(file: 0, line: 1))
        XCTAssertNil(missing.line(file: 0, line: 2))
        XCTAssertEqual(reads, 1, "an unreadable file is tried once")
    }

    func testFixedFormatting() {
        XCTAssertEqual(ReportFormat.fixed(12.345, 1), "12.3")
        XCTAssertEqual(ReportFormat.fixed(0.05, 1), "0.1")
        XCTAssertEqual(ReportFormat.fixed(-0.04, 1), "0.0")
        XCTAssertEqual(ReportFormat.fixed(-2.5, 2), "-2.50")
        XCTAssertEqual(ReportFormat.fixed(1999.6, 0), "2000")
        XCTAssertEqual(ReportFormat.fixed(.nan, 2), "-")
        XCTAssertEqual(ReportFormat.percent(0.41666), "41.7%")
    }
}
