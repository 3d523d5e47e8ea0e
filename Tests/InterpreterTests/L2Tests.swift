import XCTest
import Foundation
import ISA
@testable import Interpreter

/// The L2 cache of the timing model (docs/CycleModel.md, "L2"), computed by hand with the 910b2c
/// constants: request 51.07 cycles, MTE2 58.6 B/cycle, MTE3 109 B/cycle, HBM 1000 B/cycle, read
/// latency 241, write latency 96; L2 lines of 512 B filled in 32 B sectors, LRU.
/// Tests that need misses to be slow use a machine with HBM at 10 B/cycle, so a miss moves at
/// 10 B/cycle and a hit at the MTE2 rate: 32768 B take 3276.8 cycles missing, 559.1808874 hitting.
final class L2Tests: XCTestCase {
    func cycles(_ src: String, _ args: [String: KernelArgument], cores: Int = 1, machine: Machine? = nil,
                file: StaticString = #filePath, line: UInt = #line) -> RunReport? {
        T.ok(T.run(T.asm(src, file: file, line: line), args, cores: cores, machine: machine), file: file, line: line)
    }

    /// A single-core machine whose HBM is slow (10 B/cycle) and whose L2 holds `l2Bytes`.
    func slowHBM(l2Bytes: Int) -> Machine {
        var m = T.machine()
        m.gmBytesPerCycle = 10
        m.l2Bytes = l2Bytes
        return m
    }

    let hit32K: Double = 32768 / 58.6      // 559.1808874
    let miss32K: Double = 32768 / 10.0     // 3276.8

    // MARK: Many cores

    /// Each core reads its own 32 KB (first touch), then after sync_all the chunk of core 19 - c.
    let rereadKernel = """
    .param x, gm
    ldparam r1, x
    coreid r2
    mul r3, r2, 32768
    add r3, r1, r3
    copy_gm_ub 0, r3, 1, 1024, 0, 0
    mul r4, r2, -32768
    add r4, r4, 622592
    add r4, r1, r4
    sync_all
    copy_gm_ub 32768, r4, 1, 1024, 0, 0
    end
    """

    func testReReadByManyCoresIsFasterThanFirstTouch() {
        // Epoch 1 (as CycleTests.testBandwidthSharedByTwentyCores): copy issued at 6, bytes from
        // 57.07, 20 misses share 1000 B/cycle = 50 each: 32768 / 50 = 655.36 -> 712.43, data
        // at 953.43. sync_all (issued at 11) arrives at 953.43, releases at 953.43 + 600 = 1553.43.
        // Epoch 2: copy issued 1554.43, bytes from 1605.5. Every line is resident (epoch 1 read all
        // 20 chunks): hits at 58.6 each -> 1605.5 + 559.1808874 = 2164.6808874, + 241 = 2405.6808874.
        let args = ["x": T.zeros(20 * 32768)]
        let r = cycles(rereadKernel, args, cores: 20)
        XCTAssertEqual(r?.kernelCycles ?? 0, 1605.5 + hit32K + 241, accuracy: 1e-6)
        XCTAssertEqual(r?.kernelCycles ?? 0, 2405.6808874, accuracy: 1e-6)
        // Same kernel without an L2: epoch 2 misses too, 655.36 -> 1605.5 + 655.36 + 241 = 2501.86.
        var off = T.machine(cores: 20)
        off.l2Bytes = 0
        XCTAssertEqual(cycles(rereadKernel, args, cores: 20, machine: off)?.kernelCycles ?? 0, 2501.86, accuracy: 1e-6)
        // MTE2 busy of a core: epoch 1 51.07 + 655.36, epoch 2 51.07 + 559.1808874.
        XCTAssertEqual(r?.cores[7].busy.mte2 ?? 0, 2 * 51.07 + 655.36 + hit32K, accuracy: 1e-6)
    }

