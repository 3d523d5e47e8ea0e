import Commands
import Foundation
import ISA
import XCTest

/// `vrun` help, version, usage errors (exit 64) and input errors (exit 1), each precise.
final class VrunErrorTests: VrunTestCase {
    private var vadd: String { Self.example("vadd.asm") }

    func testHelpGoesToStdout() {
        let r = run(["--help"])
        XCTAssertEqual(r.code, 0)
        XCTAssertTrue(r.out.hasPrefix("USAGE: vrun KERNEL"), r.out)
        for flag in ["--machine", "--cores", "--param", "--in", "--out", "--alloc", "--trace", "--trace-cores", "--trace-window",
                     "--profile", "--json", "--threads", "--strict", "--no-checks", "-D, --define"] {
            XCTAssertTrue(r.out.contains(flag), "help lacks \(flag)")
        }
        XCTAssertEqual(r.err, "")
        XCTAssertEqual(run(["-h"]).out, r.out)
    }

    func testVersion() {
        let r = run(["--version"])
        XCTAssertEqual(r.code, 0)
        XCTAssertEqual(r.out, "vrun \(VrunCommand.version) (bytecode format \(BytecodeFormat.version), ISA version \(ISAVersion.current))\n")
    }

    private func assertUsage(_ args: [String], _ prefix: String, file: StaticString = #filePath, line: UInt = #line) {
        let r = run(args)
        XCTAssertEqual(r.code, 64, r.err, file: file, line: line)
        XCTAssertTrue(r.err.hasPrefix("Error: " + prefix), r.err, file: file, line: line)
        XCTAssertTrue(r.err.contains("\nUSAGE: vrun KERNEL"), r.err, file: file, line: line)
        XCTAssertEqual(r.out, "", file: file, line: line)
    }

    func testUsageErrors() {
        assertUsage(["--frobnicate", vadd], "unknown option '--frobnicate'")
        assertUsage([], "missing argument KERNEL")
        assertUsage([vadd, "--cores", "zero"], "--cores: 'zero' is not a valid number")
        assertUsage([vadd, "--cores", "49"], "--cores 49: the 910b2c machine has 48 cores")
        assertUsage([vadd, "--threads", "0"], "--threads: '0' is not a valid number")
        assertUsage([vadd, "--machine", "910x"], "--machine: unknown machine '910x' (presets: 910b2c, 910b3")
        assertUsage([vadd, "--in", "x"], "--in needs NAME=FILE.npy, found 'x'")
        assertUsage([vadd, "--param", "=3"], "--param needs NAME=VALUE, found '=3'")
        assertUsage([vadd, "--trace", "t.json", "--trace-window", "9:3"], "--trace-window: START (9) must be before END (3)")
        assertUsage([vadd, "--trace", "t.json", "--trace-window", "abc"], "--trace-window: 'abc' is not START:END")
        assertUsage([vadd, "--trace", "t.json", "--trace-cores", "3-1"], "--trace-cores: '3-1' is not a list of cores")
        assertUsage([write("k.txt", "end\n")], "KERNEL must be a .asm or .vbin file")
    }

    func testMissingBindingsAreListedWithHowToBindEach() {
        let r = run([vadd, "--in", "y=y.npy"])
        XCTAssertEqual(r.code, 64)
        XCTAssertTrue(r.err.hasPrefix("Error: the kernel's parameters 'x' (gm.f32), 'z' (gm.f32), 'n' (i64) are not bound"), r.err)
        XCTAssertTrue(r.err.contains("x with --in x=FILE.npy (input) or --alloc x=f32[DIMS]"), r.err)
        XCTAssertTrue(r.err.contains("n with --param n=INTEGER"), r.err)
        // A parameter only written out is told to be allocated.
        let o = run([vadd, "--in", "x=x.npy", "--in", "y=y.npy", "--param", "n=4", "--out", "z=z.npy"])
        XCTAssertEqual(o.code, 64)
        XCTAssertTrue(o.err.contains("z (written with --out) with --alloc z=f32[DIMS]"), o.err)
    }

