import Foundation
import XCTest

/// `vrun msda fwd|bwd --variant xmsda|vendor|baseline` and `--disable LIST`: every design runs,
/// checks against the reference and reports the same JSON fields; switches are parsed strictly.
final class MsdaVariantTests: MsdaTestCase {
    static let designs = ["xmsda", "vendor", "baseline"]

    func testEveryVariantForwardJSONChecksOut() throws {
        for dtype in ["f32", "f16"] {
            for v in Self.designs {
                for mode in ["infer", "train"] {
                    let r = run(["msda", "fwd", "--variant", v, "--workload", "tiny", "--dtype", dtype, "--mode", mode, "--check", "--json",
                                 "--cores", "4", "--threads", "2"])
                    XCTAssertEqual(r.code, 0, "\(v) \(dtype) \(mode): \(r.err)")
                    let j = jsonObject(r.out)
                    XCTAssertEqual(j["variant"] as? String, v)
                    XCTAssertEqual(j["dtype"] as? String, dtype)
                    let time = try XCTUnwrap(j["time_us"] as? Double, "\(v)")
                    let cycles = try XCTUnwrap(j["cycles"] as? Double, "\(v)")
                    // 910b2c: 1.8 GHz (the preset; MsdaReportTests pins the same).
                    XCTAssertEqual(time, cycles / 1800, accuracy: 1e-6 * time, "\(v)")
                    XCTAssertEqual(cycles, try XCTUnwrap(j["kernel_cycles"] as? Double) + (try XCTUnwrap(j["launch_cycles"] as? Double)),
                                   accuracy: 1e-6 * cycles)
                    for ratio in ["vec_ratio", "scalar_ratio", "mte2_ratio", "mte3_ratio"] {
                        let x = try XCTUnwrap(j[ratio] as? Double, "\(v) \(ratio)")
                        XCTAssertTrue(x >= 0 && x <= 1, "\(v) \(ratio) = \(x)")
                    }
                    let check = try XCTUnwrap((j["check"] as? [String: Any])?["output"] as? [String: Any], "\(v)")
                    XCTAssertEqual(check["ok"] as? Bool, true, "\(v) \(dtype) \(mode) output differs from the reference")
                }
            }
        }
    }

    func testEveryVariantBackwardJSONChecksOut() throws {
        for dtype in ["f32", "f16"] {
            for v in Self.designs {
                let r = run(["msda", "bwd", "--variant", v, "--workload", "tiny", "--dtype", dtype, "--check", "--json", "--cores", "4", "--threads", "2"])
                XCTAssertEqual(r.code, 0, "\(v) \(dtype): \(r.err)")
                let j = jsonObject(r.out)
                XCTAssertEqual(j["variant"] as? String, v)
                let fwd = try XCTUnwrap(j["forward_time_us"] as? Double, v)
                let bwd = try XCTUnwrap(j["backward_time_us"] as? Double, v)
                XCTAssertEqual(try XCTUnwrap(j["time_us"] as? Double, v), fwd + bwd, accuracy: 1e-9 * (fwd + bwd))
                // cycles and ratios are the backward's
                XCTAssertEqual(try XCTUnwrap(j["cycles"] as? Double) / 1800, bwd, accuracy: 1e-6 * bwd)
                let checks = try XCTUnwrap(j["check"] as? [String: Any], v)
                for tensor in ["output", "grad_value", "grad_sampling_locations", "grad_attention_weights"] {
                    XCTAssertEqual((checks[tensor] as? [String: Any])?["ok"] as? Bool, true, "\(v) \(dtype) \(tensor)")
                }
            }
        }
    }

    /// Each switch off, alone and all together, still matches the reference (f16: gather fusion
    /// exists only there) and is reported in the JSON.
    func testSwitchesOffStillCheckOut() throws {
        for (pass, list, expected) in [("fwd", "adaptive-vl", ["adaptive-vl"]), ("fwd", "gather-fusion", ["gather-fusion"]),
                                       ("fwd", "all", ["adaptive-vl", "gather-fusion"]),
                                       ("bwd", "staggered-writes", ["staggered-writes"]), ("bwd", "scatter-fusion", ["scatter-fusion"]),
                                       ("bwd", "all", ["staggered-writes", "scatter-fusion"])] {
            let r = run(["msda", pass, "--workload", "small", "--dtype", "f16", "--disable", list, "--check", "--json", "--cores", "4", "--threads", "2"])
            XCTAssertEqual(r.code, 0, "\(pass) --disable \(list): \(r.err)")
            let j = jsonObject(r.out)
            XCTAssertEqual(j["disabled"] as? [String], expected, "\(pass) \(list)")
            for (tensor, c) in try XCTUnwrap(j["check"] as? [String: Any]) {
                XCTAssertEqual((c as? [String: Any])?["ok"] as? Bool, true, "\(pass) --disable \(list): \(tensor)")
            }
        }
        // gather fusion off changes the plan the JSON reports
        let j = jsonObject(run(["msda", "fwd", "--workload", "tiny", "--dtype", "f16", "--disable", "gather-fusion", "--json", "--cores", "4"]).out)
        XCTAssertEqual((j["plan"] as? [String: Any])?["fused"] as? Bool, false)
    }

    /// Without the padding fix the driver's strict run stops at the first straddling pair.
    func testPaddingFixOffStopsWithTheStraddleError() {
        let r = run(["msda", "fwd", "--workload", "small", "--dtype", "f16", "--disable", "padding-fix", "--cores", "4", "--threads", "2"])
        XCTAssertEqual(r.code, 1)
        XCTAssertTrue(r.err.contains("gather.straddle") || r.err.contains("30 mod 32") || r.err.contains("mod 32 = 30"), r.err)
    }

    func testBadVariantsAndSwitchesAreUsageErrors() {
        for (args, message) in [
            (["msda", "fwd", "--variant", "cuda"], "--variant: 'cuda' is not xmsda, vendor, baseline"),
            (["msda", "fwd", "--disable", "speed"], "unknown switch 'speed'"),
            (["msda", "fwd", "--disable", "scatter-fusion"], "scatter-fusion is a switch of the backward"),
            (["msda", "bwd", "--disable", "adaptive-vl"], "adaptive-vl is a switch of the forward"),
            (["msda", "fwd", "--variant", "vendor", "--disable", "gather-fusion"], "the vendor design has none"),
            (["msda", "fwd", "--variant", "baseline", "--profile"], "--variant xmsda only"),
        ] {
            let r = run(args)
            XCTAssertEqual(r.code, 64, "\(args)")
            XCTAssertTrue(r.err.contains(message), "\(args): \(r.err)")
        }
    }
}
