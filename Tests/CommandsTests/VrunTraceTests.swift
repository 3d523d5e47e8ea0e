import Commands
import Foundation
import XCTest

/// `vrun --trace`: a Chrome Trace Event file with one process per core and one thread per pipe,
/// an X event per instruction, flag arrows and sync_all instants; and its filters.
final class VrunTraceTests: VrunTestCase {
    private let n = 10_000  // 3 tiles of 4096

    private func traceVadd(_ extra: [String] = [], cores: Int = 2) -> (code: Int32, err: String, events: [[String: Any]], root: [String: Any]) {
        writeFloats("x.npy", Self.values(n, seed: 1))
        writeFloats("y.npy", Self.values(n, seed: 2))
        let r = run([Self.example("vadd.asm"), "--in", "x=\(path("x.npy"))", "--in", "y=\(path("y.npy"))",
                     "--alloc", "z=f32[\(n)]", "--param", "n=\(n)", "--cores", "\(cores)", "--trace", path("t.json")] + extra)
        guard let data = FileManager.default.contents(atPath: path("t.json")),
              let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            XCTFail("no trace or not JSON: \(r.err)")
            return (r.code, r.err, [], [:])
        }
        return (r.code, r.err, root["traceEvents"] as? [[String: Any]] ?? [], root)
    }

    func testStructure() {
        let t = traceVadd()
        XCTAssertEqual(t.code, 0, t.err)
        XCTAssertEqual(t.root["displayTimeUnit"] as? String, "ns")
        let meta = t.events.filter { $0["ph"] as? String == "M" }
        let processes = meta.filter { $0["name"] as? String == "process_name" }
        XCTAssertEqual(Set(processes.compactMap { $0["pid"] as? Int }), [0, 1])
        for p in processes {
            XCTAssertEqual((p["args"] as? [String: Any])?["name"] as? String, "core \(p["pid"] as? Int ?? -1)")
        }
        let threads = meta.filter { $0["name"] as? String == "thread_name" && $0["pid"] as? Int == 0 }
        let lanes = Dictionary(uniqueKeysWithValues: threads.compactMap { e -> (Int, String)? in
            guard let tid = e["tid"] as? Int, let name = (e["args"] as? [String: Any])?["name"] as? String else { return nil }
            return (tid, name)
        })
        XCTAssertEqual(lanes, [0: "S", 1: "V", 2: "MTE2", 3: "MTE3"])

        let slices = t.events.filter { $0["ph"] as? String == "X" }
        func named(_ n: String) -> [[String: Any]] { slices.filter { $0["name"] as? String == n } }
        // One vadd per tile on V, two copies in per tile on MTE2, one copy out per tile on MTE3.
        XCTAssertEqual(named("vadd.f32").count, 3)
        XCTAssertEqual(Set(named("vadd.f32").compactMap { $0["tid"] as? Int }), [1])
        XCTAssertEqual(named("copy_gm_ub_pad").count, 6)
        XCTAssertEqual(Set(named("copy_gm_ub_pad").compactMap { $0["tid"] as? Int }), [2])
        XCTAssertEqual(named("copy_ub_gm_pad").count, 3)
        XCTAssertEqual(Set(named("copy_ub_gm_pad").compactMap { $0["tid"] as? Int }), [3])
        for e in slices {
            let ts = e["ts"] as? Double ?? -1, dur = e["dur"] as? Double ?? -1
            XCTAssertGreaterThanOrEqual(ts, 0)
            XCTAssertGreaterThanOrEqual(dur, 0)
        }
        let add = named("vadd.f32").first?["args"] as? [String: Any]
        XCTAssertEqual(add?["loc"] as? String, Self.example("vadd.asm") + ":65:9")
        XCTAssertEqual(add?["src"] as? String, "vadd.f32 bz, bx, by, cnt")
        // ts is microseconds at 1.8 GHz: start_cycle / 1800.
        if let a = named("vadd.f32").first, let ts = a["ts"] as? Double, let c = (a["args"] as? [String: Any])?["start_cycle"] as? Double {
            XCTAssertEqual(ts, c / 1800, accuracy: 1e-6)
        } else {
            XCTFail("vadd slice without ts or start_cycle")
        }
    }

    func testFlowsComeInPairsFromSetToWait() {
        let t = traceVadd()
        XCTAssertEqual(t.code, 0, t.err)
        let starts = t.events.filter { $0["ph"] as? String == "s" }
        let finishes = t.events.filter { $0["ph"] as? String == "f" }
        XCTAssertFalse(starts.isEmpty)
        XCTAssertEqual(Set(starts.compactMap { $0["id"] as? Int }), Set(finishes.compactMap { $0["id"] as? Int }))
        XCTAssertEqual(starts.count, Set(starts.compactMap { $0["id"] as? Int }).count)
        // Every wait_flag consumed one set: one arrow per executed wait_flag.
        let waits = t.events.filter { $0["ph"] as? String == "X" && $0["name"] as? String == "wait_flag" }
        XCTAssertEqual(finishes.count, waits.count)
        let byID = Dictionary(uniqueKeysWithValues: finishes.compactMap { f in (f["id"] as? Int).map { ($0, f) } })
        for s in starts {
            guard let f = byID[s["id"] as? Int ?? -1] else { continue }
            XCTAssertEqual(f["bp"] as? String, "e")
            XCTAssertEqual(s["pid"] as? Int, f["pid"] as? Int)
            XCTAssertLessThanOrEqual(s["ts"] as? Double ?? .infinity, f["ts"] as? Double ?? -1)
            // The flag's name says which pipes: the start sits on the source pipe's lane.
            let name = s["name"] as? String ?? ""
            let lane = ["S": 0, "V": 1, "MTE2": 2, "MTE3": 3]
            let parts = name.dropFirst("flag ".count).split(separator: " ").first?.components(separatedBy: "->") ?? []
            XCTAssertEqual(parts.count, 2, name)
            if parts.count == 2 {
                XCTAssertEqual(s["tid"] as? Int, lane[parts[0]])
                XCTAssertEqual(f["tid"] as? Int, lane[parts[1]])
            }
        }
    }

    func testCoreFilter() {
        let t = traceVadd(["--trace-cores", "1"])
        XCTAssertEqual(t.code, 0, t.err)
        XCTAssertEqual(Set(t.events.compactMap { $0["pid"] as? Int }), [1])
        XCTAssertFalse(t.events.filter { $0["ph"] as? String == "X" }.isEmpty)
    }

    func testWindowFilter() {
        let all = traceVadd().events.filter { $0["ph"] as? String == "X" }
        let t = traceVadd(["--trace-window", "500:900"])
        XCTAssertEqual(t.code, 0, t.err)
        let slices = t.events.filter { $0["ph"] as? String == "X" }
        XCTAssertFalse(slices.isEmpty)
        XCTAssertLessThan(slices.count, all.count)
        for e in slices {
            let a = e["args"] as? [String: Any]
            let s = a?["start_cycle"] as? Double ?? -1, end = a?["end_cycle"] as? Double ?? -1
            XCTAssertTrue(end >= 500 && s <= 900, "\(s)...\(end) outside 500:900")
        }
        // Nothing that overlaps the window was left out.
        let expected = all.filter {
            let a = $0["args"] as? [String: Any]
            return (a?["end_cycle"] as? Double ?? -1) >= 500 && (a?["start_cycle"] as? Double ?? .infinity) <= 900
        }
        XCTAssertEqual(slices.count, expected.count)
    }

    func testSyncAllIsAnInstantPerCore() {
        let k = write("sync.asm", """
        .param n, i64
        .buffer b, 256
                ldparam r1, n
                vdup.f32 b, 1.0, 64
                sync_all
                vdup.f32 b, 2.0, 64
                sync_all
                end

        """)
        let r = run([k, "--param", "n=1", "--cores", "3", "--trace", path("s.json")])
        XCTAssertEqual(r.code, 0, r.err)
        let root = (try? JSONSerialization.jsonObject(with: FileManager.default.contents(atPath: path("s.json")) ?? Data())) as? [String: Any]
        let events = root?["traceEvents"] as? [[String: Any]] ?? []
        let instants = events.filter { $0["ph"] as? String == "i" }
        XCTAssertEqual(instants.count, 6)  // two sync_alls on each of three cores
        XCTAssertTrue(instants.allSatisfy { $0["name"] as? String == "sync_all" && $0["tid"] as? Int == 0 })
        // All cores leave a barrier at the same time.
        let firstRelease = Set(instants.filter { ($0["args"] as? [String: Any])?["pc"] as? Int == 2 }.compactMap { $0["ts"] as? Double })
        XCTAssertEqual(firstRelease.count, 1)
    }

    func testWithoutTraceNoFileAndFiltersNeedTrace() {
        let r = run([Self.example("vadd.asm"), "--trace-cores", "0"])
        XCTAssertEqual(r.code, 64)
        XCTAssertTrue(r.err.hasPrefix("Error: --trace-cores, --trace-window and --trace-limit narrow a trace"), r.err)
    }

    func testTraceCoreOutsideTheRunIsAUsageError() {
        writeFloats("x.npy", [1])
        let r = run([Self.example("vadd.asm"), "--cores", "2", "--trace", path("t.json"), "--trace-cores", "0,5-6"])
        XCTAssertEqual(r.code, 64)
        XCTAssertTrue(r.err.hasPrefix("Error: --trace-cores: core 5 does not run (cores 0-1)"), r.err)
    }

    func testLimitKeepsTheEarliestEventsAndWarnsHowToNarrow() {
        let all = traceVadd().events.filter { $0["ph"] as? String != "M" }
        let t = traceVadd(["--trace-limit", "10"])
        XCTAssertEqual(t.code, 0, t.err)
        let kept = t.events.filter { $0["ph"] as? String != "M" }
        XCTAssertGreaterThan(all.count, 10)
        XCTAssertLessThanOrEqual(kept.count, 10)
        XCTAssertFalse(kept.isEmpty)
        XCTAssertEqual(t.err, "vrun: warning: the trace holds the first \(kept.count) of \(all.count) events (limit 10); "
                       + "narrow it with --trace-cores LIST (e.g. 0) or --trace-window START:END (cycles)\n")
        XCTAssertEqual((t.root["otherData"] as? [String: Any])?["dropped_events"] as? Int, all.count - kept.count)
    }
}