    func testTwentyCoresReadingTheSameBytesAtOnce() {
        // All 20 start moving bytes at 57.07; ties are decided by core: core 0 misses (and
        // allocates the lines), cores 1-19 hit. Hits use no HBM, so everyone moves at 58.6:
        // 57.07 + 559.1808874 + 241 = 857.2508874, as fast as one core alone (distinct data: 953.43).
        let src = ".param x, gm\nldparam r1, x\ncoreid r2\nmul r2, r2, 0\nadd r1, r1, r2\ncopy_gm_ub 0, r1, 1, 1024, 0, 0\nend"
        let r = cycles(src, ["x": T.zeros(32768)], cores: 20)
        XCTAssertEqual(r?.kernelCycles ?? 0, 857.2508874, accuracy: 1e-6)
        XCTAssertEqual(r?.cores[0].cycles ?? 0, 857.2508874, accuracy: 1e-6)
    }

    func testAggregateHitBandwidthLimit() {
        // As above with l2BytesPerCycle = 500: core 0's miss moves at 58.6 (it has no hits);
        // 19 hitting cores want 19 x 58.6 = 1113.4 > 500 and get 500 / 19 each:
        // 32768 x 19 / 500 = 1245.184 -> 57.07 + 1245.184 + 241 = 1543.254. Core 0: 857.2508874.
        let src = ".param x, gm\nldparam r1, x\ncoreid r2\nmul r2, r2, 0\nadd r1, r1, r2\ncopy_gm_ub 0, r1, 1, 1024, 0, 0\nend"
        var m = T.machine(cores: 20)
        m.l2BytesPerCycle = 500
        let r = cycles(src, ["x": T.zeros(32768)], cores: 20, machine: m)
        XCTAssertEqual(r?.kernelCycles ?? 0, 1543.254, accuracy: 1e-6)
        XCTAssertEqual(r?.cores[0].cycles ?? 0, 857.2508874, accuracy: 1e-6)
    }

    // MARK: One core, slow HBM

    func testPartialHitSharesHBMInMissBytes() {
        // Read the first 16 KB (issued 2): 2 + 51.07 + 16384 / 10 = 1691.47. Then all 32 KB
        // (issued 3, starts when MTE2 is free): half its bytes miss, hbm = 0.5. It may use
        // min(58.6 x 0.5, 10) = 10 B/cycle of HBM, so it moves 10 / 0.5 = 20 B/cycle:
        // 1691.47 + 51.07 + 32768 / 20 = 3380.94, + 241 = 3621.94.
        let src = ".param x, gm\nldparam r1, x\ncopy_gm_ub 0, r1, 1, 512, 0, 0\ncopy_gm_ub 32768, r1, 1, 1024, 0, 0\nend"
        let r = cycles(src, ["x": T.zeros(32768)], machine: slowHBM(l2Bytes: 192 << 20))
        XCTAssertEqual(r?.kernelCycles ?? 0, 3621.94, accuracy: 1e-6)
    }

    /// Reads A, B, A of 32 KB each (x, x + 32K, x) in one MTE2 queue, issued at 3, 4, 5.
    let abaKernel = """
    .param x, gm
    ldparam r1, x
    add r2, r1, 32768
    copy_gm_ub 0, r1, 1, 1024, 0, 0
    copy_gm_ub 32768, r2, 1, 1024, 0, 0
    copy_gm_ub 65536, r1, 1, 1024, 0, 0
    end
    """

