import XCTest
import ISA
@testable import Interpreter

/// What a large run costs in host memory: outputs copied back only on request
/// (`RunOptions.outputNames`), zero-filled buffers without a host array (`KernelArgument.zeros`),
/// and the `gm.size` refusal before allocating a GM that cannot fit (`RunOptions.maxGMBytes`).
final class GMMemoryTests: XCTestCase {
    /// z = x + 1.5 over 64 f32 (256 bytes each).
    static let program = """
    .param x, gm.f32
    .param z, gm.f32
    .buffer bx, 256
    .buffer bz, 256
            ldparam r1, x
            ldparam r2, z
            copy_gm_ub bx, r1, 1, 8, 0, 0
            set_flag MTE2, V, 0
            wait_flag MTE2, V, 0
            vadds.f32 bz, bx, 1.5, 64
            set_flag V, MTE3, 0
            wait_flag V, MTE3, 0
            copy_ub_gm r2, bz, 1, 8, 0, 0
            end
    """
    static let x = (0..<64).map { Float($0) }

    // MARK: - (1) outputNames

    func testOutputNamesNilCopiesEveryGMParameter() throws {
        let p = T.asm(Self.program)
        guard let all = T.ok(T.run(p, ["x": .gm(bytes: T.bytes(Self.x)), "z": T.zeros(256)])) else { return }
        XCTAssertEqual(Set(all.outputs.keys), ["x", "z"])
        XCTAssertEqual(all.floats("x"), Self.x)
        XCTAssertEqual(all.floats("z"), Self.x.map { $0 + 1.5 })
    }

    func testOutputNamesCopiesOnlyTheNamedParameters() throws {
        let p = T.asm(Self.program)
        let args: [String: KernelArgument] = ["x": .gm(bytes: T.bytes(Self.x)), "z": T.zeros(256)]
        guard let all = T.ok(T.run(p, args)),
              let onlyZ = T.ok(T.run(p, args, options: RunOptions(outputNames: ["z"]))),
              let none = T.ok(T.run(p, args, options: RunOptions(outputNames: []))),
              let unknown = T.ok(T.run(p, args, options: RunOptions(outputNames: ["z", "nosuch"]))) else { return }
        XCTAssertEqual(Set(onlyZ.outputs.keys), ["z"])
        XCTAssertEqual(onlyZ.outputs["z"], all.outputs["z"])
        XCTAssertTrue(none.outputs.isEmpty)
        XCTAssertEqual(Set(unknown.outputs.keys), ["z"], "names that are not GM parameters are ignored")
        // The selection changes nothing else: cycles, bindings and counts are those of the full run.
        for r in [onlyZ, none, unknown] {
            XCTAssertEqual(r.cycles, all.cycles)
            XCTAssertEqual(r.kernelCycles, all.kernelCycles)
            XCTAssertEqual(r.bindings, all.bindings)
            XCTAssertEqual(r.instructions, all.instructions)
            XCTAssertEqual(r.cores, all.cores)
        }
    }

    // MARK: - (2) zeros

    func testZerosIsAZeroFilledBufferWithoutAHostArray() throws {
        let p = T.asm(Self.program)
        guard let bytes = T.ok(T.run(p, ["x": .gm(bytes: T.bytes(Self.x)), "z": .gm(bytes: [UInt8](repeating: 0, count: 256), elementType: .f32, shape: [64])])),
              let zeros = T.ok(T.run(p, ["x": .gm(bytes: T.bytes(Self.x)), "z": .zeros(byteCount: 256, elementType: .f32, shape: [64])]))
        else { return }
        XCTAssertEqual(zeros.outputs, bytes.outputs)
        XCTAssertEqual(zeros.bindings, bytes.bindings)
        XCTAssertEqual(zeros.bindings.first { $0.name == "z" }?.shape, [64])
        XCTAssertEqual(zeros.bindings.first { $0.name == "z" }?.elementType, .f32)
        XCTAssertEqual(zeros.cycles, bytes.cycles)
        XCTAssertEqual(zeros.cores, bytes.cores)
    }

    func testZerosReadAsZeros() throws {
        // An input bound with .zeros reads as zeros, and a longer buffer is zero beyond what the kernel writes.
        let p = T.asm(Self.program)
        guard let r = T.ok(T.run(p, ["x": .zeros(byteCount: 256), "z": .zeros(byteCount: 1024)])) else { return }
        XCTAssertEqual(r.floats("x"), [Float](repeating: 0, count: 64))
        XCTAssertEqual(r.floats("z"), [Float](repeating: 1.5, count: 64) + [Float](repeating: 0, count: 192))
    }