    func testBindingKindsAreChecked() {
        assertUsage([vadd, "--param", "x=3"], "--param x: parameter 'x' is a GM buffer (gm.f32); bind it with --in x=FILE.npy")
        assertUsage([vadd, "--in", "n=n.npy"], "--in n: parameter 'n' is an i64 scalar; bind it with --param n=VALUE")
        assertUsage([vadd, "--param", "n=1.5"], "--param n=1.5: parameter 'n' is i64 and '1.5' is not a 64-bit integer")
        assertUsage([vadd, "--param", "q=1"], "--param q: the kernel has no parameter 'q' (parameters: x (gm.f32), y (gm.f32), z (gm.f32), n (i64))")
        assertUsage([vadd, "--alloc", "z=f16[4]"], "--alloc z=f16[4]: parameter 'z' is gm.f32, not gm.f16")
        assertUsage([vadd, "--alloc", "z=f32[4"], "--alloc z=f32[4: expected TYPE[DIMS]")
        assertUsage([vadd, "--alloc", "z=float[4]"], "--alloc z=float[4]: unknown element type 'float'")
        assertUsage([vadd, "--in", "x=a.npy", "--alloc", "x=f32[4]"], "parameter 'x' is bound twice (--in and --alloc)")
        assertUsage([vadd, "--out", "n=n.npy"], "--out n: parameter 'n' is an i64 scalar, not a GM buffer")
    }

    func testDefinesDoNotApplyToBytecode() {
        let vbin = path("k.vbin")
        XCTAssertEqual(VasmCommand.run([vadd, "-o", vbin], io: CommandIO(stdout: { _ in }, stderr: { _ in })), 0)
        assertUsage([vbin, "-D", "TILE=8"], "-D applies to .asm kernels")
    }

    func testDtypeMismatchNamesFileParameterAndBothTypes() {
        let x = writeNPY("x64.npy", descr: "<f8", shape: [4], data: [UInt8](repeating: 0, count: 32))
        writeFloats("y.npy", [1, 2, 3, 4])
        let r = run([vadd, "--in", "x=\(x)", "--in", "y=\(path("y.npy"))", "--alloc", "z=f32[4]", "--param", "n=4"])
        XCTAssertEqual(r.code, 1)
        XCTAssertEqual(r.err, "\(x): error: --in x: the file holds float64 (<f8) data but parameter 'x' is gm.f32, which needs float32 (<f4) [vrun.dtype]\n")
    }

    func testUnreadableAndMalformedNPY() {
        let missing = path("nope.npy")
        writeFloats("y.npy", [1])
        let r = run([vadd, "--in", "x=\(missing)", "--in", "y=\(path("y.npy"))", "--alloc", "z=f32[1]", "--param", "n=1"])
        XCTAssertEqual(r.code, 1)
        XCTAssertEqual(r.err, "\(missing): error: cannot read '\(missing)' (--in x) [vrun.file-not-found]\n")
        let bad = write("bad.npy", "not an npy file at all")
        let b = run([vadd, "--in", "x=\(bad)", "--in", "y=\(path("y.npy"))", "--alloc", "z=f32[1]", "--param", "n=1"])
        XCTAssertEqual(b.code, 1)
        XCTAssertTrue(b.err.hasPrefix("\(bad): error: "), b.err)
        XCTAssertTrue(b.err.contains("(--in x) [npy.magic]"), b.err)
    }

    func testMissingKernelAndMachineFiles() {
        let r = run([path("none.asm")])
        XCTAssertEqual(r.code, 1)
        XCTAssertTrue(r.err.contains("cannot read '\(path("none.asm"))'"), r.err)
        let m = run([vadd, "--machine", path("m.json")])
        XCTAssertEqual(m.code, 1)
        XCTAssertEqual(m.err, "\(path("m.json")): error: cannot read machine description '\(path("m.json"))' [machine.io]\n")
        let bad = write("bad.json", "{\"cores\": \"many\"}")
        let b = run([vadd, "--machine", bad])
        XCTAssertEqual(b.code, 1)
        XCTAssertTrue(b.err.contains("[machine.type]"), b.err)
    }

    func testMachineFileSetsTheCoreCount() {
        let m = write("small.json", "{\"base\": \"910b2c\", \"cores\": 3}")
        writeFloats("x.npy", [1, 2])
        writeFloats("y.npy", [3, 4])
        let r = run([vadd, "--machine", m, "--in", "x=\(path("x.npy"))", "--in", "y=\(path("y.npy"))", "--alloc", "z=f32[2]",
                     "--param", "n=2", "--json"])
        XCTAssertEqual(r.code, 0, r.err)
        XCTAssertEqual(jsonObject(r.out)["cores"] as? Int, 3)
    }

