import Foundation
import XCTest

/// `vrun msda fwd|bwd` on a mid-size workload (`detr`: the Deformable DETR decoder, 4 levels up
/// to 100x150, 300 queries, 8 heads of 32 channels, on all 48 cores of the 910B2C), five runs
/// each with `--threads 1`, `2` and `8`: every written `.npy` file must be byte-identical to the
/// first run's and the cycle counts identical (brief/product.md: "cycle counts are deterministic,
/// independent of host threads"). The first run is also checked against the reference
/// (`--check`), so fifteen identical wrong answers cannot pass.
final class MsdaDeterminismTests: MsdaTestCase {
    func testForwardIsIdenticalAcrossRunsAndThreadCounts() throws {
        try repeatRuns(pass: "fwd", files: ["output.npy"])
    }

    func testBackwardIsIdenticalAcrossRunsAndThreadCounts() throws {
        try repeatRuns(pass: "bwd", files: ["output.npy", "grad_value.npy", "grad_sampling_locations.npy", "grad_attention_weights.npy"])
    }

    private func repeatRuns(pass: String, files: [String]) throws {
        var first: (bytes: [String: Data], json: [String: Any])?
        for threads in [1, 2, 8] {
            for run in 1...5 {
                let out = "\(pass)-t\(threads)-r\(run)"
                var args = ["msda", pass, "--workload", "detr", "--out", path(out), "--threads", "\(threads)", "--json"]
                if first == nil { args.append("--check") }
                let r = self.run(args)
                let what = "\(pass) --threads \(threads) run \(run)"
                XCTAssertEqual(r.code, 0, "\(what): \(r.err)")
                let j = jsonObject(r.out)
                var bytes: [String: Data] = [:]
                for f in files { bytes[f] = try XCTUnwrap(FileManager.default.contents(atPath: path(out + "/" + f)), "\(what): \(f)") }
                guard let reference = first else {
                    let checks = try XCTUnwrap(j["check"] as? [String: Any], what)
                    XCTAssertFalse(checks.isEmpty, what)
                    for (tensor, c) in checks { XCTAssertEqual((c as? [String: Any])?["ok"] as? Bool, true, "\(what): \(tensor)") }
                    XCTAssertGreaterThan(try XCTUnwrap(j["cycles"] as? Double), 0, what)
                    first = (bytes, j)
                    continue
                }
                for f in files { XCTAssertTrue(bytes[f] == reference.bytes[f], "\(what): \(f) differs from the first run") }
                for key in ["cycles", "kernel_cycles", "time_us", "forward_time_us", "backward_time_us",
                            "vec_ratio", "scalar_ratio", "mte2_ratio", "mte3_ratio"] where reference.json[key] != nil {
                    XCTAssertEqual(j[key] as? Double, reference.json[key] as? Double, "\(what): \(key)")
                }
                // Try the next run's files in a fresh directory; drop this one's to keep the disk small.
                try? FileManager.default.removeItem(atPath: path(out))
            }
        }
    }
}
