import Foundation
import ISA
import XCTest
@testable import Interpreter

/// `ChromeTrace` on a hand-made report: structure, timestamps, arrows, filters and the cap.
final class ReportTraceTests: XCTestCase {
    func testSlicesCarryNameLaneTimeAndSource() throws {
        let t = ReportFixture.trace(ReportFixture.report())
        let events = ReportFixture.events(t.text)
        XCTAssertFalse(events.isEmpty, t.text)
        let vadd = events.filter { $0["name"] as? String == "vadd.f32" && $0["ph"] as? String == "X" }
        XCTAssertEqual(vadd.count, 2)
        let core1 = try XCTUnwrap(vadd.first { $0["pid"] as? Int == 1 })
        XCTAssertEqual(core1["tid"] as? Int, 1)
        // 112 cycles at 1.8 GHz = 62.222 ns = 0.062222 us (rounded to picoseconds); 40 cycles = 0.022222 us.
        XCTAssertEqual(try XCTUnwrap(core1["ts"] as? Double), 0.062222, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(core1["dur"] as? Double), 0.022222, accuracy: 1e-12)
        let args = try XCTUnwrap(core1["args"] as? [String: Any])
        XCTAssertEqual(args["pc"] as? Int, 3)
        XCTAssertEqual(args["loc"] as? String, "k.asm:5:1")
        XCTAssertEqual(args["src"] as? String, "vadd.f32 b, b, b, 16")
        // The CRLF line and the indented one come out trimmed.
        let copy = events.first { $0["name"] as? String == "copy_gm_ub_pad" }
        XCTAssertEqual((copy?["args"] as? [String: Any])?["src"] as? String, "copy_gm_ub_pad b, r1, 1, 64, 0, 0")
        let wait = events.first { $0["name"] as? String == "wait_flag" }
        XCTAssertEqual((wait?["args"] as? [String: Any])?["src"] as? String, "wait_flag MTE2, V, 0")
        XCTAssertEqual(t.stats.slices, 2 * 6)  // five slices and one sync_all instant per core
        XCTAssertEqual(t.stats.flows, 2)
        XCTAssertEqual(t.stats.dropped, 0)
        XCTAssertEqual(t.stats.bytes, t.text.utf8.count)
    }

    func testSyncAllIsAnInstantAtTheRelease() throws {
        let events = ReportFixture.events(ReportFixture.trace(ReportFixture.report()).text)
        let instants = events.filter { $0["ph"] as? String == "i" }
        XCTAssertEqual(instants.count, 2)
        for i in instants {
            XCTAssertEqual(i["name"] as? String, "sync_all")
            XCTAssertEqual(i["s"] as? String, "p")
            XCTAssertEqual(i["tid"] as? Int, 0)
            XCTAssertEqual(try XCTUnwrap(i["ts"] as? Double), 800.0 / 1800, accuracy: 1e-6)
        }
    }

    func testFlowStartsOnTheSetSliceAndEndsOnTheWait() throws {
        let events = ReportFixture.events(ReportFixture.trace(ReportFixture.report(cores: 1)).text)
        let s = try XCTUnwrap(events.first { $0["ph"] as? String == "s" })
        let f = try XCTUnwrap(events.first { $0["ph"] as? String == "f" })
        XCTAssertEqual(s["id"] as? Int, f["id"] as? Int)
        XCTAssertEqual(s["tid"] as? Int, 2)   // MTE2
        XCTAssertEqual(f["tid"] as? Int, 1)   // V
        XCTAssertEqual(f["bp"] as? String, "e")
        // The set_flag slice starts at cycle 100 (the flag fired at 101, its end); the wait at 101.
        XCTAssertEqual(try XCTUnwrap(s["ts"] as? Double), 100.0 / 1800, accuracy: 1e-6)
        XCTAssertEqual(try XCTUnwrap(f["ts"] as? Double), 101.0 / 1800, accuracy: 1e-6)
        XCTAssertEqual(s["name"] as? String, "flag MTE2->V #0")
    }

    func testMetadataNamesCoresAndPipes() {
        let events = ReportFixture.events(ReportFixture.trace(ReportFixture.report(cores: 3), filter: TraceFilter(cores: [0, 2])).text)
        let meta = events.filter { $0["ph"] as? String == "M" }
        XCTAssertEqual(meta.count, 2 * (2 + 4 * 2))
        let names = meta.filter { $0["name"] as? String == "process_name" }.compactMap { ($0["args"] as? [String: Any])?["name"] as? String }
        XCTAssertEqual(names, ["core 0", "core 2"])
        XCTAssertEqual(Set(events.compactMap { $0["pid"] as? Int }), [0, 2])
    }

    func testWindowKeepsOverlappingEventsOnly() {
        // Window 100...101 on one core: the copy (0-100), set (100-101), wait (101-102) overlap;
        // vadd (102-142) and sync_all (142-800) do not.
        let t = ReportFixture.trace(ReportFixture.report(cores: 1), filter: TraceFilter(start: 100, end: 101))
        let names = ReportFixture.events(t.text).filter { $0["ph"] as? String == "X" }.compactMap { $0["name"] as? String }
        XCTAssertEqual(names, ["copy_gm_ub_pad", "set_flag", "wait_flag"])
        XCTAssertEqual(t.stats.flows, 1)
    }

    func testCapKeepsTheEarliestEventsAndCountsTheRest() {
        let t = ReportFixture.trace(ReportFixture.report(cores: 1), filter: TraceFilter(maxEvents: 3))
        let events = ReportFixture.events(t.text)
        XCTAssertFalse(events.isEmpty, t.text)
        let kept = events.filter { $0["ph"] as? String != "M" }
        XCTAssertLessThanOrEqual(kept.count, 3)
        // Five slices + one instant + one arrow (2 events) = 8 wanted.
        XCTAssertEqual(t.stats.events + t.stats.dropped, 8)
        XCTAssertEqual(t.stats.events, kept.count)
        XCTAssertEqual(kept.first?["name"] as? String, "copy_gm_ub_pad")
    }

    func testLargeTracesAreStreamedInChunks() {
        var r = ReportFixture.report(cores: 1)
        r.timeline = (0..<20_000).map { TimelineEvent(core: 0, pipe: .v, pc: 3, start: Double($0) * 40, end: Double($0 + 1) * 40) }
        r.flagEdges = []
        let t = ReportFixture.trace(r)
        XCTAssertGreaterThan(t.chunks, 10)
        XCTAssertEqual(ReportFixture.events(t.text).filter { $0["ph"] as? String == "X" }.count, 20_000)
    }

    func testWithoutTimelineOnlyMetadata() {
        var r = ReportFixture.report(cores: 2)
        r.timeline = []
        r.flagEdges = []
        let events = ReportFixture.events(ReportFixture.trace(r).text)
        XCTAssertEqual(events.count, 20)
        XCTAssertTrue(events.allSatisfy { $0["ph"] as? String == "M" })
    }

    func testTimeText() {
        let t = TraceTime(clockGHz: 1.8)
        XCTAssertEqual(t.text(t.units(1800)), "1")
        XCTAssertEqual(t.text(t.units(1)), "0.000556")
        XCTAssertEqual(t.text(t.units(2700)), "1.5")
        XCTAssertEqual(t.text(-1_500_000), "-1.5")
        XCTAssertEqual(TraceTime(clockGHz: 1).text(TraceTime(clockGHz: 1).units(.nan)), "0")
    }
}
