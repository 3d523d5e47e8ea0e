import XCTest
import ISA
@testable import Interpreter

/// The fast paths added for simulation speed (docs/Performance.md) against the general code
/// they replace: they must give the same bits, so that speed never changes a result.
final class SpeedPathTests: XCTestCase {
    /// `Half.fromFloatRN` (bit twiddling) against `Half.fromDouble(_, .rn)` (the general,
    /// Double-based rounding): every boundary class by hand, then a stride over all 2^32 floats.
    func testHalfNearestEvenMatchesGeneralRounding() {
        func check(_ bits: UInt32) {
            let f = Float(bitPattern: bits)
            let fast = Half.fromFloatRN(f), slow = Half.fromDouble(Double(f), .rn)
            if fast != slow { XCTFail("0x\(String(bits, radix: 16)) (\(f)): fast 0x\(String(fast, radix: 16)), general 0x\(String(slow, radix: 16))") }
        }
        // Hand-picked: zeros, the smallest subnormal and its halfway points, the normal/subnormal
        // border, 65504 (largest half), the halfway point 65520 to infinity, infinities, NaNs.
        let values: [Float] = [0, -0, 0x1p-24, 0x1p-25, 0x1.8p-25, 0x1p-26, 0x1.fffp-15, 0x1p-14, 0x1.ffcp-15,
                               1, 1.0009765625, 1.00048828125, 1.00146484375, 65504, 65519.99, 65520, 65536, 1e10,
                               .infinity, -.infinity, .nan, -.nan, .greatestFiniteMagnitude, .leastNonzeroMagnitude]
        for v in values { check(v.bitPattern); check((-v).bitPattern) }
        check(0x7f80_0001)  // signalling NaN
        check(0xffc0_1234)  // negative NaN with payload
        // Every 4093rd float (odd stride: every exponent, both signs, all low-bit patterns mixed).
        var b: UInt32 = 0
        var n = 0
        while true {
            check(b)
            n += 1
            let (next, overflow) = b.addingReportingOverflow(4093)
            if overflow { break }
            b = next
        }
        XCTAssertGreaterThan(n, 1_000_000)
    }

    /// `IntMap` against `Dictionary` under a random mix of sets, removals and lookups with
    /// colliding keys (the backward-shift deletion is the part that can go wrong).
    func testIntMapMatchesDictionary() {
        var m = IntMap(capacity: 4)
        var d: [UInt64: Int32] = [:]
        var rng: UInt64 = 12345
        func next() -> UInt64 { rng = rng &* 6364136223846793005 &+ 1442695040888963407; return rng >> 33 }
        for step in 0..<200_000 {
            // Keys from a small range (many collisions and reuse): runs of up to 40 consecutive
            // keys (the hash keeps runs of 16 together) at bases a multiple of 2^24 apart (the
            // hash's shift, so that bases collide in the table too).
            let key = (next() % 100) &* (1 << 24) &+ next() % 40
            switch next() % 3 {
            case 0:
                let v = Int32(truncatingIfNeeded: step)
                m.set(key, v); d[key] = v
            case 1:
                m.remove(key); d[key] = nil
            default:
                XCTAssertEqual(m[key], d[key], "step \(step) key \(key)")
            }
            if step % 10_000 == 0 { XCTAssertEqual(m.count, d.count) }
        }
        for (k, v) in d { XCTAssertEqual(m[k], v) }
        XCTAssertEqual(m.count, d.count)
    }
}

extension SpeedPathTests {
    /// `VectorCostIndex.of` is a hand-written switch: it must give each class's position in
    /// `allCases` (the timing phase indexes the machine's costs by it).
    func testVectorCostIndexIsThePositionInAllCases() {
        for (i, c) in VectorCostClass.allCases.enumerated() { XCTAssertEqual(Int(VectorCostIndex.of(c)), i, "\(c)") }
    }
}

extension SpeedPathTests {
    /// The gather's fast path checks each granule it read once, in address order; when one
    /// races it must fall back to the element-by-element check, which reports the FIRST element
    /// in element order (the documented rule). Element 0 reads src+64 and element 1 src+0, and
    /// MTE2 writes both granules unordered: the race is at [64, 96), not at the lower [0, 32).
    func testGatherRaceIsReportedAtTheFirstElementInOrder() {
        let p = T.asm("""
        .param x, gm
        .buffer src, 128
        .buffer off, 32
        .buffer dst, 32
                ldparam r1, x
                st.u32 64, off
                st.u32 0, off + 4
                set_flag S, V, 0
                wait_flag S, V, 0
                copy_gm_ub src, r1, 1, 4, 0, 0
                gather.f32 dst, src, off, 2
                end
        """)
        switch T.run(p, ["x": T.zeros(128)]) {
        case .success: XCTFail("expected race.ub")
        case .failure(let e):
            XCTAssertEqual(e.id, "race.ub")
            XCTAssertTrue(e.message.contains("gather.f32 in V reads UB bytes [64, 96) while an unordered write by MTE2"), e.message)
        }
        // Ordered by a flag, the same gather runs the fast path and returns the elements.
        let q = T.asm("""
        .param x, gm
        .param z, gm
        .buffer src, 128
        .buffer off, 32
        .buffer dst, 32
                ldparam r1, x
                ldparam r2, z
                st.u32 64, off
                st.u32 4, off + 4
                set_flag S, V, 1
                wait_flag S, V, 1
                copy_gm_ub src, r1, 1, 4, 0, 0
                set_flag MTE2, V, 0
                wait_flag MTE2, V, 0
                gather.f32 dst, src, off, 2
                set_flag V, MTE3, 0
                wait_flag V, MTE3, 0
                copy_ub_gm r2, dst, 1, 1, 0, 0
                end
        """)
        let x = (0..<32).map { Float($0) }
        switch T.run(q, ["x": .gm(bytes: T.bytes(x)), "z": T.zeros(32)]) {
        case .failure(let e): XCTFail("\(e)")
        case .success(let r):
            // dst[0] = x[64 / 4] = 16, dst[1] = x[4 / 4] = 1.
            XCTAssertEqual(Array(r.outputs["z"]![0..<8]), T.bytes([Float(16), Float(1)]))
        }
    }
}
