import Commands
import Foundation
import ISA
import XCTest

/// `vasm` end to end through `VasmCommand.run` with captured output and a temporary directory.
final class VasmCommandTests: XCTestCase {
    private final class Captured {
        var out = ""
        var err = ""
    }

    private var dir = ""

    override func setUpWithError() throws {
        dir = NSTemporaryDirectory() + "vasm-tests-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: dir)
    }

    private func run(_ args: [String]) -> (code: Int32, out: String, err: String) {
        let c = Captured()
        let io = CommandIO(stdout: { c.out += $0 }, stderr: { c.err += $0 })
        let code = VasmCommand.run(args, io: io)
        return (code, c.out, c.err)
    }

    private func write(_ name: String, _ text: String) -> String {
        let path = dir + "/" + name
        FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
        return path
    }

    private let good = ".param n, i64\n.buffer b, 64\n        ldparam r1, n\n        vdup.f32 b, 1.5, 16\n        end\n"

    func testHelpGoesToStdout() {
        let r = run(["--help"])
        XCTAssertEqual(r.code, 0)
        XCTAssertTrue(r.out.hasPrefix("USAGE: vasm FILE"), r.out)
        XCTAssertTrue(r.out.contains("-D, --define NAME=VALUE"))
        XCTAssertEqual(r.err, "")
        XCTAssertEqual(run(["-h"]).out, r.out)
    }

    func testVersionNamesAllThreeVersions() {
        let r = run(["--version"])
        XCTAssertEqual(r.code, 0)
        XCTAssertEqual(r.out, "vasm \(VasmCommand.version) (bytecode format \(BytecodeFormat.version), ISA version \(ISAVersion.current))\n")
    }

    func testUnknownOptionIsAUsageError() {
        let r = run(["--frobnicate", "x.asm"])
        XCTAssertEqual(r.code, 64)
        XCTAssertTrue(r.err.hasPrefix("Error: unknown option '--frobnicate'\nUSAGE: vasm"), r.err)
        XCTAssertEqual(r.out, "")
    }

    func testMissingFileArgumentIsAUsageError() {
        let r = run([])
        XCTAssertEqual(r.code, 64)
        XCTAssertTrue(r.err.hasPrefix("Error: missing argument FILE"), r.err)
    }

    func testBadUBSizeIsAUsageError() {
        XCTAssertEqual(run(["x.asm", "--ub-size", "100"]).code, 64)
        XCTAssertEqual(run(["x.asm", "--ub-size=lots"]).code, 64)
    }

    func testBadSourceExitsOneWithDiagnostics() {
        let path = write("bad.asm", "nop\n        vadx.f32 0, 0, 0, 64\n")
        let r = run([path])
        XCTAssertEqual(r.code, 1)
        XCTAssertEqual(r.err, "\(path):2:9: error: unknown mnemonic 'vadx' [asm.unknown-mnemonic]\n        vadx.f32 0, 0, 0, 64\n        ^\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/bad.vbin"))
    }

    func testDefaultOutputPathAndDashO() throws {
        let path = write("k.asm", good)
        XCTAssertEqual(run([path]).code, 0)
        let bytes = try XCTUnwrap(FileManager.default.contents(atPath: dir + "/k.vbin"))
        XCTAssertEqual(Array(bytes.prefix(4)), BytecodeFormat.magic)

        let r = run([path, "-o", dir + "/other.vbin"])
        XCTAssertEqual(r.code, 0, r.err)
        XCTAssertEqual(FileManager.default.contents(atPath: dir + "/other.vbin"), bytes)
        XCTAssertEqual(VasmCommand.defaultOutput(for: "a/b.c/k.asm"), "a/b.c/k.vbin")
        XCTAssertEqual(VasmCommand.defaultOutput(for: "a/b.c/kernel"), "a/b.c/kernel.vbin")
    }

    /// `-D NAME=VALUE`, `-DNAME` glued, and `--define=NAME=VALUE` all reach the source.
    func testDefines() throws {
        let path = write("d.asm", ".ifndef A\n.error \"A missing\"\n.endif\n.if B != 1 || C != 12\n.error \"bad B or C\"\n.endif\nend\n")
        XCTAssertEqual(run([path, "-D", "A=3", "-DB", "--define=C=3*4"]).code, 0)
        let r = run([path, "-D", "B=1", "-D", "C=12"])
        XCTAssertEqual(r.code, 1)
        XCTAssertTrue(r.err.contains("error: A missing [asm.error-directive]"), r.err)
        XCTAssertEqual(run([path, "-D", "=1"]).code, 64)
    }

    func testDisassembleToStdoutAndFile() throws {
        let src = write("k.asm", good)
        XCTAssertEqual(run([src, "-o", dir + "/k.vbin"]).code, 0)
        let d = run(["-d", dir + "/k.vbin"])
        XCTAssertEqual(d.code, 0, d.err)
        XCTAssertTrue(d.out.contains(".param n, i64\n"), d.out)
        XCTAssertTrue(d.out.contains("vdup.f32 0, 1.5, 16\n"), d.out)

        XCTAssertEqual(run(["-d", dir + "/k.vbin", "-o", dir + "/k2.asm"]).code, 0)
        XCTAssertEqual(run([dir + "/k2.asm", "-o", dir + "/k2.vbin"]).code, 0)
        XCTAssertEqual(FileManager.default.contents(atPath: dir + "/k2.vbin"), FileManager.default.contents(atPath: dir + "/k.vbin"))
    }

    func testDisassemblingGarbageExitsOne() {
        let path = write("junk.vbin", "not bytecode")
        let r = run(["-d", path])
        XCTAssertEqual(r.code, 1)
        XCTAssertTrue(r.err.contains("[bytecode.magic]"), r.err)
    }
}
