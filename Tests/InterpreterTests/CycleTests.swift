import XCTest
import ISA
@testable import Interpreter

/// Cycle counts computed by hand from docs/CycleModel.md with the 910b2c constants:
/// scalar 1, mul 2, branch 2, scalar UB 2, flag 1, barrier 16, sync_all 600; vadd 7 + 2.1/repeat,
/// vdup 1 + 1, vdiv 13 + 4; MTE2 58.6 B/cycle, MTE3 109 B/cycle, chip 1000 B/cycle; request
/// 51.07 cycles; latency 241 read / 96 write; misaligned 0.7; atomic conflict +15%.
/// Launch overhead is set to 0 (`T.machine`) except where tested.
final class CycleTests: XCTestCase {
    func cycles(_ src: String, _ args: [String: KernelArgument] = [:], cores: Int = 1, machine: Machine? = nil,
                file: StaticString = #filePath, line: UInt = #line) -> RunReport? {
        T.ok(T.run(T.asm(src, file: file, line: line), args, cores: cores, machine: machine), file: file, line: line)
    }

    func testScalarOnly() {
        // mov 1 + add 1 + add 1 + mul 2 + end 1 = 6.
        let r = cycles("mov r1, 0\nadd r1, r1, 1\nadd r1, r1, 1\nmul r1, r1, 3\nend")
        XCTAssertEqual(r?.kernelCycles ?? 0, 6, accuracy: 1e-9)
        XCTAssertEqual(r?.cores[0].busy.scalar ?? 0, 6, accuracy: 1e-9)
    }

    func testOneVectorInstruction() {
        // vadd issued at 1 (its issue cycle); 64 f32 = 1 repeat: 7 + 2.1 = 9.1 -> ends 10.1.
        // end issued at 2 waits for V: 10.1.
        let r = cycles("vadd.f32 0, 256, 512, 64\nend")
        XCTAssertEqual(r?.kernelCycles ?? 0, 10.1, accuracy: 1e-9)
        XCTAssertEqual(r?.cores[0].busy.vector ?? 0, 9.1, accuracy: 1e-9)
    }

    func testBackToBackHidesStartup() {
        // 128 f32 = 2 repeats. First: 1 + 7 + 4.2 = 12.2. Second issued at 2 (before 12.2): startup
        // hidden, 12.2 + 4.2 = 16.4.
        let r = cycles("vadd.f32 0, 1024, 2048, 128\nvadd.f32 512, 1024, 2048, 128\nend")
        XCTAssertEqual(r?.kernelCycles ?? 0, 16.4, accuracy: 1e-9)
    }

    func testBarrierDrainsAndRestoresStartup() {
        // vadd [1, 12.2]; pipe_barrier V issued at 2 with work outstanding: [12.2, 28.2];
        // vadd issued at 3, not back to back with a vector op: 28.2 + 7 + 4.2 = 39.4.
        let r = cycles("vadd.f32 0, 1024, 2048, 128\npipe_barrier V\nvadd.f32 512, 1024, 2048, 128\nend")
        XCTAssertEqual(r?.kernelCycles ?? 0, 39.4, accuracy: 1e-9)
    }

    func testCostClasses() {
        // vdiv 64 f32: 1 + 13 + 4 = 18.   vcmp eq (fast) 64 f32: 1 + 3 + 1 = 5.   vcmp ge (slow): 1 + 10 + 2 = 13.
        // gather.f16 of 128 elements (1 repeat of 256 B): 1 + 6.6 + 52.17 = 59.77 (slope calibrated to the
        // paper's 424 GB/s UB gather, docs/CycleModel.md; offsets are zeros: all read element 0).
        XCTAssertEqual(cycles("vdiv.f32 0, 256, 512, 64\nend")?.kernelCycles ?? 0, 18, accuracy: 1e-9)
        XCTAssertEqual(cycles("vcmp.f32 0, 256, 512, 64, eq\nend")?.kernelCycles ?? 0, 5, accuracy: 1e-9)
        XCTAssertEqual(cycles("vcmp.f32 0, 256, 512, 64, ge\nend")?.kernelCycles ?? 0, 13, accuracy: 1e-9)
        XCTAssertEqual(cycles("gather.f16 0, 1024, 2048, 128\nend")?.kernelCycles ?? 0, 59.77, accuracy: 1e-9)
    }

    func testVectorToScalarFlag() {
        // vdup [1, 3] (1 + 1). set_flag V,S issued 2, runs [3, 4], fires at 4. wait_flag V,S issued at 3:
        // scalar resumes at 4 + 1 = 5. end at 6.
        let r = cycles("vdup.f32 0, 1.0, 64\nset_flag V, S, 0\nwait_flag V, S, 0\nend")
        XCTAssertEqual(r?.kernelCycles ?? 0, 6, accuracy: 1e-9)
    }

