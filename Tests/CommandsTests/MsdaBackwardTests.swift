import Foundation
import XCTest

/// `vrun msda bwd --in DIR --out DIR --check --json` on each PyTorch golden set: the
/// written gradients, read back with the tests' own reader, must match the golden gradients
/// within the brief's fp32 tolerance 1e-4 * max(1, max |golden|), the command's own check must
/// agree, and the JSON must split the time into the training forward and the backward.
final class MsdaBackwardTests: MsdaTestCase {
    func testTinyGolden() throws { try golden("tiny") }
    func testDetrDecoderGolden() throws { try golden("detr-decoder") }
    func testEncoderEdgesGolden() throws { try golden("encoder-edges") }

    func golden(_ set: String) throws {
        let out = "out-" + set
        let r = run(["msda", "bwd", "--in", Self.golden + "/" + set, "--out", path(out),
                     "--cores", "8", "--threads", "2", "--check", "--json", "--no-checks"])
        XCTAssertEqual(r.code, 0, r.err)
        for file in ["output.npy", "grad_value.npy", "grad_sampling_locations.npy", "grad_attention_weights.npy"] {
            let expected = try Self.readGolden(set, file)
            let ours = try XCTUnwrap(readNPY(out + "/" + file), file)
            XCTAssertEqual(ours.descr, "<f4", file)
            XCTAssertEqual(ours.shape, expected.shape, file)
            let limit = 1e-4 * max(1, Self.maxAbs(expected.floats))
            XCTAssertLessThanOrEqual(Self.maxError(ours.floats, expected.floats), limit, file)
        }
        let j = jsonObject(r.out)
        XCTAssertEqual(j["command"] as? String, "msda bwd")
        XCTAssertEqual(j["mode"] as? String, "train", "bwd runs the training forward")
        let checks = try XCTUnwrap(j["check"] as? [String: Any])
        for tensor in ["output", "grad_value", "grad_sampling_locations", "grad_attention_weights"] {
            XCTAssertEqual((checks[tensor] as? [String: Any])?["ok"] as? Bool, true, tensor)
        }
        let fwd = try XCTUnwrap(j["forward_time_us"] as? Double)
        let bwd = try XCTUnwrap(j["backward_time_us"] as? Double)
        let total = try XCTUnwrap(j["time_us"] as? Double)
        XCTAssertGreaterThan(fwd, 0)
        XCTAssertGreaterThan(bwd, 0)
        XCTAssertEqual(total, fwd + bwd, accuracy: 1e-9 * total)
    }

    /// The text summary names the backward kernel's run, the forward's time and all checks.
    func testTextSummary() throws {
        let r = run(["msda", "bwd", "--workload", "tiny", "--cores", "2", "--check"])
        XCTAssertEqual(r.code, 0, r.err)
        for s in ["vrun msda bwd", "fwd + bwd", "grad_value: max |ours - ref|", "grad_attention_weights", "bwd plan"] {
            XCTAssertTrue(r.out.contains(s), "missing '\(s)' in:\n\(r.out)")
        }
    }
}
