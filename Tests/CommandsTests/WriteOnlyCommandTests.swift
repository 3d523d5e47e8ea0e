import Foundation
import XCTest

/// `vrun KERNEL --write-only LIST`: the same output as without it; a name that is not a GM
/// parameter is a usage error; a read of a write-only parameter stops the run (`gm.write-only`).
final class WriteOnlyCommandTests: MsdaTestCase {
    func testWriteOnlyOutputIsTheSameAndNamesAreChecked() {
        let x = writeFloats("x.npy", (0..<3000).map { Float($0) * 0.5 })
        let y = writeFloats("y.npy", (0..<3000).map { Float(2 * $0) })
        let base = [Self.example("vadd.asm"), "--in", "x=\(x)", "--in", "y=\(y)", "--alloc", "z=f32[3000]",
                    "--param", "n=3000", "--cores", "2"]
        let plain = run(base + ["--out", "z=\(path("z1.npy"))"])
        XCTAssertEqual(plain.code, 0, plain.err)
        let wo = run(base + ["--out", "z=\(path("z2.npy"))", "--write-only", "z"])
        XCTAssertEqual(wo.code, 0, wo.err)
        let z1 = FileManager.default.contents(atPath: path("z1.npy")), z2 = FileManager.default.contents(atPath: path("z2.npy"))
        XCTAssertNotNil(z1)
        XCTAssertEqual(z1, z2)
        // Hand value: z = x + y = 2.5 i.
        let z = TestNPY.decode([UInt8](z2 ?? Data()))?.floats ?? []
        XCTAssertEqual(z.count, 3000)
        XCTAssertEqual(z.last, 2.5 * 2999)

        let bad = run(base + ["--write-only", "z,n"])
        XCTAssertEqual(bad.code, 64, bad.err)
        XCTAssertTrue(bad.err.hasPrefix("Error: --write-only n: not a GM parameter of the kernel (GM parameters: x, y, z)"), bad.err)
        let empty = run(base + ["--write-only", "z,"])
        XCTAssertEqual(empty.code, 64, empty.err)
        XCTAssertTrue(empty.err.hasPrefix("Error: --write-only needs NAME[,NAME...], found 'z,'"), empty.err)

        let read = run(base + ["--write-only", "x"])
        XCTAssertEqual(read.code, 1, read.err)
        XCTAssertTrue(read.err.contains("[gm.write-only]") && read.err.contains("of parameter \"x\", which the run declared write-only"), read.err)
        XCTAssertTrue(run(["--help"]).out.contains("--write-only LIST"))
    }
}
