import XCTest
import ISA
@testable import Interpreter

/// A runaway loop on every core stops at the lowest core's budget error, whatever the thread
/// count: cores above a failed core stop early (RunContext.lowestFailedCore) but the reported
/// error stays core 0's.
final class RunawayTests: XCTestCase {
    func testRunawayLoopOnAllCoresReportsCoreZeroForAnyThreadCount() {
        let p = T.asm("spin: jmp spin\n")
        var errors: [RuntimeError] = []
        for threads in [1, 2, 8] {
            let o = RunOptions(threads: threads, instructionBudget: 300_000)
            if let e = T.err(T.run(p, [:], cores: 16, options: o)) { errors.append(e) }
        }
        XCTAssertEqual(errors.count, 3)
        for e in errors {
            XCTAssertEqual(e.id, "budget.instructions")
            XCTAssertEqual(e.core, 0)
            XCTAssertEqual(e.location, "t.asm:1:7")
            // The budget is exceeded by the instruction after the 300,000th.
            XCTAssertEqual(e.instructionCount, 300_001)
        }
        XCTAssertEqual(Set(errors.map(\.description)).count, 1)
    }

    func testOnlyTheFaultingCoreFailsAndLowerCoresStillRun() {
        // Core 3 divides by zero at once; cores 0-2 spin until their budget. The lowest failing
        // core (0) is reported even though core 3 failed first in host time.
        let p = T.asm("""
                coreid r1
                bne r1, 3, spin
                div r2, r1, 0
        spin:   jmp spin
        """)
        let o = RunOptions(threads: 4, instructionBudget: 200_000)
        let e = T.err(T.run(p, [:], cores: 4, options: o))
        XCTAssertEqual(e?.id, "budget.instructions")
        XCTAssertEqual(e?.core, 0)
    }
}

/// The scalar unit's own cycles per pc (the S column of `--profile`), from the table's cost
/// classes: mov and end 1 cycle (`scalarCycles`), mul 2 (`scalarMulCycles`), a pipe
/// instruction's issue 1 (`scalarCycles`).
final class ScalarProfileTests: XCTestCase {
    func testScalarCyclesByPCSumOverCores() {
        let p = T.asm("""
                mov r1, 5
                mul r2, r1, 3
                vdup.f32 0, 1.0, 64
                end
        """)
        let o = RunOptions(recordTimeline: true)
        guard let r = T.ok(T.run(p, [:], cores: 2, options: o)) else { return }
        XCTAssertEqual(r.scalarCyclesByPC, [2, 4, 2, 2])
        let plain = T.ok(T.run(p, [:], cores: 2))
        XCTAssertEqual(plain?.scalarCyclesByPC, [])
    }
}