    func testOneReadCopy() {
        // ldparam 1, copy issued at 2. 1 request: 2 + 51.07 = 53.07; 256 B at 58.6 B/cycle = 4.3686007;
        // bytes done at 57.4386007, data complete +241 = 298.4386007. MTE2 busy = 55.4386007.
        let r = cycles(".param x, gm\nldparam r1, x\ncopy_gm_ub 0, r1, 1, 8, 0, 0\nend", ["x": T.zeros(256)])
        XCTAssertEqual(r?.kernelCycles ?? 0, 2 + 51.07 + 256 / 58.6 + 241, accuracy: 1e-9)
        XCTAssertEqual(r?.kernelCycles ?? 0, 298.4386007, accuracy: 1e-6)
        XCTAssertEqual(r?.cores[0].busy.mte2 ?? 0, 55.4386007, accuracy: 1e-6)
        XCTAssertEqual(r?.cores[0].ratios.mte2 ?? 0, 55.4386007 / 298.4386007, accuracy: 1e-9)
    }

    func testOneWriteCopy() {
        // 2 + 51.07 = 53.07; 256 / 109 = 2.3486239 -> 55.4186239; + 96 write latency = 151.4186239.
        let r = cycles(".param z, gm\nldparam r1, z\ncopy_ub_gm r1, 0, 1, 8, 0, 0\nend", ["z": T.zeros(256)])
        XCTAssertEqual(r?.kernelCycles ?? 0, 151.4186239, accuracy: 1e-6)
    }

    func testMisalignedCopy() {
        // GM x + 384: the 256 bytes span [384, 640) of x, two 512-byte regions for one region's worth:
        // misaligned, 256 / 0.7 = 365.714 effective bytes / 58.6 = 6.2408581.
        // ldparam 1 + add 1 + copy 1 = 3; 3 + 51.07 + 6.2408581 + 241 = 301.3108581.
        let r = cycles(".param x, gm\nldparam r1, x\nadd r1, r1, 384\ncopy_gm_ub 0, r1, 1, 8, 0, 0\nend", ["x": T.zeros(1024)])
        XCTAssertEqual(r?.kernelCycles ?? 0, 301.3108581, accuracy: 1e-6)
    }

    func testRoundingTo32Bytes() {
        // 40 bytes at x + 8 cover [0, 64) after rounding out to 32 B: 64 / 58.6 = 1.0921502.
        // 3 + 51.07 + 1.0921502 + 241 = 296.1621502.
        let r = cycles(".param x, gm\nldparam r1, x\nadd r1, r1, 8\ncopy_gm_ub_pad 0, r1, 1, 40, 0, 0\nend", ["x": T.zeros(256)])
        XCTAssertEqual(r?.kernelCycles ?? 0, 296.1621502, accuracy: 1e-6)
    }

    func testGatherGMRequests() {
        // Unchanged by interleaving the request overheads with the bytes (alone, a DMA still takes
        // requests x 51.07 + bytes / 58.6: the transfer starts after one overhead and moves at
        // 256 / (3 x 51.07 + 256 / 58.6) B/cycle).
        // ldparam 1, three st.u32 2 each -> 7, set_flag S 1 -> 8 (fires at 8). wait_flag S,MTE2 issued 9,
        // runs [9, 10]. gather_gm issued 10, starts 10: 4 requests x 51.07 = 204.28 -> 214.28;
        // 4 x 64 = 256 B / 58.6 = 4.3686007 -> 218.6486007; + 241 = 459.6486007.
        let r = cycles("""
        .param x, gm
        ldparam r1, x
        st.u32 256, 4
        st.u32 512, 8
        st.u32 768, 12
        set_flag S, MTE2, 0
        wait_flag S, MTE2, 0
        gather_gm 64, r1, 0, 4, 64
        end
        """, ["x": T.zeros(1024)])
        XCTAssertEqual(r?.kernelCycles ?? 0, 459.6486007, accuracy: 1e-6)
    }

