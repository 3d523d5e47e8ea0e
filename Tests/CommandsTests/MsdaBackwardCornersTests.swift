import Foundation
import XCTest

/// `vrun msda bwd --corners stored|gather`: the gather path (inference forward, the backward
/// gathers the corners) through the command line, checked against the golden gradients by the
/// command's own reference check and by the tests' reader, and the option's errors.
final class MsdaBackwardCornersTests: MsdaTestCase {
    func testGatherOnGoldenTiny() throws {
        let r = run(["msda", "bwd", "--in", Self.golden + "/tiny", "--out", path("out"), "--corners", "gather",
                     "--cores", "4", "--threads", "2", "--check", "--json"])
        XCTAssertEqual(r.code, 0, r.err)
        let j = jsonObject(r.out)
        XCTAssertEqual(j["mode"] as? String, "infer", "--corners gather runs the inference forward")
        let plan = try XCTUnwrap(j["backward_plan"] as? [String: Any])
        XCTAssertEqual(plan["corners"] as? String, "gather")
        let checks = try XCTUnwrap(j["check"] as? [String: Any])
        for tensor in ["output", "grad_value", "grad_sampling_locations", "grad_attention_weights"] {
            XCTAssertEqual((checks[tensor] as? [String: Any])?["ok"] as? Bool, true, tensor)
        }
        for file in ["grad_value.npy", "grad_sampling_locations.npy", "grad_attention_weights.npy"] {
            let expected = try Self.readGolden("tiny", file)
            let ours = try XCTUnwrap(readNPY("out/" + file), file)
            XCTAssertLessThanOrEqual(Self.maxError(ours.floats, expected.floats), 1e-4 * max(1, Self.maxAbs(expected.floats)), file)
        }
    }

    func testStoredIsTheDefaultAndTextNamesTheSource() throws {
        let stored = run(["msda", "bwd", "--workload", "tiny", "--cores", "2", "--corners", "stored"])
        XCTAssertEqual(stored.code, 0, stored.err)
        XCTAssertTrue(stored.out.contains("stored corners"), stored.out)
        let gather = run(["msda", "bwd", "--workload", "tiny", "--cores", "2", "--corners", "gather"])
        XCTAssertEqual(gather.code, 0, gather.err)
        XCTAssertTrue(gather.out.contains("gathers the corners"), gather.out)
    }

    func testBadCornersValues() throws {
        let bad = run(["msda", "bwd", "--workload", "tiny", "--corners", "both"])
        XCTAssertEqual(bad.code, 64)
        XCTAssertTrue(bad.err.contains("--corners: 'both' is not stored or gather"), bad.err)
        let fwd = run(["msda", "fwd", "--workload", "tiny", "--corners", "gather"])
        XCTAssertEqual(fwd.code, 64)
        XCTAssertTrue(fwd.err.contains("bwd only"), fwd.err)
    }
}
