// swift-tools-version:6.0
// The NPU vector-core toolchain: an ISA modelled on the Ascend 910B AI Vector core,
// the assembler `vasm`, and the many-core interpreter `vrun`. No package dependencies.
import PackageDescription

let package = Package(
    name: "VectorCoreToolchain",
    products: [
        .executable(name: "vasm", targets: ["vasm"]),
        .executable(name: "vrun", targets: ["vrun"]),
        .library(name: "ISA", targets: ["ISA"]),
        .library(name: "Assembler", targets: ["Assembler"]),
        .library(name: "Interpreter", targets: ["Interpreter"]),
    ],
    targets: [
        // The single source of truth: opcode table, program model, bytecode, machine presets.
        .target(name: "ISA"),
        // Text to program: lexer, expressions, macros, includes, diagnostics; and the disassembler.
        .target(name: "Assembler", dependencies: ["ISA"]),
        // The machine model: functional execution, pipes, flags, cycle model, checks, traces.
        .target(name: "Interpreter", dependencies: ["ISA"]),
        // NumPy .npy reading and writing (format 1 and 2), with fp16 conversion.
        .target(name: "NPY"),
        // Multi-scale deformable attention: the Swift reference, workloads, host layouts, drivers.
        .target(name: "MSDA", dependencies: ["ISA", "Assembler", "Interpreter", "NPY"]),
        // The commands behind the thin executables: argument parsing, vasm, vrun.
        .target(name: "Commands", dependencies: ["ISA", "Assembler", "Interpreter", "NPY", "MSDA"]),
        .executableTarget(name: "vasm", dependencies: ["Commands"]),
        .executableTarget(name: "vrun", dependencies: ["Commands"]),
        // Benchmarks (release builds, not timed tests): `swift run -c release vbench --help`.
        .executableTarget(name: "vbench", dependencies: ["ISA", "Assembler", "Interpreter", "NPY", "MSDA", "Commands"]),
        .testTarget(name: "ISATests", dependencies: ["ISA"]),
        .testTarget(name: "AssemblerTests", dependencies: ["ISA", "Assembler"]),
        .testTarget(name: "InterpreterTests", dependencies: ["ISA", "Assembler", "Interpreter"]),
        .testTarget(name: "NPYTests", dependencies: ["NPY"]),
        .testTarget(name: "MSDATests", dependencies: ["ISA", "Assembler", "Interpreter", "NPY", "MSDA"], resources: [.copy("Golden")]),
        .testTarget(name: "CommandsTests", dependencies: ["ISA", "Assembler", "Interpreter", "Commands", "MSDA"]),
        .testTarget(name: "HostileInputTests", dependencies: ["ISA", "Assembler", "Interpreter", "NPY", "Commands"], resources: [.copy("Corpus")]),
    ]
)
