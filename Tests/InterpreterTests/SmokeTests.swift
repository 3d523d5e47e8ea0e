import XCTest
import ISA
@testable import Interpreter

final class SmokeTests: XCTestCase {
    func testCopyAddCopy() throws {
        let p = T.asm("""
        .param x, gm.f32
        .param z, gm.f32
        .buffer bx, 256
        .buffer bz, 256
                ldparam r1, x
                ldparam r2, z
                copy_gm_ub bx, r1, 1, 8, 0, 0
                set_flag MTE2, V, 0
                wait_flag MTE2, V, 0
                vadds.f32 bz, bx, 1.5, 64
                set_flag V, MTE3, 0
                wait_flag V, MTE3, 0
                copy_ub_gm r2, bz, 1, 8, 0, 0
                end
        """)
        let x = (0..<64).map { Float($0) }
        guard let rep = T.ok(T.run(p, ["x": .gm(bytes: T.bytes(x)), "z": T.zeros(256)])) else { return }
        XCTAssertEqual(rep.floats("z"), x.map { $0 + 1.5 })
        print(rep.kernelCycles, rep.cores[0].busy)
    }
}
