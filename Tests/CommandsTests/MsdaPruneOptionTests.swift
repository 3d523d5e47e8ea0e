import XCTest

/// The usage errors of `vrun msda fwd --prune T` / `--bilinear3` (DEFA's switches of the xMSDA
/// forward): exit 64, the option named, nothing run.
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
}
