import XCTest
import ISA
@testable import Interpreter

/// Semantics of each opcode group against values computed by hand.
final class SemanticsTests: XCTestCase {
    /// Copies `input` into UB byte 0, runs `body` on V, returns `outBytes` UB bytes from `outAt`.
    func ub(_ input: [UInt8], _ body: String, outAt: Int, outBytes: Int, options: RunOptions? = nil,
            file: StaticString = #filePath, line: UInt = #line) -> [UInt8] {
        let inBytes = max(input.count, 32)
        let src = """
        .param in, gm
        .param out, gm
                ldparam r1, in
                ldparam r2, out
                copy_gm_ub_pad 0, r1, 1, \(inBytes), 0, 0
                set_flag MTE2, V, 0
                wait_flag MTE2, V, 0
        \(body)
                set_flag V, MTE3, 0
                wait_flag V, MTE3, 0
                copy_ub_gm_pad r2, \(outAt), 1, \(outBytes), 0, 0
                end
        """
        let args: [String: KernelArgument] = ["in": .gm(bytes: input + [UInt8](repeating: 0, count: inBytes - input.count)), "out": T.zeros(outBytes)]
        guard let r = T.ok(T.run(T.asm(src, file: file, line: line), args, options: options), file: file, line: line) else { return [] }
        return r.outputs["out"] ?? []
    }

    func u32s(_ b: [UInt8]) -> [UInt32] {
        var out: [UInt32] = []
        for i in stride(from: 0, to: b.count - 3, by: 4) {
            var x: UInt32 = 0
            for k in 0..<4 { x |= UInt32(b[i + k]) << UInt32(8 * k) }
            out.append(x)
        }
        return out
    }
    func floats(_ b: [UInt8]) -> [Float] { u32s(b).map { Float(bitPattern: $0) } }

    // MARK: Scalar

    func testScalarIntegerOps() {
        // Results stored with st.i64 to UB 256.. (away from the input copy at 0..31) and copied out.
        let body = """
                mov r3, -7
                div r4, r3, 2
                st.i64 r4, 256
                rem r4, r3, 2
                st.i64 r4, 264
                shr r4, r3, 60
                st.i64 r4, 272
                sar r4, r3, 1
                st.i64 r4, 280
                cset r4, r3, -7, le
                st.i64 r4, 288
                mov r5, 0x7fffffffffffffff
                add r4, r5, 1
                st.i64 r4, 296
                set_flag S, MTE3, 1
                wait_flag S, MTE3, 1
        """
        let out = ub([], body, outAt: 256, outBytes: 48)
        var v: [Int64] = []
        for i in stride(from: 0, to: out.count, by: 8) {
            var x: UInt64 = 0
            for k in 0..<8 { x |= UInt64(out[i + k]) << UInt64(8 * k) }
            v.append(Int64(bitPattern: x))
        }
        // -7/2 = -3 (toward zero); -7 % 2 = -1 (sign of the dividend); logical >> 60 of 0xfff..f9 = 15;
        // arithmetic >> 1 = -4; -7 <= -7 = 1; Int64.max + 1 wraps to Int64.min.
        XCTAssertEqual(v, [-3, -1, 15, -4, 1, Int64.min])
    }

    func testScalarFloatOps() {
        let body = """
                fmov r3, 1.5
                fmul r4, r3, 3.0
                st.f32 r4, 256
                fdiv r4, r3, 0.0
                st.f32 r4, 260
                mov r5, -3
                itof r4, r5
                st.f32 r4, 264
                fmov r6, -2.5
                ftoi r7, r6, rn
                st.i32 r7, 268
                ftoi r7, r6, ra
                st.i32 r7, 272
                ftoi r7, r6, floor
                st.i32 r7, 276
                st.f16 r3, 280
                ld.f16 r8, 280
                st.f32 r8, 284
                set_flag S, MTE3, 1
                wait_flag S, MTE3, 1
        """
        let out = ub([], body, outAt: 256, outBytes: 32)
        let f = floats(out)
        XCTAssertEqual(f[0], 4.5)
        XCTAssertEqual(f[1], .infinity)
        XCTAssertEqual(f[2], -3)
        // -2.5: nearest even -2, ties away -3, floor -3.
        XCTAssertEqual(u32s(out)[3..<6].map { Int32(bitPattern: $0) }, [-2, -3, -3])
        // 1.5 as f16 is 0x3e00, stored at byte 24; loaded back it is 1.5.
        XCTAssertEqual(out[24], 0x00); XCTAssertEqual(out[25], 0x3e)
        XCTAssertEqual(f[7], 1.5)
    }