    func testRuntimeErrorGoesToStderrWithItsLocation() {
        writeFloats("table.npy", [1, 2, 3, 4])
        writeInt32s("idx.npy", [0, 9_999_999])
        let r = run([Self.example("gather.asm"), "--in", "table=\(path("table.npy"))", "--in", "idx=\(path("idx.npy"))",
                     "--alloc", "out=f32[2]", "--param", "t=4", "--param", "n=2", "--cores", "1"])
        XCTAssertEqual(r.code, 1)
        XCTAssertEqual(r.out, "")
        // The gather is on line 66 of gather.asm.
        XCTAssertTrue(r.err.hasPrefix(Self.example("gather.asm") + ":66:"), r.err)
        XCTAssertTrue(r.err.contains("(core 0, pipe V"), r.err)
    }

    func testUnwritableOutput() {
        writeFloats("x.npy", [1])
        writeFloats("y.npy", [2])
        let out = path("no/such/dir/z.npy")
        let r = run([vadd, "--in", "x=\(path("x.npy"))", "--in", "y=\(path("y.npy"))", "--alloc", "z=f32[1]", "--param", "n=1",
                     "--out", "z=\(out)"])
        XCTAssertEqual(r.code, 1)
        XCTAssertTrue(r.err.hasPrefix("\(out): error: cannot open '\(out)' for writing"), r.err)
    }

    func testF32ParamsTakeFloatLiterals() {
        let k = write("scale.asm", """
        .param out, gm.f32
        .param s, f32
        .buffer b, 64
                ldparam r1, out
                ldparam r2, s
                vdup.f32 b, r2, 16
                set_flag V, MTE3, 0
                wait_flag V, MTE3, 0
                copy_ub_gm_pad r1, b, 1, 64, 0, 0
                end

        """)
        let r = run([k, "--alloc", "out=f32[2,8]", "--out", "out=\(path("o.npy"))", "--param", "s=-2.75", "--cores", "1"])
        XCTAssertEqual(r.code, 0, r.err)
        XCTAssertEqual(readNPY("o.npy")?.floats, [Float](repeating: -2.75, count: 16))
        XCTAssertEqual(readNPY("o.npy")?.shape, [2, 8])
        let bad = run([k, "--alloc", "out=f32[16]", "--param", "s=1e60"])
        XCTAssertEqual(bad.code, 64)
        XCTAssertTrue(bad.err.hasPrefix("Error: --param s=1e60: parameter 's' is f32 and '1e60' is not a number that fits in f32"), bad.err)
    }

    func testInstructionBudgetStopsARunawayLoop() {
        let k = write("spin.asm", ".param n, i64\n        ldparam r1, n\nloop:\n        add r1, r1, 1\n        jmp loop\n")
        let r = run([k, "--param", "n=0", "--cores", "1", "--max-instructions", "1000", "--json"])
        XCTAssertEqual(r.code, 1)
        let errors = jsonObject(r.out)["errors"] as? [[String: Any]]
        XCTAssertEqual(errors?.first?["id"] as? String, "budget.instructions")
        XCTAssertEqual(errors?.first?["core"] as? Int, 0)
        XCTAssertTrue(r.err.contains("more than 1000 instructions"), r.err)
        let bad = run([k, "--max-cycles", "-5"])
        XCTAssertEqual(bad.code, 64)
        XCTAssertTrue(bad.err.hasPrefix("Error: --max-cycles: '-5' is not a positive number of cycles"), bad.err)
    }

    func testChecksOffGivesTheSameResult() {
        writeFloats("x.npy", [1, 2, 3])
        writeFloats("y.npy", [10, 20, 30])
        let r = run([vadd, "--in", "x=\(path("x.npy"))", "--in", "y=\(path("y.npy"))", "--alloc", "z=f32[3]", "--param", "n=3",
                     "--out", "z=\(path("z.npy"))", "--no-checks", "--strict", "--cores", "1"])
        XCTAssertEqual(r.code, 0, r.err)
        XCTAssertEqual(readNPY("z.npy")?.floats, [11, 22, 33])
    }
}
