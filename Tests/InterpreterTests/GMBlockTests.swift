import XCTest
import ISA
import Assembler
@testable import Interpreter

/// `KernelArgument.block` (a GM parameter bound in place) and `RunOptions.blockOutputs` (one
/// handed out in place): the same results as bytes, no copy, and one block per parameter.
final class GMBlockTests: XCTestCase {
    func vadd() -> Program {
        let path = KernelTests.repo.appendingPathComponent("kernels/examples/vadd.asm").path
        let r = Assembler.assemble(path: path, options: AssemblerOptions())
        guard let p = r.program else { XCTFail("vadd.asm: \(r.diagnostics)"); return Program() }
        return p
    }

    func testBlocksInAndOutAreUsedInPlace() {
        let n = 5000
        let x = (0..<n).map { Float($0) * 0.5 }, y = (0..<n).map { Float($0 % 7) }
        let xb = GMBlock(copying: T.bytes(x)), zb = GMBlock(zeros: 4 * n)
        let args: [String: KernelArgument] = ["x": .block(xb), "y": .gm(bytes: T.bytes(y)), "z": .block(zb, elementType: .f32), "n": .int(Int64(n))]
        var o = RunOptions(threads: 2)
        o.blockOutputs = ["z"]
        guard let r = T.ok(T.run(vadd(), args, cores: 4, options: o)) else { return }
        // z = x + y (hand value), written into the caller's block, which the report hands back.
        let z = zb.withUnsafeBytes { raw in (0..<n).map { raw.load(fromByteOffset: 4 * $0, as: Float.self) } }
        XCTAssertEqual(z, zip(x, y).map { $0 + $1 })
        XCTAssertTrue(r.blocks["z"] === zb)
        XCTAssertNil(r.outputs["z"], "a block output is not also copied")
        XCTAssertEqual(xb.bytes, T.bytes(x), "an input block is left as it was")
        // The same run with bytes: the same cycles.
        let plain: [String: KernelArgument] = ["x": .gm(bytes: T.bytes(x)), "y": .gm(bytes: T.bytes(y)), "z": T.zeros(4 * n), "n": .int(Int64(n))]
        XCTAssertEqual(T.ok(T.run(vadd(), plain, cores: 4))?.cycles, r.cycles)
    }

    func testOneBlockForTwoParametersIsAnError() {
        let b = GMBlock(zeros: 64)
        let e = T.err(T.run(vadd(), ["x": .block(b), "y": .block(b), "z": T.zeros(64), "n": .int(16)]))
        XCTAssertEqual(e?.id, "args.block-shared")
        XCTAssertEqual(e?.message, "parameters \"x\" and \"y\" are bound to the same GMBlock; a block holds one parameter (it is written in place)")
    }
}