    // MARK: Vector arithmetic

    func testVectorArithF32() {
        let a: [Float] = (0..<8).map { Float($0) - 3 }        // -3 ... 4
        let b: [Float] = (0..<8).map { Float($0) * 0.5 + 1 }  // 1 ... 4.5
        let body = """
                vadd.f32 512, 0, 32, 8
                vsub.f32 544, 0, 32, 8
                vmul.f32 576, 0, 32, 8
                vdiv.f32 608, 0, 32, 8
                vmax.f32 640, 0, 32, 8
                vmin.f32 672, 0, 32, 8
                vmov.f32 704, 32, 8
                vmla.f32 704, 0, 32, 8
                vaxpy.f32 736, 0, 2.0, 8
                vmuls.f32 768, 0, -1.0, 8
                vci.f32 800, 0.5, 8
        """
        let f = floats(ub(T.bytes(a) + T.bytes(b), body, outAt: 512, outBytes: 320))
        func lane(_ k: Int) -> [Float] { Array(f[k * 8 ..< k * 8 + 8]) }
        XCTAssertEqual(lane(0), zip(a, b).map { $0 + $1 })
        XCTAssertEqual(lane(1), zip(a, b).map { $0 - $1 })
        XCTAssertEqual(lane(2), zip(a, b).map { $0 * $1 })
        XCTAssertEqual(lane(3), zip(a, b).map { $0 / $1 })
        XCTAssertEqual(lane(4), zip(a, b).map { max($0, $1) })
        XCTAssertEqual(lane(5), zip(a, b).map { min($0, $1) })
        XCTAssertEqual(lane(6), zip(a, b).map { $1 + $0 * $1 })   // dst = b, then dst + a*b
        XCTAssertEqual(lane(7), a.map { 0 + $0 * 2 })              // 736 was zero
        XCTAssertEqual(lane(8), a.map { -$0 })
        XCTAssertEqual(lane(9), (0..<8).map { 0.5 + Float($0) })
    }

    func testVectorIntegerWrapsAndUnsignedMax() {
        let a: [UInt32] = [0xffff_ffff, 1, 0x8000_0000, 5, 0, 0, 0, 0]
        let b: [UInt32] = [1, 2, 1, 0xffff_fffe, 0, 0, 0, 0]
        let body = """
                vadd.u32 512, 0, 32, 8
                vmax.u32 544, 0, 32, 8
                vmax.i32 576, 0, 32, 8
                vand.i32 608, 0, 32, 8
                vor.u32 640, 0, 32, 8
                vmuls.i32 672, 0, 3, 8
        """
        let u = u32s(ub(T.bytes(a) + T.bytes(b), body, outAt: 512, outBytes: 192))
        XCTAssertEqual(Array(u[0..<4]), [0, 3, 0x8000_0001, 3])                    // wraps
        XCTAssertEqual(Array(u[8..<12]), [0xffff_ffff, 2, 0x8000_0000, 0xffff_fffe]) // unsigned
        XCTAssertEqual(Array(u[16..<20]), [1, 2, 1, 5])                             // signed: -1 < 1, INT_MIN < 1, -2 < 5
        XCTAssertEqual(Array(u[24..<28]), [1, 0, 0, 4])
        XCTAssertEqual(Array(u[32..<36]), [0xffff_ffff, 3, 0x8000_0001, 0xffff_ffff])
        XCTAssertEqual(Array(u[40..<44]), [0xffff_fffd, 3, 0x8000_0000, 15])
    }

