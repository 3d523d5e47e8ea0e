import XCTest

/// The usage errors of `vrun msda fwd --prune T` / `--bilinear3` (DEFA's switches of the xMSDA
/// forward): exit 64, the option named, nothing run; and `--json` saying which were on.
final class MsdaPruneOptionTests: VrunTestCase {
    func testThresholdMustBeANumberAtLeastZero() {
        for bad in ["-1", "nan", "abc", "-0.5"] {
            let r = run(["msda", "fwd", "--workload", "tiny", "--prune", bad])
            XCTAssertEqual(r.code, 64, bad)
            XCTAssertTrue(r.err.contains("--prune: '\(bad)' is not a threshold >= 0"), "\(bad): \(r.err)")
            XCTAssertEqual(r.out, "", bad)
        }
    }

    func testPruningIsAForwardSwitchOfTheXMSDADesign() {
        for args in [["bwd", "--prune", "0.01"], ["bwd", "--bilinear3"], ["fwd", "--variant", "vendor", "--prune", "0.01"]] {
            let r = run(["msda"] + args + ["--workload", "tiny"])
            XCTAssertEqual(r.code, 64, "\(args)")
            XCTAssertTrue(r.err.contains("--prune and --bilinear3 are switches of the xmsda forward"), "\(args): \(r.err)")
        }
    }

    func testJSONPlanSaysWhetherPruningAndTheThreeMultiplyFormWereOn() {
        let plain = jsonObject(run(["msda", "fwd", "--workload", "tiny", "--json"]).out)["plan"] as? [String: Any]
        XCTAssertTrue(plain?["prune_threshold"] is NSNull, "\(String(describing: plain))")
        XCTAssertEqual(plain?["bilinear3"] as? Bool, false)
        let r = run(["msda", "fwd", "--workload", "tiny", "--prune", "0.25", "--json"])
        XCTAssertEqual(r.code, 0, r.err)
        let pruned = jsonObject(r.out)["plan"] as? [String: Any]
        XCTAssertEqual(pruned?["prune_threshold"] as? Double, 0.25)
        XCTAssertEqual(pruned?["bilinear3"] as? Bool, false)
        let b = run(["msda", "fwd", "--workload", "tiny", "--bilinear3", "--json"])
        XCTAssertEqual(b.code, 0, b.err)
        let three = jsonObject(b.out)["plan"] as? [String: Any]
        XCTAssertTrue(three?["prune_threshold"] is NSNull)
        XCTAssertEqual(three?["bilinear3"] as? Bool, true)
    }
}