    func testCapacityEviction() {
        // L2 of 64 lines = 32 KB: B evicts all of A, the second A misses again:
        // 3 + 3 x 51.07 + 3 x 3276.8 + 241 = 10227.61.
        let small = cycles(abaKernel, ["x": T.zeros(65536)], machine: slowHBM(l2Bytes: 32768))
        XCTAssertEqual(small?.kernelCycles ?? 0, 3 + 3 * 51.07 + 3 * miss32K + 241, accuracy: 1e-6)
        XCTAssertEqual(small?.kernelCycles ?? 0, 10227.61, accuracy: 1e-6)
        // 96 lines: B's last 32 lines evict A's first 32; re-reading A, each miss evicts the least
        // recently used line, which is A's next line (A's lines are older than B's): all of A
        // misses again (LRU thrashing), 10227.61 as well.
        XCTAssertEqual(cycles(abaKernel, ["x": T.zeros(65536)], machine: slowHBM(l2Bytes: 49152))?.kernelCycles ?? 0, 10227.61, accuracy: 1e-6)
        // 128 lines = 64 KB hold A and B: the second A hits:
        // 3 + 3 x 51.07 + 2 x 3276.8 + 559.1808874 + 241 = 7509.9908874.
        let big = cycles(abaKernel, ["x": T.zeros(65536)], machine: slowHBM(l2Bytes: 65536))
        XCTAssertEqual(big?.kernelCycles ?? 0, 7509.9908874, accuracy: 1e-6)
    }

    func testReplacementIsLeastRecentlyUsed() {
        // 128 lines. Reads A, B, A (hit: A becomes most recent), C (64 lines: evicts B, the least
        // recently used; first-in-first-out would evict A), A (hit).
        // Issued at 4..8; 4 + 5 x 51.07 + 3 misses x 3276.8 + 2 hits x 559.1808874 + 241 = 11449.1117748.
        let src = """
        .param x, gm
        ldparam r1, x
        add r2, r1, 32768
        add r3, r1, 65536
        copy_gm_ub 0, r1, 1, 1024, 0, 0
        copy_gm_ub 32768, r2, 1, 1024, 0, 0
        copy_gm_ub 65536, r1, 1, 1024, 0, 0
        copy_gm_ub 98304, r3, 1, 1024, 0, 0
        copy_gm_ub 131072, r1, 1, 1024, 0, 0
        end
        """
        let r = cycles(src, ["x": T.zeros(98304)], machine: slowHBM(l2Bytes: 65536))
        XCTAssertEqual(r?.kernelCycles ?? 0, 4 + 5 * 51.07 + 3 * miss32K + 2 * hit32K + 241, accuracy: 1e-6)
        XCTAssertEqual(r?.kernelCycles ?? 0, 11449.1117748, accuracy: 1e-6)
    }

    func testWritesAllocateAndAreChargedToHBM() {
        // MTE3 writes 32 KB (issued 2) at the HBM's 10 B/cycle: 2 + 51.07 + 3276.8 = 3329.87; its
        // set_flag fires at 3329.87 + 96 = 3425.87. MTE2's wait runs [3425.87, 3426.87]; the read
        // of the same bytes hits: 3426.87 + 51.07 + 559.1808874 = 4037.1208874, + 241 = 4278.1208874.
        let src = """
        .param x, gm
        ldparam r1, x
        copy_ub_gm r1, 0, 1, 1024, 0, 0
        set_flag MTE3, MTE2, 0
        wait_flag MTE3, MTE2, 0
        copy_gm_ub 32768, r1, 1, 1024, 0, 0
        end
        """
        let r = cycles(src, ["x": T.zeros(32768)], machine: slowHBM(l2Bytes: 192 << 20))
        XCTAssertEqual(r?.kernelCycles ?? 0, 4278.1208874, accuracy: 1e-6)
    }