    func testVectorF16RoundsOnce() {
        // f16: 1 + 2^-11 is not representable: 1.0 (0x3c00) + 0x1p-11 (0x1000) rounds to even -> 1.0;
        // 1 + 3*2^-11 (0x1600 = 1.5 x 2^-10) is 1.5 ulp: tie to even -> 1 + 2^-9 (0x3c02).  2048 + 1 -> 2048 (ties to even); 65504 + 32 -> inf.
        let a: [UInt16] = [0x3c00, 0x3c00, 0x6800, 0x7bff]
        let b: [UInt16] = [0x1000, 0x1600, 0x3c00, 0x5000]
        let out = T.u16(ub(T.halves(a + [UInt16](repeating: 0, count: 12)) + T.halves(b), "        vadd.f16 512, 0, 32, 4", outAt: 512, outBytes: 8))
        XCTAssertEqual(out, [0x3c00, 0x3c02, 0x6800, 0x7c00])
    }

    // MARK: Compare, select, masks

    func testCompareSelectMasks() {
        let a: [Float] = [1, 5, .nan, 3, 3, -1, 7, 0, 9, 2]
        let body = """
                vcmps.f32 512, 0, 3.0, 10, ge
                vcmps.f32 544, 0, 3.0, 10, ne
                mnot 576, 512, 10
                mand 608, 512, 544, 10
                vdup.f32 640, -9.0, 16
                vsel.f32 704, 512, 0, 640, 10
                vsels.f32 768, 512, 0, 100.0, 10
        """
        var input = T.bytes(a)
        input += [UInt8](repeating: 0, count: 64 - input.count)
        let out = ub(input, body, outAt: 512, outBytes: 320)
        // ge 3: [F,T,F(NaN),T,T,F,T,F,T,F] -> bits 1,3,4,6,8 -> 0b0101_1010 = 0x5a, 0b01 = 0x01.
        XCTAssertEqual(Array(out[0..<2]), [0x5a, 0x01])
        // ne 3: NaN is ne: [T,T,T,F,F,T,T,T,T,T] -> 0b1110_0111 = 0xe7, 0b11 = 0x03.
        XCTAssertEqual(Array(out[32..<34]), [0xe7, 0x03])
        // not: ~0x5a = 0xa5; high bits of the last byte cleared: ~0x01 & 0x03 = 0x02.
        XCTAssertEqual(Array(out[64..<66]), [0xa5, 0x02])
        XCTAssertEqual(Array(out[96..<98]), [0x5a & 0xe7, 0x01 & 0x03])
        let sel = floats(Array(out[192..<232]))
        XCTAssertEqual(sel, [-9, 5, -9, 3, 3, -9, 7, -9, 9, -9])
        let sels = floats(Array(out[256..<296]))
        XCTAssertEqual(sels, [100, 5, 100, 3, 3, 100, 7, 100, 9, 100])
    }

    // MARK: Conversion

