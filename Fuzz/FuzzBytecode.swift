// libFuzzer target: the bytecode loader and validator on arbitrary bytes (scripts/fuzz.sh bytecode SECONDS).
//
// Properties: decoding never traps; a file that loads is canonical (re-encoding gives the same
// bytes, docs/Bytecode.md) and its disassembly re-assembles to the same bytes.
import Assembler
import ISA

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzBytecode(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard case .success(let program) = BytecodeReader.decode(bytes) else { return 0 }
    if BytecodeWriter.encode(program) != bytes { fatalError("a file that loads is not canonical") }
    let text = Disassembler.text(program)
    let again = Assembler.assemble(source: Array(text.utf8), path: "fuzz.dis.asm", options: AssemblerOptions())
    guard let p2 = again.program else { fatalError("disassembly does not assemble:\n\(again.diagnostics.rendered())\n\(text)") }
    if BytecodeWriter.encode(p2) != bytes { fatalError("disassembly re-assembles to different bytes:\n\(text)") }
    return 0
}
