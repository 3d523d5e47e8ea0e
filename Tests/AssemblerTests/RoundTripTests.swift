import Assembler
import Foundation
import ISA
import XCTest

/// assemble -> encode -> disassemble -> assemble -> encode gives the same bytes.
final class RoundTripTests: XCTestCase {
    /// The re-assembly of a program's disassembly, with the text for failure messages.
    private func reassemble(_ program: Program) -> (bytes: [UInt8]?, text: String, diagnostics: String) {
        let text = Disassembler.text(program)
        let r = Assembler.assemble(source: Array(text.utf8), path: "<disassembly>", options: AssemblerOptions(fileReader: { _ in nil }))
        return (r.program.map(BytecodeWriter.encode), text, r.diagnostics.rendered())
    }

    /// Every kernel in the repository (kernels/**/*.asm) round-trips. The directory may hold few
    /// files; the test checks that it assembled and compared each one it found.
    func testEveryKernelRoundTrips() throws {
        let root = repositoryRoot()
        let kernels = URL(fileURLWithPath: root + "/kernels").resolvingSymlinksInPath().path
        var found: [String] = []
        if let walker = FileManager.default.enumerator(atPath: kernels) {
            for case let rel as String in walker where rel.hasSuffix(".asm") { found.append(kernels + "/" + rel) }
        }
        var checked = 0
        for path in found.sorted() {
            let r = Assembler.assemble(path: path)
            guard let program = r.program else {
                XCTFail("\(path) does not assemble:\n\(r.diagnostics.rendered())")
                continue
            }
            XCTAssertFalse(program.instructions.isEmpty, path)
            XCTAssertEqual(program.debug.files.first, path, "the main file is the first debug file")
            let bytes = BytecodeWriter.encode(program)
            let again = reassemble(program)
            XCTAssertEqual(again.bytes, bytes, "\(path): disassembly does not re-assemble to the same bytes:\n\(again.diagnostics)\n\(again.text)")
            checked += 1
        }
        XCTAssertEqual(checked, found.count, "every kernel found was checked")
        print("round trip: \(checked) kernel file(s) under \(kernels)")
    }

    /// A hand-built program whose disassembly is known line by line.
    func testDisassemblyText() {
        let p = Program(params: [ParamDecl(name: "x", kind: .gm(.f32))],
                        buffers: [BufferDecl(name: "a", offset: 0, size: 64, alignment: 32),
                                  BufferDecl(name: "b", offset: 256, size: 32, alignment: 64)],
                        instructions: [Instruction(Opcode(0x20), [.register(Register(1)!), .immediate(Int64(Int32(bitPattern: 0xBFC0_0000)))]),
                                       Instruction(Opcode(0x38), [.immediate(0)])],
                        debug: DebugInfo(files: ["k.asm"], locations: [SourceLocation(file: 0, line: 3, column: 9),
                                                                       SourceLocation(file: 0, line: 4, column: 9)]),
                        ubSize: 4096)
        XCTAssertEqual(Disassembler.text(p), """
            ; disassembled by vasm (bytecode format \(BytecodeFormat.version), ISA \(ISAVersion.current))
            .ubsize 4096
            .param x, gm.f32
            .buffer a, 64, 32
            .buffer b, 32, 64, 256
            .file 0 "k.asm"
            L0:
            .loc 0 3 9
                    fmov r1, -1.5
            .loc 0 4 9
                    jmp L0

            """)
        XCTAssertEqual(reassemble(p).bytes, BytecodeWriter.encode(p))
    }

    /// Float texts that must read back exactly: extremes, subnormals, signed zero, NaN payloads.
    func testFloatTextsRoundTrip() {
        let patterns: [UInt32] = [0, 0x8000_0000, 1, 0x8000_0001, 0x007F_FFFF, 0x0080_0000, 0x7F7F_FFFF, 0xFF7F_FFFF, 0x7F80_0000,
                                  0xFF80_0000, 0x7FC0_0000, 0x7FC0_0001, 0xFFC0_0000, 0x7F80_0001, 0x3DCC_CCCD, 0xFFFF_FFFF]
        for pattern in patterns {
            let bits = Int64(Int32(bitPattern: pattern))
            let p = Program(instructions: [Instruction(Opcode(0x20), [.register(Register(0)!), .immediate(bits)])])
            let again = reassemble(p)
            XCTAssertEqual(again.bytes, BytecodeWriter.encode(p), "bits \(bits): \(again.text)\n\(again.diagnostics)")
        }
    }
}