    func testConversionsWithRoundingModes() {
        let a: [Float] = [2.5, -2.5, 1e10, .nan, 0.1, 3.7, -3.7, 65520]
        let body = """
                vcvt.i32.f32 512, 0, 8, rn
                vcvt.i32.f32 544, 0, 8, ra
                vcvt.i32.f32 576, 0, 8, floor
                vcvt.i32.f32 608, 0, 8, ceil
                vcvt.i32.f32 640, 0, 8, rz
                vcvt.f16.f32 672, 0, 8, rn
                vcvt.f16.f32 704, 0, 8, rz
                vcvt.f32.f16 736, 672, 8, rn
        """
        let out = ub(T.bytes(a), body, outAt: 512, outBytes: 256)
        let i = u32s(out).map { Int32(bitPattern: $0) }
        XCTAssertEqual(Array(i[0..<8]), [2, -2, Int32.max, 0, 0, 4, -4, 65520])
        XCTAssertEqual(Array(i[8..<16]), [3, -3, Int32.max, 0, 0, 4, -4, 65520])
        XCTAssertEqual(Array(i[16..<24]), [2, -3, Int32.max, 0, 0, 3, -4, 65520])
        XCTAssertEqual(Array(i[24..<32]), [3, -2, Int32.max, 0, 1, 4, -3, 65520])
        XCTAssertEqual(Array(i[32..<40]), [2, -2, Int32.max, 0, 0, 3, -3, 65520])
        // f16 rn: 2.5 0x4100, -2.5 0xc100, 1e10 inf 0x7c00, NaN 0x7e00, 0.1 0x2e66, 3.7 0x4366, -3.7 0xc366, 65520 -> inf.
        let h = T.u16(Array(out[160..<176]))
        XCTAssertEqual(h, [0x4100, 0xc100, 0x7c00, 0x7e00, 0x2e66, 0x4366, 0xc366, 0x7c00])
        // rz: 1e10 and 65520 -> 65504 (0x7bff); 0.1 -> 0x2e66 (0.0999755859 below 0.1); 3.7 -> 0x4366 (3.69921875).
        let hz = T.u16(Array(out[192..<208]))
        XCTAssertEqual(hz, [0x4100, 0xc100, 0x7bff, 0x7e00, 0x2e66, 0x4366, 0xc366, 0x7bff])
        let back = floats(Array(out[224..<256]))
        XCTAssertEqual(back[0], 2.5)
        XCTAssertEqual(back[4], 0.0999755859375)
        XCTAssertEqual(back[2], .infinity)
    }

    func testIntToFloatRoundingAndSaturatingIntConversions() {
        // 16777217 = 2^24 + 1 is not an f32: rn -> 16777216 (even), ceil -> 16777218.
        let a: [Int32] = [16_777_217, -1, 2049, 0, 0, 0, 0, 0]
        let body = """
                vcvt.f32.i32 512, 0, 8, rn
                vcvt.f32.i32 544, 0, 8, ceil
                vcvt.u32.i32 576, 0, 8, rn
                vcvt.f16.i32 608, 0, 8, rn
        """
        let out = ub(T.bytes(a), body, outAt: 512, outBytes: 128)
        XCTAssertEqual(floats(Array(out[0..<12])), [16_777_216, -1, 2049])
        XCTAssertEqual(floats(Array(out[32..<44])), [16_777_218, -1, 2049])
        XCTAssertEqual(u32s(Array(out[64..<76])), [16_777_217, 0, 2049])   // negative saturates to 0
        // 2049 in f16 (ulp 2 above 2048): tie -> 2048 = 0x6800; -1 = 0xbc00.
        XCTAssertEqual(T.u16(Array(out[96..<102])), [0x7c00, 0xbc00, 0x6800])
    }

    // MARK: Reduction and broadcast

    func testVredsumOrder() {
        // 65 elements: repeat 0 = 64 elements, repeat 1 = 1 element. Values 1e8 at 0, 1 at 1..63, -1e8 at 64.
        // Pairwise within repeat 0: (1e8 + 1) rounds to 1e8 in f32, the 62 ones sum exactly to 62 in
        // their own subtrees... tree: level 1 pairs (x0+x1)=1e8, (1+1)=2 ... The 32 pair sums are 1e8, 2 x 31;
        // level 2: 1e8 + 2 = 100000002 (representable: f32 spacing at 1e8 is 8, so it rounds to 1e8), 4 x 15;
        // every level adds the 1e8 branch to a small branch below its half-ulp of 4 except the last:
        // level 3: 1e8 + 4 -> tie to even: 100000000 (even mantissa) = 1e8; level 4: 1e8 + 8 = 100000008;
        // level 5: 100000008 + 16 = 100000024; level 6: 100000024 + 32 = 100000056.
        // repeat sums: 100000056 + (-1e8) = 56.  A left-to-right sum would give 1e8 + 63 -> 100000064 - 1e8 = 64.
        var a = [Float](repeating: 1, count: 65)
        a[0] = 1e8
        a[64] = -1e8
        var input = T.bytes(a)
        input += [UInt8](repeating: 0, count: 512 - input.count)
        let out = floats(ub(input, "        vredsum.f32 512, 0, 65", outAt: 512, outBytes: 4))
        XCTAssertEqual(out, [56])
    }

