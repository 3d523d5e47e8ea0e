import Foundation
import XCTest

/// What `vrun msda fwd` reports: the `--json` contract fields, the text summary, the Chrome trace
/// and the line profile, and that training mode writes no extra files.
final class MsdaReportTests: MsdaTestCase {
    func testTinyCheckJSON() throws {
        let r = run(["msda", "fwd", "--workload", "tiny", "--check", "--json", "--cores", "2", "--threads", "2"])
        XCTAssertEqual(r.code, 0, r.err)
        let j = jsonObject(r.out)
        for key in ["cycles", "time_us", "cores", "vec_ratio", "scalar_ratio", "mte2_ratio", "mte3_ratio", "host_seconds",
                    "check", "workload", "shape", "dtype", "mode", "errors"] {
            XCTAssertNotNil(j[key], "missing \(key)")
        }
        XCTAssertEqual(j["workload"] as? String, "tiny")
        XCTAssertEqual(j["dtype"] as? String, "f32")
        XCTAssertEqual(j["mode"] as? String, "infer")
        XCTAssertEqual(j["cores"] as? Int, 2)
        // tiny: 8x8 and 4x4 maps, bs 2, Q 10, M 2, D 8, P 2 (brief, workloads; golden README).
        let shape = try XCTUnwrap(j["shape"] as? [String: Any])
        XCTAssertEqual(shape["levels"] as? [[Int]], [[8, 8], [4, 4]])
        XCTAssertEqual([shape["bs"], shape["Q"], shape["M"], shape["D"], shape["P"], shape["S"]].map { $0 as? Int }, [2, 10, 2, 8, 2, 80])
        for ratio in ["vec_ratio", "scalar_ratio", "mte2_ratio", "mte3_ratio"] {
            let v = try XCTUnwrap(j[ratio] as? Double, ratio)
            XCTAssertTrue(v > 0 && v <= 1, "\(ratio) = \(v)")   // every pipe works in this kernel
        }
        let cycles = try XCTUnwrap(j["cycles"] as? Double)
        let kernel = try XCTUnwrap(j["kernel_cycles"] as? Double)
        let launch = try XCTUnwrap(j["launch_cycles"] as? Double)
        XCTAssertGreaterThan(kernel, 0)
        XCTAssertEqual(cycles, kernel + launch, accuracy: 1e-6)
        // 910b2c runs at 1.8 GHz (the machine preset; vrun's JSON tests pin the same).
        XCTAssertEqual(try XCTUnwrap(j["time_us"] as? Double), cycles / 1800, accuracy: 1e-6)
        XCTAssertGreaterThan(try XCTUnwrap(j["host_seconds"] as? Double), 0)
        let check = try XCTUnwrap((j["check"] as? [String: Any])?["output"] as? [String: Any])
        XCTAssertEqual(check["ok"] as? Bool, true)
        // Workload values are in [-1, 1) and a head's attention weights sum to 1, so
        // |output| < 1 and the limit is exactly 1e-4 * max(1, max |ref|) = 1e-4.
        XCTAssertEqual(try XCTUnwrap(check["limit"] as? Double), 1e-4, accuracy: 1e-12)
        XCTAssertLessThanOrEqual(try XCTUnwrap(check["max_abs_error"] as? Double), 1e-4)
        XCTAssertEqual((j["errors"] as? [Any])?.count, 0)
    }

    /// Without --check the JSON says so with null, and the text summary has the contract's lines.
    func testTextSummary() {
        let r = run(["msda", "fwd", "--workload", "tiny", "--cores", "2", "--check"])
        XCTAssertEqual(r.code, 0, r.err)
        for f in ["vrun msda fwd: workload tiny", "f32, infer", "cycles ", "time ", "cores        2 of machine 910b2c",
                  "ratios       vec", "scalar", "mte2", "mte3", "host total", "check        output:", ": ok"] {
            XCTAssertTrue(r.out.contains(f), "missing '\(f)' in:\n\(r.out)")
        }
        let plain = run(["msda", "fwd", "--workload", "tiny", "--cores", "2", "--json"])
        XCTAssertEqual(plain.code, 0, plain.err)
        XCTAssertTrue(jsonObject(plain.out)["check"] is NSNull)
    }

    func testTraceAndProfile() throws {
        let r = run(["msda", "fwd", "--workload", "tiny", "--cores", "2", "--trace", path("t.json"), "--profile"])
        XCTAssertEqual(r.code, 0, r.err)
        let data = try XCTUnwrap(FileManager.default.contents(atPath: path("t.json")))
        let root = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let events = try XCTUnwrap(root["traceEvents"] as? [[String: Any]])
        let slices = events.filter { $0["ph"] as? String == "X" }
        XCTAssertEqual(Set(slices.compactMap { $0["pid"] as? Int }), [0, 1], "one process per core")
        // The kernel gathers corners on V and copies planes in on MTE2 (docs/MSDA-forward.md).
        XCTAssertTrue(slices.contains { ($0["name"] as? String ?? "").hasPrefix("gather") && $0["tid"] as? Int == 1 })
        XCTAssertTrue(slices.contains { $0["name"] as? String == "copy_gm_ub_pad" && $0["tid"] as? Int == 2 })
        let loc = (slices.first?["args"] as? [String: Any])?["loc"] as? String ?? ""
        XCTAssertTrue(loc.contains("msda_fwd.asm:"), loc)
        XCTAssertTrue(r.out.contains("trace        \(path("t.json"))"), r.out)
        XCTAssertTrue(r.out.contains("profile: busy cycles per source line"), r.out)
        XCTAssertTrue(r.out.contains("msda_fwd.asm:"), r.out)

        let one = run(["msda", "fwd", "--workload", "tiny", "--cores", "2", "--trace", path("c1.json"), "--trace-cores", "1"])
        XCTAssertEqual(one.code, 0, one.err)
        let d1 = try XCTUnwrap(FileManager.default.contents(atPath: path("c1.json")))
        let e1 = try XCTUnwrap((try JSONSerialization.jsonObject(with: d1) as? [String: Any])?["traceEvents"] as? [[String: Any]])
        XCTAssertEqual(Set(e1.filter { $0["ph"] as? String == "X" }.compactMap { $0["pid"] as? Int }), [1])
    }

    /// Training mode stores the corners on the device; only output.npy is written (the corners
    /// have no file in the contract), and the output still matches the reference.
    func testTrainingModeWritesOnlyOutput() throws {
        let r = run(["msda", "fwd", "--workload", "tiny", "--mode", "train", "--cores", "2", "--check", "--json", "--out", path("out")])
        XCTAssertEqual(r.code, 0, r.err)
        let j = jsonObject(r.out)
        XCTAssertEqual(j["mode"] as? String, "train")
        XCTAssertEqual(((j["check"] as? [String: Any])?["output"] as? [String: Any])?["ok"] as? Bool, true)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: path("out")), ["output.npy"])
        XCTAssertEqual(readNPY("out/output.npy")?.shape, [2, 10, 16])
    }
}