    func testFlagChainThroughThreePipes() {
        // copy in: issued 3, [3, 58.4386] + set_flag [58.4386, 59.4386] fires at max(59.44, 58.44 + 241) = 299.4386.
        // V: wait [299.4386, 300.4386], vadds 7 + 1 -> 308.4386, set_flag [308.44, 309.44] fires 309.4386.
        // MTE3: wait [309.4386, 310.4386]; copy out 51.07 + 256/109 -> 363.8572; + 96 = 459.8572.
        let r = cycles("""
        .param x, gm
        .param z, gm
        ldparam r1, x
        ldparam r2, z
        copy_gm_ub 0, r1, 1, 8, 0, 0
        set_flag MTE2, V, 0
        wait_flag MTE2, V, 0
        vadds.f32 256, 0, 1.5, 64
        set_flag V, MTE3, 0
        wait_flag V, MTE3, 0
        copy_ub_gm r2, 256, 1, 8, 0, 0
        end
        """, ["x": T.zeros(256), "z": T.zeros(256)])
        let copyIn: Double = 3 + 51.07 + 256 / 58.6 + 241
        let vector: Double = 1 + 8 + 1
        let copyOut: Double = 1 + 51.07 + 256 / 109 + 96
        XCTAssertEqual(r?.kernelCycles ?? 0, copyIn + vector + copyOut, accuracy: 1e-9)
        XCTAssertEqual(r?.kernelCycles ?? 0, 459.8572245, accuracy: 1e-6)
    }

    /// 32 KB per core from GM, all cores at once.
    let shareKernel = """
    .param x, gm
    ldparam r1, x
    coreid r2
    mul r2, r2, 32768
    add r1, r1, r2
    copy_gm_ub 0, r1, 1, 1024, 0, 0
    end
    """

    func testBandwidthOneCore() {
        // Issued at 1 + 1 + 2 + 1 + 1 = 6; 6 + 51.07 = 57.07; 32768 / 58.6 = 559.1808874; + 241 = 857.2508874.
        let r = cycles(shareKernel, ["x": T.zeros(32768)])
        XCTAssertEqual(r?.kernelCycles ?? 0, 857.2508874, accuracy: 1e-6)
    }

    func testBandwidthSharedByTwentyCores() {
        // 20 x 58.6 = 1172 > 1000 B/cycle: each core gets 1000 / 20 = 50 B/cycle.
        // 57.07 + 32768 / 50 = 57.07 + 655.36 = 712.43; + 241 = 953.43.
        let r = cycles(shareKernel, ["x": T.zeros(20 * 32768)], cores: 20)
        XCTAssertEqual(r?.kernelCycles ?? 0, 953.43, accuracy: 1e-6)
        XCTAssertEqual(r?.cores[19].busy.mte2 ?? 0, 51.07 + 655.36, accuracy: 1e-6)
    }

    func testBandwidthTwentyCoresOneStartsLater() {
        // Core 0 does two more mul (4 cycles): its bytes start at 61.07. From 57.07 to 61.07 the 19
        // others share 1000 / 19 = 52.63 B/cycle... capped at 58.6? 1000/19 = 52.63 < 58.6, so 52.63.
        // They move 4 x 52.6316 = 210.526 B. From 61.07 all 20 share 50 B/cycle: the 19 need
        // (32768 - 210.526) / 50 = 651.1495 -> end 712.2195; then core 0 alone has moved
        // 651.1495 x 50 = 32557.47 and needs 210.526 more at 58.6: 3.5926 -> 715.8121; + 241 = 956.8121.
        let src = shareKernel.replacingOccurrences(of: "coreid r2\n", with: "coreid r2\nbne r2, 0, go\nmul r3, r3, 1\nmul r3, r3, 1\ngo: ")
        // core 0 pays bne 2 + 2 mul x 2 = 6 extra; the others pay bne 2: difference 4.
        let r = cycles(src, ["x": T.zeros(20 * 32768)], cores: 20)
        let early: Double = 4 * (1000.0 / 19)
        let common = (32768 - early) / 50
        let last = early / 58.6
        XCTAssertEqual(r?.kernelCycles ?? 0, 2 + 57.07 + 4 + common + last + 241, accuracy: 1e-6)
        XCTAssertEqual(r?.cores[1].cycles ?? 0, 2 + 57.07 + 4 + common + 241, accuracy: 1e-6)
    }

    func testRequestOverheadsInterleaveWithBytes() {
        // Two 16 KB blocks 512 B apart (two requests, both 512-byte aligned) per core, cores 33280 B
        // apart. The first request's 51.07 comes first; the second's is spread over the bytes: the
        // transfer may move at most 32768 / (51.07 + 32768 / 58.6) = 53.696 B/cycle.
        // One core: issued at 6; 6 + 51.07 + 51.07 + 559.1808874 + 241 = 908.3208874 (as if in series).
        let src = """
        .param x, gm
        ldparam r1, x
        coreid r2
        mul r2, r2, 33280
        add r1, r1, r2
        copy_gm_ub 0, r1, 2, 512, 16, 0
        end
        """
        XCTAssertEqual(cycles(src, ["x": T.zeros(33280)])?.kernelCycles ?? 0, 908.3208874, accuracy: 1e-6)
        // Twenty cores: 20 x 53.696 = 1073.9 > 1000, so each gets 50 B/cycle and the second overhead
        // hides under the shared bandwidth: 6 + 51.07 + 32768 / 50 + 241 = 953.43, the time of one
        // request each (testBandwidthSharedByTwentyCores). Before the interleaving the overheads
        // were all paid first: 6 + 2 x 51.07 + 655.36 + 241 = 1004.5.
        XCTAssertEqual(cycles(src, ["x": T.zeros(20 * 33280)], cores: 20)?.kernelCycles ?? 0, 953.43, accuracy: 1e-6)
    }