    func testGroupSumAndBroadcast() {
        let a: [Float] = [1, 2, 3, 4, 5, 6, 7, 8]
        let body = """
                vgsum.f32 512, 0, 4, 8
                vbcast.f32 544, 0, 3, 8
                vredsum.i32 576, 32, 8
        """
        let ints: [Int32] = [0x7fff_ffff, 1, 5, 0, 0, 0, 0, 0]
        let out = ub(T.bytes(a) + T.bytes(ints), body, outAt: 512, outBytes: 96)
        XCTAssertEqual(floats(Array(out[0..<8])), [10, 26])
        XCTAssertEqual(floats(Array(out[32..<64])), [1, 1, 1, 2, 2, 2, 3, 3])
        XCTAssertEqual(u32s(Array(out[64..<68])), [0x8000_0005])   // wraps
    }

    // MARK: Gather

    func gatherInput() -> [UInt8] {
        // UB 0..63: bytes 0, 1, 2, ... 63 (the source table); offsets at 64.
        (0..<64).map { UInt8($0) }
    }

    func testGather2And4Byte() {
        let offs: [UInt32] = [6, 0, 62, 2, 30, 0, 0, 0]
        let body = """
                gather.f16 512, 0, 64, 5
                gather.u32 544, 0, 64, 4
        """
        let out = ub(gatherInput() + T.bytes(offs), body, outAt: 512, outBytes: 64)
        // 2-byte elements at byte 6, 0, 62, 2, 30: little-endian pairs.
        XCTAssertEqual(T.u16(Array(out[0..<10])), [0x0706, 0x0100, 0x3f3e, 0x0302, 0x1f1e])
        // 4-byte elements at byte 6, 0, 62 (2-byte aligned; straddles? 62 mod 32 = 30: the quirk), 2.
        // 62: bytes 62, 63 then the first 2 bytes of the same 32-byte block (32, 33): 0x2120_3f3e.
        XCTAssertEqual(u32s(Array(out[32..<48])), [0x0908_0706, 0x0302_0100, 0x2120_3f3e, 0x0504_0302])
    }

    func testGatherWithoutQuirkReadsStraight() {
        var m = T.machine()
        m.gatherQuirk = false
        let offs: [UInt32] = [30, 0, 0, 0, 0, 0, 0, 0]
        let src = """
        .param in, gm
        .param out, gm
                ldparam r1, in
                ldparam r2, out
                copy_gm_ub 0, r1, 1, 3, 0, 0
                set_flag MTE2, V, 0
                wait_flag MTE2, V, 0
                gather.u32 512, 0, 64, 1
                set_flag V, MTE3, 0
                wait_flag V, MTE3, 0
                copy_ub_gm r2, 512, 1, 1, 0, 0
                end
        """
        let r = T.ok(T.run(T.asm(src), ["in": .gm(bytes: gatherInput() + T.bytes(offs)), "out": T.zeros(32)], machine: m))
        XCTAssertEqual(r?.ints("out").first.map { UInt32(bitPattern: $0) }, 0x2120_1f1e)
    }

    // MARK: DMA