    func testWholeLineFillsWhenSectorsAreLines() {
        // l2SectorBytes = 512: a 64-byte read of a missing line fetches 512 B, hbm = 8, so it may
        // move min(58.6 x 8, 10) / 8 = 1.25 B/cycle: 64 / 1.25 = 51.2.
        // ldparam 1, copy issued 2: 2 + 51.07 + 51.2 + 241 = 345.27.
        var m = slowHBM(l2Bytes: 192 << 20)
        m.l2SectorBytes = 512
        let r = cycles(".param x, gm\nldparam r1, x\ncopy_gm_ub 0, r1, 1, 2, 0, 0\nend", ["x": T.zeros(512)], machine: m)
        XCTAssertEqual(r?.kernelCycles ?? 0, 345.27, accuracy: 1e-6)
        // With 32-byte sectors only the 64 bytes come from HBM: 64 / 10 = 6.4 -> 300.47.
        let s = cycles(".param x, gm\nldparam r1, x\ncopy_gm_ub 0, r1, 1, 2, 0, 0\nend", ["x": T.zeros(512)], machine: slowHBM(l2Bytes: 192 << 20))
        XCTAssertEqual(s?.kernelCycles ?? 0, 300.47, accuracy: 1e-6)
    }

    // MARK: The cache itself

    func testCacheSectorsAndLRU() {
        var m = T.machine()
        m.l2Bytes = 1024   // two lines
        guard var c = L2Cache(machine: m) else { return XCTFail("no L2") }
        func read(_ s: UInt64, _ e: UInt64) -> (Double, Double, Double) {
            let spans: [UInt64] = [s, e]
            return spans.withUnsafeBufferPointer { c.read($0) }
        }
        // [4096, 4160): two missing sectors: 64 miss bytes, 64 fill bytes, 64 bytes.
        XCTAssertTrue(read(4096, 4160) == (64, 64, 64))
        // [4128, 4224): the sector at 4128 is present, 4160..4224 (two sectors) miss.
        XCTAssertTrue(read(4128, 4224) == (64, 64, 96))
        XCTAssertTrue(read(4096, 4224) == (0, 0, 128))
        // A second line, then a third evicts the least recently used (the first).
        _ = read(4608, 4640)
        _ = read(5120, 5152)
        XCTAssertEqual(c.evictions, 1)
        XCTAssertFalse(c.contains(4096))
        XCTAssertTrue(c.contains(4608))
        XCTAssertTrue(c.contains(5120))
        XCTAssertEqual(c.count, 2)
        // No L2 below one line.
        m.l2Bytes = 0
        XCTAssertNil(L2Cache(machine: m))
    }

    // MARK: Machine JSON

    func testMachineFields() throws {
        let p = Machine.preset("910b2c")!
        // brief "Chip": L2 192 MB = 201326592 bytes; 512 B lines, 32 B sectors (assumptions).
        XCTAssertEqual(p.l2Bytes, 201_326_592)
        XCTAssertEqual(p.l2Lines, 393_216)
        XCTAssertEqual(p.l2SectorBytes, 32)
        XCTAssertEqual(p.l2BytesPerCycle, .infinity)
        func load(_ s: String) -> Result<Machine, MachineError> { Machine.fromJSON(Data(s.utf8), source: "m.json") }
        let m = try load(#"{"l2Bytes": 0, "l2LineBytes": 256, "l2SectorBytes": 64, "l2BytesPerCycle": 2000}"#).get()
        XCTAssertEqual(m.l2Lines, 0)
        XCTAssertEqual(m.l2LineBytes, 256)
        XCTAssertEqual(m.l2SectorBytes, 64)
        XCTAssertEqual(m.l2BytesPerCycle, 2000)
        XCTAssertEqual(try load(#"{"l2BytesPerCycle": null}"#).get().l2BytesPerCycle, .infinity)
        func err(_ s: String) -> String? { if case .failure(let e) = load(s) { return e.id + ": " + e.message }; return nil }
        XCTAssertEqual(err(#"{"l2LineBytes": 500}"#), "machine.range: m.json: field \"l2LineBytes\" must be a power of two, found 500")
        XCTAssertEqual(err(#"{"l2SectorBytes": 1024}"#), "machine.range: m.json: \"l2SectorBytes\" must divide \"l2LineBytes\" into 1 to 64 sectors (found 512 / 1024)")
        XCTAssertEqual(err(#"{"l2Bytes": -1}"#), "machine.range: m.json: field \"l2Bytes\" must be >= 0.0, found -1.0")
    }
}
