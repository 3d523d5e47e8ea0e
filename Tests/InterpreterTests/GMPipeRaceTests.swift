import XCTest
import ISA
import Assembler
@testable import Interpreter

/// Races between the pipes of one core on GM (`race.gm-pipes`, Checks/GMPipeRaceChecker.swift):
/// the error's id, message and location, and the orderings that make the same accesses legal.
///
/// The functional phase runs S instructions at issue and the queued pipes later in the order
/// MTE2, V, MTE3, so the access reported is the one executed second: for "MTE3 writes, MTE2
/// reads" with no flag that is the MTE3 write (MTE2 ran first), the note names the other one.
final class GMPipeRaceTests: XCTestCase {
    /// x is bound at 0x1000 (4096), z at 0x1200 (4096 + 256 rounded up to 512).
    let xz = """
    .param x, gm.f32
    .param z, gm.f32
    .buffer a, 256
    .buffer b, 256

    """  // 4 lines: kernels below start on line 5
    var args: [String: KernelArgument] { ["x": T.zeros(256), "z": T.zeros(256)] }

    func error(_ src: String, file: StaticString = #filePath, line: UInt = #line) -> RuntimeError? {
        T.err(T.run(T.asm(xz + src, file: file, line: line), args), file: file, line: line)
    }

    func ok(_ src: String, file: StaticString = #filePath, line: UInt = #line) {
        _ = T.ok(T.run(T.asm(xz + src, file: file, line: line), args), file: file, line: line)
    }

    func testMTE3WriteThenMTE2ReadWithoutFlag() {
        let e = error("ldparam r1, z\ncopy_ub_gm r1, a, 1, 8, 0, 0\ncopy_gm_ub b, r1, 1, 8, 0, 0\nend")
        XCTAssertEqual(e?.id, "race.gm-pipes")
        XCTAssertEqual(e?.message, "copy_ub_gm in MTE3 writes GM 0x1200 (z+0) while an unordered read of the same bytes by MTE2 may still run: add set_flag/wait_flag between them")
        XCTAssertEqual(e?.location, "t.asm:6:1")
        XCTAssertEqual(e?.pipe, .mte3)
        XCTAssertEqual(e?.core, 0)
        XCTAssertEqual(e?.addresses, [0x1200])
        XCTAssertEqual(e?.notes, ["the read in MTE2 is at t.asm:7:1"])
    }

    func testMTE3WriteThenMTE2ReadWithFlagChain() {
        ok("ldparam r1, z\ncopy_ub_gm r1, a, 1, 8, 0, 0\nset_flag MTE3, MTE2, 0\nwait_flag MTE3, MTE2, 0\ncopy_gm_ub b, r1, 1, 8, 0, 0\nend")
        // A chain through V orders them too (vector clocks are transitive).
        ok("ldparam r1, z\ncopy_ub_gm r1, a, 1, 8, 0, 0\nset_flag MTE3, V, 0\nwait_flag MTE3, V, 0\nset_flag V, MTE2, 0\nwait_flag V, MTE2, 0\ncopy_gm_ub b, r1, 1, 8, 0, 0\nend")
        // So does pipe_barrier(ALL).
        ok("ldparam r1, z\ncopy_ub_gm r1, a, 1, 8, 0, 0\npipe_barrier ALL\ncopy_gm_ub b, r1, 1, 8, 0, 0\nend")
    }

    func testByteExactOverlap() {
        // MTE3 writes z[0, 32), MTE2 reads z[32, 64) and x: no common byte, no race.
        ok("ldparam r1, z\nldparam r2, x\ncopy_ub_gm r1, a, 1, 1, 0, 0\nadd r1, r1, 32\ncopy_gm_ub b, r1, 1, 1, 0, 0\ncopy_gm_ub b, r2, 1, 8, 0, 0\nend")
        // One byte in common (a padded read of z[31, 32)) is a race at z+31.
        let e = error("ldparam r1, z\ncopy_ub_gm r1, a, 1, 1, 0, 0\nadd r1, r1, 31\ncopy_gm_ub_pad b, r1, 1, 1, 0, 0\nend")
        XCTAssertEqual(e?.id, "race.gm-pipes")
        XCTAssertEqual(e?.addresses, [0x1200 + 31])
        XCTAssertEqual(e?.message.hasPrefix("copy_ub_gm in MTE3 writes GM 0x121f (z+31) while an unordered read"), true)
    }

    func testScalarStoreThenMTE2Read() {
        // stg runs at issue; the copy's MTE2 read later finds S's write unordered (a scalar store to
        // GM needs set_flag(S, MTE2) before a DMA may read it: brief "One vector core").
        let e = error("ldparam r1, z\nstg.u32 7, r1\ncopy_gm_ub b, r1, 1, 8, 0, 0\nend")
        XCTAssertEqual(e?.id, "race.gm-pipes")
        XCTAssertEqual(e?.message, "copy_gm_ub in MTE2 reads GM 0x1200 (z+0) while an unordered write of the same bytes by S may still run: add set_flag/wait_flag between them")
        XCTAssertEqual(e?.location, "t.asm:7:1")
        XCTAssertEqual(e?.pipe, .mte2)
        XCTAssertEqual(e?.notes, ["the write in S is at t.asm:6:1"])
        ok("ldparam r1, z\nstg.u32 7, r1\nset_flag S, MTE2, 0\nwait_flag S, MTE2, 0\ncopy_gm_ub b, r1, 1, 8, 0, 0\nend")
    }