    func testCopiesWithGapsAndPad() {
        // GM x = bytes 0..255. copy_gm_ub: 2 blocks of 32 bytes, skipping 32 bytes in GM after each,
        // 1 block (32 bytes) of gap in UB: UB 0..31 = x[0..31], UB 64..95 = x[64..95].
        // copy_gm_ub_pad: 2 blocks of 5 bytes, 3 bytes apart in GM: x[100..104] -> UB 128, x[108..112] -> UB 160.
        // Out: pad copy of UB 0..191 in one block.
        let src = """
        .param x, gm
        .param z, gm
                ldparam r1, x
                ldparam r2, z
                copy_gm_ub 0, r1, 2, 1, 1, 1
                add r3, r1, 100
                copy_gm_ub_pad 128, r3, 2, 5, 3, 0
                set_flag MTE2, MTE3, 0
                wait_flag MTE2, MTE3, 0
                copy_ub_gm_pad r2, 0, 2, 16, 2, 8
                end
        """
        // Out: 2 blocks of 16 bytes; UB blocks at 0 and 0 + 32 + 2*32 = 96; GM blocks at z and z + 16 + 8 = z + 24.
        let x = (0..<256).map { UInt8($0) }
        guard let r = T.ok(T.run(T.asm(src), ["x": .gm(bytes: x), "z": T.zeros(48)])) else { return }
        let z = r.outputs["z"]!
        XCTAssertEqual(Array(z[0..<16]), Array(x[0..<16]))
        XCTAssertEqual(Array(z[16..<24]), [UInt8](repeating: 0, count: 8))
        XCTAssertEqual(Array(z[24..<40]), [UInt8](repeating: 0, count: 16))   // UB 96..111 was never written
        _ = r
    }

    func testPadCopyIntoUB() {
        let src = """
        .param x, gm
        .param z, gm
                ldparam r1, x
                ldparam r2, z
                add r3, r1, 100
                copy_gm_ub_pad 0, r3, 2, 5, 3, 0
                set_flag MTE2, MTE3, 0
                wait_flag MTE2, MTE3, 0
                copy_ub_gm r2, 0, 1, 2, 0, 0
                end
        """
        let x = (0..<256).map { UInt8($0) }
        guard let r = T.ok(T.run(T.asm(src), ["x": .gm(bytes: x), "z": T.zeros(64)])) else { return }
        let z = r.outputs["z"]!
        // Block 0: x[100..<105] at UB 0; block 1: x[108..<113] at UB 32 (blocks start 32-byte aligned).
        XCTAssertEqual(Array(z[0..<6]), [100, 101, 102, 103, 104, 0])
        XCTAssertEqual(Array(z[32..<38]), [108, 109, 110, 111, 112, 0])
    }

    func testGatherGMAndScatterAddF16() {
        // gather_gm 2 pieces of 4 bytes at offsets 8 and 0 of x; scatter_add.f16 them into z at 2 and 2.
        let src = """
        .param x, gm
        .param z, gm.f16
                ldparam r1, x
                ldparam r2, z
                st.u32 8, 0
                st.u32 0, 4
                st.u32 2, 32
                st.u32 2, 36
                set_flag S, MTE2, 0
                wait_flag S, MTE2, 0
                set_flag S, MTE3, 0
                wait_flag S, MTE3, 0
                gather_gm 64, r1, 0, 2, 4
                set_flag MTE2, MTE3, 0
                wait_flag MTE2, MTE3, 0
                scatter_add.f16 r2, 64, 32, 2, 4
                end
        """
        // x halves: [1.0, 2.0, 0.5, 0.25, 3.0, 4.0]: bytes 8..11 = (3.0, 4.0), bytes 0..3 = (1.0, 2.0).
        let x = T.halves([0x3c00, 0x4000, 0x3800, 0x3400, 0x4200, 0x4400])
        // z = [10, 0, 0, 0] halves. Adds at byte 2: (3 + 1) into z[1] and (4 + 2) into z[2].
        let z = T.halves([0x4900, 0, 0, 0])
        guard let r = T.ok(T.run(T.asm(src), ["x": .gm(bytes: x), "z": .gm(bytes: z)])) else { return }
        XCTAssertEqual(T.u16(r.outputs["z"]!), [0x4900, 0x4400, 0x4600, 0])   // 10, 4, 6, 0
    }
}
