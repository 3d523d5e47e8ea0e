import Foundation
import XCTest

/// `--max-gm-bytes`: a run whose GM would not fit stops with `gm.size` (exit 1) before
/// allocating, in `vrun KERNEL` and in `vrun msda`.
final class GMCapCommandTests: MsdaTestCase {
    func testVrunRefusesAGMAboveTheCap() {
        let x = writeFloats("x.npy", (0..<3000).map { Float($0) })
        let y = writeFloats("y.npy", (0..<3000).map { Float(2 * $0) })
        let base = [Self.example("vadd.asm"), "--in", "x=\(x)", "--in", "y=\(y)", "--alloc", "z=f32[3000]",
                    "--out", "z=\(path("z.npy"))", "--param", "n=3000", "--cores", "2"]
        let r = run(base + ["--max-gm-bytes", "4096"])
        XCTAssertEqual(r.code, 1, r.err)
        XCTAssertEqual(r.out, "")
        // x, y, z: 12000 bytes each in 12288-byte slots; GM ends 2 * 12288 + 12000 bytes after its base.
        for f in ["[gm.size]", "need 36576 bytes of GM, more than the cap of 4096 bytes", "largest: x 12000 bytes, y 12000 bytes, z 12000 bytes",
                  "--max-gm-bytes N"] {
            XCTAssertTrue(r.err.contains(f), "missing '\(f)' in: \(r.err)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("z.npy")))
        let ok = run(base + ["--max-gm-bytes", "36576"])
        XCTAssertEqual(ok.code, 0, ok.err)
        XCTAssertTrue(FileManager.default.fileExists(atPath: path("z.npy")))
    }

    func testVrunMaxGMBytesIsAPositiveNumber() {
        let r = run([Self.example("vadd.asm"), "--max-gm-bytes", "0"])
        XCTAssertEqual(r.code, 64, r.err)
        XCTAssertTrue(r.err.hasPrefix("Error: --max-gm-bytes: '0' is not a valid number"), r.err)
        XCTAssertTrue(run(["--help"]).out.contains("--max-gm-bytes N"))
    }

    func testMsdaRefusesAGMAboveTheCap() {
        for pass in ["fwd", "bwd"] {
            let r = run(["msda", pass, "--workload", "tiny", "--max-gm-bytes", "4096"])
            XCTAssertEqual(r.code, 1, r.err)
            XCTAssertEqual(r.out, "")
            for f in ["[gm.size]", "more than the cap of 4096 bytes", "--max-gm-bytes N"] {
                XCTAssertTrue(r.err.contains(f), "\(pass): missing '\(f)' in: \(r.err)")
            }
        }
        XCTAssertTrue(run(["msda", "bwd", "--help"]).out.contains("--max-gm-bytes N"))
        XCTAssertEqual(run(["msda", "fwd", "--workload", "tiny", "--max-gm-bytes", "1000000000"]).code, 0)
    }
}