    func testScalarLoadOfMTE3Write() {
        // ldg runs at issue, before the queued copy_ub_gm: the write then meets S's unordered read.
        let e = error("ldparam r1, z\ncopy_ub_gm r1, a, 1, 8, 0, 0\nldg.f32 r3, r1\nend")
        XCTAssertEqual(e?.id, "race.gm-pipes")
        XCTAssertEqual(e?.message, "copy_ub_gm in MTE3 writes GM 0x1200 (z+0) while an unordered read of the same bytes by S may still run: add set_flag/wait_flag between them")
        XCTAssertEqual(e?.location, "t.asm:6:1")
        XCTAssertEqual(e?.notes, ["the read in S is at t.asm:7:1"])
        ok("ldparam r1, z\ncopy_ub_gm r1, a, 1, 8, 0, 0\nset_flag MTE3, S, 0\nwait_flag MTE3, S, 0\nldg.f32 r3, r1\nend")
    }

    func testMTE2ReadThenScalarStore() {
        // Write after read: the store must wait until MTE2 has read.
        ok("ldparam r1, z\ncopy_gm_ub b, r1, 1, 8, 0, 0\nset_flag MTE2, S, 0\nwait_flag MTE2, S, 0\nstg.u32 7, r1\nend")
        let e = error("ldparam r1, z\ncopy_gm_ub b, r1, 1, 8, 0, 0\nstg.u32 7, r1\nend")
        XCTAssertEqual(e?.id, "race.gm-pipes")
        XCTAssertEqual(e?.location, "t.asm:6:1")
        XCTAssertEqual(e?.notes, ["the write in S is at t.asm:7:1"])
    }

    func testGatherPiecesAndAtomics() {
        // scatter_add into z (pieces at z+0 and z+64, offsets from UB a = zeros except a[1] = 64),
        // then gather_gm reads z+64 (its offset 64 at a+32) with no flag between MTE3 and MTE2.
        let e = error("""
        ldparam r1, z
        st.u32 64, a + 4
        st.u32 64, a + 32
        set_flag S, MTE3, 0
        wait_flag S, MTE3, 0
        scatter_add.f32 r1, b, a, 2, 32
        set_flag S, MTE2, 0
        wait_flag S, MTE2, 0
        gather_gm b + 128, r1, a + 32, 1, 32
        end
        """)
        XCTAssertEqual(e?.id, "race.gm-pipes")
        XCTAssertEqual(e?.message.hasPrefix("scatter_add.f32 in MTE3 writes GM 0x1240 (z+64) while an unordered read of the same bytes by MTE2"), true, e?.message ?? "")
        XCTAssertEqual(e?.notes, ["the read in MTE2 is at t.asm:13:1"])
    }

    func testInPlaceDoubleBufferedStreamHasNoFalseRace() {
        // vadd_db.asm writing its result over x: MTE3 writes tile k while MTE2 already reads tile
        // k + 1; the flag chain MTE2 -> V -> MTE3 orders tile k's read before its write. 3000 tiles
        // of 64 elements (256 B): the logs are pruned and compacted many times.
        let path = KernelTests.repo.appendingPathComponent("kernels/examples/vadd_db.asm").path
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return XCTFail("no vadd_db.asm") }
        let inPlace = text.replacingOccurrences(of: "ldparam pz, z", with: "ldparam pz, x")
        XCTAssertNotEqual(inPlace, text)
        let r = Assembler.assemble(source: Array(inPlace.utf8), path: "vadd_db.asm", options: AssemblerOptions(defines: ["TILE": "64"]))
        guard let p = r.program else { return XCTFail("\(r.diagnostics)") }
        let n = 64 * 3000
        let x = (0..<n).map { Float($0 % 1000) }, y = [Float](repeating: 1, count: n)
        guard let rep = T.ok(T.run(p, ["x": .gm(bytes: T.bytes(x)), "y": .gm(bytes: T.bytes(y)), "z": T.zeros(4), "n": .int(Int64(n))])) else { return }
        XCTAssertEqual(rep.floats("x"), x.map { $0 + 1 })
    }

    func testChecksOffSkipsIt() {
        let p = T.asm(xz + "ldparam r1, z\ncopy_ub_gm r1, a, 1, 8, 0, 0\ncopy_gm_ub b, r1, 1, 8, 0, 0\nend")
        _ = T.ok(T.run(p, args, options: RunOptions(checks: false)))
    }
}