    func testSyncAllWaitsForTheLastCore() {
        // Core 0: coreid 1 + beq 2 + sync_all 1 -> arrives 4. Core 1: 1 + 2 + mul 2 + mul 2 + 1 -> 8.
        // Release 8 + 600 = 608; end 609 on both.
        let r = cycles("coreid r1\nbeq r1, 0, s\nmul r2, r2, 3\nmul r2, r2, 3\ns: sync_all\nend", cores: 2)
        XCTAssertEqual(r?.kernelCycles ?? 0, 609, accuracy: 1e-9)
        XCTAssertEqual(r?.cores[0].cycles ?? 0, 609, accuracy: 1e-9)
    }

    func testQueueDepthStallsTheScalarUnit() {
        // Depth 1: vadd A [1, 10.1]; B issued 2 (A started at 1) runs [10.1, 12.2] (startup hidden);
        // C can be issued only when B starts, at 10.1; runs [12.2, 14.3]. Five adds: 15.1, end 16.1.
        // With depth 16 the scalar unit is not held back: 3 + 5 + 1 = 9 < 14.3.
        let src = "vadd.f32 0, 256, 512, 64\nvadd.f32 0, 256, 512, 64\nvadd.f32 0, 256, 512, 64\n"
            + String(repeating: "add r1, r1, 1\n", count: 5) + "end"
        var m = T.machine()
        m.queueDepth = 1
        XCTAssertEqual(cycles(src, machine: m)?.kernelCycles ?? 0, 16.1, accuracy: 1e-9)
        XCTAssertEqual(cycles(src)?.kernelCycles ?? 0, 14.3, accuracy: 1e-9)
    }

    func testAtomicConflictPenalty() {
        // Both cores issue at 2, start bytes at 53.07 (tie: core 0 first). One 4-byte piece rounds to 32 B.
        // 2 x 109 < 1000: each moves at 109. Core 0: 32 / 109 = 0.2935780 -> 53.3635780 + 96 = 149.3635780.
        // Core 1 finds core 0's transfer on the same 512-byte region: 32 x 1.15 = 36.8 B -> 0.3376147
        // -> 53.4076147 + 96 = 149.4076147.
        let r = cycles(".param z, gm.f32\nldparam r1, z\nscatter_add.f32 r1, 0, 32, 1, 4\nend", ["z": T.zeros(64)], cores: 2)
        XCTAssertEqual(r?.cores[0].cycles ?? 0, 149.3635780, accuracy: 1e-6)
        XCTAssertEqual(r?.cores[1].cycles ?? 0, 149.4076147, accuracy: 1e-6)
    }

    func testLaunchOverheadAndMicroseconds() {
        // 20 us at 1.8 GHz = 36000 cycles; + 1 cycle of `end` = 36001 cycles = 20.000556 us.
        let r = cycles("end", machine: T.machine(launch: 20))
        XCTAssertEqual(r?.cycles ?? 0, 36001, accuracy: 1e-9)
        XCTAssertEqual(r?.microseconds ?? 0, 36001 / 1800, accuracy: 1e-9)
    }

    func testTimelineAndFlagEdges() {
        let p = T.asm("vdup.f32 0, 1.0, 64\nset_flag V, S, 0\nwait_flag V, S, 0\nend")
        guard let r = T.ok(T.run(p, [:], options: RunOptions(recordTimeline: true))) else { return }
        // V lane: vdup [1, 3], set_flag [3, 4]; S lane: wait_flag [4, 5].
        let v = r.timeline.filter { $0.pipe == .v }
        XCTAssertEqual(v.map(\.start), [1, 3])
        XCTAssertEqual(v.map(\.end), [3, 4])
        XCTAssertEqual(r.flagEdges.count, 1)
        XCTAssertEqual(r.flagEdges.first?.setTime, 4)
        XCTAssertEqual(r.flagEdges.first?.setPC, 1)
        XCTAssertEqual(r.flagEdges.first?.waitPC, 2)
    }
}
