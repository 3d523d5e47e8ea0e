import Assembler
import Foundation
import ISA
import XCTest

final class DiagnosticTests: XCTestCase {
    /// Every case of `diagnosticCases`: no program, and the first error has the expected id,
    /// position, message text and note.
    func testDiagnosticTable() {
        XCTAssertGreaterThanOrEqual(diagnosticCases.count, 40)
        for c in diagnosticCases {
            let table = c.files.mapValues { Array($0.utf8) }
            let options = AssemblerOptions(defines: c.defines, fileReader: { table[$0] })
            let r = Assembler.assemble(source: c.source, path: c.path, options: options)
            let context = "case '\(c.name)':\n\(r.diagnostics.rendered())"
            XCTAssertNil(r.program, context)
            guard let d = r.errors.first else {
                XCTFail("no error: \(context)")
                continue
            }
            XCTAssertEqual(d.id, c.id, context)
            XCTAssertEqual(d.line, c.line, "line, \(context)")
            XCTAssertEqual(d.column, c.column, "column, \(context)")
            XCTAssertEqual(d.file, c.file ?? c.path, "file, \(context)")
            XCTAssertTrue(d.message.contains(c.message), "message '\(d.message)' lacks '\(c.message)', \(context)")
            if let (text, line, column) = c.note {
                let match = d.notes.first { $0.message.contains(text) }
                XCTAssertNotNil(match, "note '\(text)' missing, \(context)")
                XCTAssertEqual(match?.line, line, "note line, \(context)")
                XCTAssertEqual(match?.column, column, "note column, \(context)")
                XCTAssertEqual(match?.severity, .note, context)
            }
        }
    }

    /// The exact rendering: `path:line:col: error: message [id]`, the line, a caret under it.
    func testRenderedFormat() {
        let r = assemble("nop\n        vadx.f32 0, 0, 0, 64\n", path: "kernels/x.asm")
        XCTAssertEqual(r.diagnostics.rendered(), """
            kernels/x.asm:2:9: error: unknown mnemonic 'vadx' [asm.unknown-mnemonic]
                    vadx.f32 0, 0, 0, 64
                    ^

            """)
    }

    /// Tabs before the column are kept in the caret line so the caret lines up in a terminal.
    func testCaretKeepsTabs() {
        let r = assemble("\tadd\tr1, r2\n")
        XCTAssertEqual(r.diagnostics.first?.rendered(), "main.asm:1:2: error: add takes 3 operands (rd, ra, b), found 2 [asm.operand-count]\n\tadd\tr1, r2\n\t^")
    }

    func testNotesAreRenderedAfterTheError() {
        let r = assemble("a: nop\na: nop\njmp a\n")
        XCTAssertEqual(r.diagnostics.rendered(), """
            main.asm:2:1: error: label 'a' is already defined [asm.duplicate-label]
            a: nop
            ^
            main.asm:1:1: note: first defined here
            a: nop
            ^

            """)
    }

    /// Many errors in one run, sorted by position, capped at 20 with a closing summary line.
    func testManyErrorsSortedAndCapped() {
        var src = ""
        for i in 0..<25 { src += "bogus\(i)\n" }
        let r = assemble(src)
        XCTAssertEqual(r.errors.count, 21)
        XCTAssertEqual(r.errors.prefix(20).map(\.line), Array(1...20))
        XCTAssertEqual(r.errors.last?.id, "asm.too-many-errors")
        XCTAssertTrue(r.errors.last?.message.contains("5 more") ?? false)
        XCTAssertTrue(r.diagnostics.rendered().hasSuffix("error: too many errors: 5 more not shown (25 in all) [asm.too-many-errors]\n"))
    }

    /// Errors from an included file come after the including file's (files in opening order).
    func testSortedByFileThenLine() {
        let r = assemble(".include \"x.inc\"\nbad2\n", files: ["x.inc": "bad1\n"])
        XCTAssertEqual(r.errors.map(\.file), ["main.asm", "x.inc"])
        XCTAssertEqual(r.errors.map(\.line), [2, 1])
    }

    func testWarningsForUnusedLabelAndBuffer() {
        let r = assemble(".buffer used, 64\n.buffer idle, 64\nstart: vdup.f32 used, 1.0, 8\nloop: jmp loop\n")
        XCTAssertNotNil(r.program)
        let warnings = r.warnings.map { "\($0.id) \($0.line):\($0.column)" }
        XCTAssertEqual(warnings, ["asm.unused-buffer 2:9", "asm.unused-label 3:1"])
    }

    /// Disassembler output (it uses `.loc`) names no buffers; that draws no warnings.
    func testNoWarningsForMachineWrittenText() {
        let r = assemble(".buffer b, 64\n.file 0 \"x.asm\"\n.loc 0 1 1\nstart: nop\n")
        XCTAssertNotNil(r.program)
        XCTAssertEqual(r.warnings.count, 0)
    }

    func testMissingMainFile() {
        let r = Assembler.assemble(path: "absent.asm", options: AssemblerOptions(fileReader: { _ in nil }))
        XCTAssertNil(r.program)
        XCTAssertEqual(r.errors.map(\.id), ["asm.file-not-found"])
    }

    /// Random bytes never crash the assembler and always come back as diagnostics or a program.
    func testGarbageNeverCrashes() {
        var rng = SeededRandom(seed: 7)
        let alphabet = Array("abcdefgrv0123456789 ,.:;()+-*/%<>=!&|^~\\\"@\t\n".utf8) + [0xC3, 0xA9, 0xFF]
        for _ in 0..<300 {
            let n = Int.random(in: 0..<200, using: &rng)
            let bytes = (0..<n).map { _ in alphabet.randomElement(using: &rng) ?? 0x20 }
            let r = Assembler.assemble(source: bytes, path: "g.asm", options: AssemblerOptions(fileReader: { _ in nil }))
            XCTAssertTrue(r.program != nil || r.diagnostics.hasErrors)
        }
    }

    /// Mutations of a real kernel with macros and conditionals (bytes replaced, lines dropped or
    /// repeated) never crash either.
    func testMutatedKernelsNeverCrash() throws {
        let path = repositoryRoot() + "/kernels/examples/vadd_db.asm"
        guard let original = FileManager.default.contents(atPath: path).map(Array.init) else { throw XCTSkip("no \(path)") }
        var rng = SeededRandom(seed: 11)
        let pieces = Array(",.:()\\@\"=-+*/;0123456789abxr\n ".utf8)
        var errors = 0
        for _ in 0..<200 {
            var bytes = original
            for _ in 0..<Int.random(in: 1...8, using: &rng) {
                let i = Int.random(in: 0..<bytes.count, using: &rng)
                switch Int.random(in: 0..<3, using: &rng) {
                case 0: bytes[i] = pieces.randomElement(using: &rng) ?? 0x20
                case 1: bytes.remove(at: i)
                default: bytes.insert(contentsOf: bytes[i..<min(bytes.count, i + 40)], at: i)
                }
            }
            let r = Assembler.assemble(source: bytes, path: "m.asm", options: AssemblerOptions(fileReader: { _ in nil }))
            XCTAssertTrue(r.program != nil || r.diagnostics.hasErrors)
            XCTAssertLessThanOrEqual(r.errors.count, Assembler.maxErrors + 1)
            if r.program == nil { errors += 1 }
        }
        XCTAssertGreaterThan(errors, 0, "the mutations should break some kernels")
    }
}
