// libFuzzer target: the assembler on arbitrary text (scripts/fuzz.sh assembler SECONDS).
//
// Properties checked beyond "does not crash": a program the assembler accepts encodes to bytes
// the loader accepts and decodes back to the same program, and its disassembly re-assembles to
// the same bytes (docs/Assembly.md, "Disassembly"). `.include "a.inc"` reads a fixed small
// file; other includes are missing.
import Assembler
import ISA

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzAssembler(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let options = AssemblerOptions(defines: ["FUZZ": "1"], fileReader: { path in
        path.hasSuffix("a.inc") ? Array(".macro INC x\n add r1, r1, \\x\n.endm\n".utf8) : nil
    })
    let result = Assembler.assemble(source: bytes, path: "fuzz.asm", options: options)
    guard let program = result.program else {
        if !result.diagnostics.hasErrors { fatalError("no program and no error") }
        return 0
    }
    let encoded = BytecodeWriter.encode(program)
    switch BytecodeReader.decode(encoded) {
    case .failure(let e): fatalError("assembled program does not load: \(e)")
    case .success(let back):
        if back != program { fatalError("bytecode round trip changed the program") }
    }
    let text = Disassembler.text(program)
    let again = Assembler.assemble(source: Array(text.utf8), path: "fuzz.dis.asm", options: AssemblerOptions())
    guard let p2 = again.program else { fatalError("disassembly does not assemble:\n\(again.diagnostics.rendered())\n\(text)") }
    if BytecodeWriter.encode(p2) != encoded { fatalError("disassembly re-assembles to different bytes:\n\(text)") }
    return 0
}