    func testZerosIsCheckedLikeGM() throws {
        let p = T.asm(Self.program)
        let x: KernelArgument = .gm(bytes: T.bytes(Self.x))
        let wrongType = T.err(T.run(p, ["x": x, "z": .zeros(byteCount: 256, elementType: .i32)]))
        XCTAssertEqual(wrongType?.id, "args.type")
        XCTAssertEqual(wrongType?.message, "parameter \"z\" is gm.f32 but the argument holds i32 data")
        let ragged = T.err(T.run(p, ["x": x, "z": .zeros(byteCount: 258)]))
        XCTAssertEqual(ragged?.id, "args.type")
        XCTAssertEqual(ragged?.message, "parameter \"z\" is gm.f32 but the argument's 258 bytes are not a whole number of f32 elements")
        let negative = T.err(T.run(p, ["x": x, "z": .zeros(byteCount: -4)]))
        XCTAssertEqual(negative?.id, "args.size")
        XCTAssertEqual(negative?.message, "parameter \"z\": a zero-filled buffer cannot have -4 bytes")
        let scalar = T.asm(".param n, i64\n        end\n")
        let e = T.err(T.run(scalar, ["n": .zeros(byteCount: 8)]))
        XCTAssertEqual(e?.id, "args.type")
        XCTAssertEqual(e?.message, "parameter \"n\" is i64 but the argument is a GM buffer")
    }

    // MARK: - (4) the GM cap

    func testGMAboveTheCapIsRefusedWithTheSizes() throws {
        let p = T.asm(Self.program)
        // x at 4096 (256 bytes, one 512-byte slot), z at 4608: GM ends 768 bytes after its base.
        let args: [String: KernelArgument] = ["x": .gm(bytes: T.bytes(Self.x)), "z": .zeros(byteCount: 256)]
        guard let e = T.err(T.run(p, args, options: RunOptions(maxGMBytes: 767))) else { return }
        XCTAssertEqual(e.id, "gm.size")
        XCTAssertNil(e.core)
        XCTAssertEqual(e.message, "the kernel's GM parameters need 768 bytes of GM, more than the cap of 767 bytes (largest: x 256 bytes, z 256 bytes); the run would exhaust host memory, so nothing was allocated")
        XCTAssertEqual(e.notes.count, 1)
        XCTAssertTrue(e.notes[0].contains("RunOptions.maxGMBytes"), e.notes[0])
        XCTAssertTrue(e.notes[0].contains("vrun --max-gm-bytes N"), e.notes[0])
        XCTAssertTrue(e.description.hasPrefix("<run>: error: the kernel's GM parameters"), e.description)
        XCTAssertTrue(e.description.contains("[gm.size]"), e.description)
        // At the cap it runs.
        guard let r = T.ok(T.run(p, args, options: RunOptions(maxGMBytes: 768))) else { return }
        XCTAssertEqual(r.floats("z"), Self.x.map { $0 + 1.5 })
    }

    func testHugeZerosAreRefusedBeforeAllocating() throws {
        let p = T.asm(Self.program)
        let x: KernelArgument = .gm(bytes: T.bytes(Self.x))
        // 1 PiB: above the default cap (3/4 of physical memory) of any host this runs on.
        let e = T.err(T.run(p, ["x": x, "z": .zeros(byteCount: 1 << 50)]))
        XCTAssertEqual(e?.id, "gm.size")
        XCTAssertTrue(e?.message.contains("need 1125899906843136 bytes (1048576.00 GiB) of GM") ?? false, e?.message ?? "")
        XCTAssertTrue(e?.message.contains("largest: z 1125899906842624 bytes (1048576.00 GiB), x 256 bytes") ?? false, e?.message ?? "")
        // Sizes whose layout overflows the address space.
        let overflow = T.err(T.run(p, ["x": x, "z": .zeros(byteCount: Int.max - 3)]))
        XCTAssertEqual(overflow?.id, "gm.size")
        XCTAssertTrue(overflow?.message.hasPrefix("the kernel's GM parameters do not fit in 64-bit GM addresses") ?? false, overflow?.message ?? "")
    }

    func testDefaultCapIsThreeQuartersOfPhysicalMemory() {
        let physical = ProcessInfo.processInfo.physicalMemory
        XCTAssertEqual(UInt64(RunOptions.defaultMaxGMBytes), physical / 4 * 3)
        XCTAssertNil(RunOptions().maxGMBytes)
        XCTAssertNil(RunOptions().outputNames)
    }
}
