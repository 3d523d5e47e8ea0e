/// One bad input and the first error it must produce. Lines and columns are 1-based byte
/// positions, counted by hand from the source text (the comments show the counting).
struct DiagnosticCase {
    var name: String
    var source: [UInt8]
    var id: String
    var line: Int
    var column: Int
    /// Text the message must contain.
    var message: String
    var files: [String: String] = [:]
    var defines: [String: String] = [:]
    var path = "main.asm"
    /// Expected file of the diagnostic (defaults to `path`).
    var file: String?
    /// A note the diagnostic must carry: message text, line, column.
    var note: (String, Int, Int)?

    init(_ name: String, _ source: String, _ id: String, _ line: Int, _ column: Int, _ message: String,
         files: [String: String] = [:], defines: [String: String] = [:], path: String = "main.asm", file: String? = nil,
         note: (String, Int, Int)? = nil) {
        self.init(name, Array(source.utf8), id, line, column, message, files: files, defines: defines, path: path, file: file, note: note)
    }

    init(_ name: String, _ bytes: [UInt8], _ id: String, _ line: Int, _ column: Int, _ message: String,
         files: [String: String] = [:], defines: [String: String] = [:], path: String = "main.asm", file: String? = nil,
         note: (String, Int, Int)? = nil) {
        self.name = name
        self.source = bytes
        self.id = id
        self.line = line
        self.column = column
        self.message = message
        self.files = files
        self.defines = defines
        self.path = path
        self.file = file
        self.note = note
    }
}

let diagnosticCases: [DiagnosticCase] = [
    // Instructions.
    .init("unknown mnemonic", "nop\n        vadx.f32 0, 0, 0, 64\n", "asm.unknown-mnemonic", 2, 9, "unknown mnemonic 'vadx'"),
    .init("upper-case mnemonic", "NOP\n", "asm.unknown-mnemonic", 1, 1, "mnemonics are lower case: 'nop'"),
    .init("too few operands", "add r1, r2\n", "asm.operand-count", 1, 1, "add takes 3 operands (rd, ra, b), found 2"),
    // "nop 1": the extra operand is at column 5.
    .init("too many operands", "nop 1\n", "asm.operand-count", 1, 5, "nop takes no operands, found 1"),
    .init("empty operand", "add r1, , 1\n", "asm.syntax", 1, 9, "operand 2 (ra) of add is empty"),
    .init("immediate where a register is needed", "mov 5, r1\n", "asm.operand-kind", 1, 5, "mov operand 1 (rd): expected a register, found '5'"),
    .init("register where a flag id is needed", "set_flag V, MTE2, r1\n", "asm.operand-kind", 1, 19, "expected a flag id 0..7, found register r1"),
    .init("bad pipe name", "set_flag X, V, 0\n", "asm.operand-kind", 1, 10, "expected a pipe (S, V, MTE2, MTE3), found 'X'"),
    .init("float where an integer is needed", "mov r1, 1.5\n", "asm.operand-kind", 1, 9, "float literal 1.5 where an integer is expected"),
    .init("immediate out of range", "trap 70000\n", "asm.range", 1, 6, "immediate 70000 is out of range 0...65535"),
    // "copy_gm_ub 0, r1, 4096, ...": the count (operand 3) is at column 19.
    .init("DMA count out of range", "copy_gm_ub 0, r1, 4096, 1, 0, 0\n", "asm.range", 1, 19, "immediate 4096 is out of range 1...4095"),
    .init("unknown suffix", "vadd.f64 0, 0, 0, 64\n", "asm.unknown-suffix", 1, 5, "unknown type suffix '.f64'"),
    .init("suffix not allowed", "vand.f32 0, 0, 0, 64\n", "asm.suffix-not-allowed", 1, 5, "vand does not take '.f32': it takes .i32, .u32"),
    .init("suffix on an untyped instruction", "nop.f32\n", "asm.suffix-not-allowed", 1, 4, "nop does not take '.f32': it takes no type suffix"),
    .init("missing suffix", "vadd 0, 0, 0, 64\n", "asm.missing-suffix", 1, 5, "vadd needs a type suffix"),
    // "vadd.f32 16, ...": the first operand starts at column 10.
    .init("misaligned UB immediate", "vadd.f32 16, 0, 0, 64\n", "asm.alignment", 1, 10, "UB address 16 is not 32-byte aligned"),
    .init("misaligned scalar UB load", "ld.f32 r1, 2\n", "asm.alignment", 1, 12, "UB address 2 is not 4-byte aligned"),
    .init("UB address past the UB", "vdup.f32 196608, 0.0, 8\n", "asm.range", 1, 10, "outside the UB (196608 bytes)"),
    .init("pipe_barrier S", "pipe_barrier S\n", "asm.barrier-s", 1, 14, "pipe_barrier(S) is illegal"),
    // "set_flag V, MTE2, 8": the id is at column 19.
    .init("flag id 8", "set_flag V, MTE2, 8\n", "asm.range", 1, 19, "flag id 8 is out of range 0..7"),
    .init("register r32", "mov r32, 1\n", "asm.bad-register", 1, 5, "no register 'r32'"),
    .init("flag between one pipe", "set_flag V, V, 0\n", "bytecode.flag", 1, 1, "a flag joins two different pipes"),

    // Labels.
    .init("undefined label", "jmp nowhere\n", "asm.undefined-label", 1, 5, "undefined label 'nowhere'"),
    .init("duplicate label", "a: nop\na: nop\n", "asm.duplicate-label", 2, 1, "label 'a' is already defined", note: ("first defined here", 1, 1)),
    .init("undefined local label", "f:\n  jmp .x\n", "asm.undefined-label", 2, 7, "undefined local label '.x' in the scope of 'f'"),
    .init("label with no instruction after it", "jmp done\ndone:\n", "asm.label-at-end", 1, 5, "label 'done' has no instruction after it"),
    .init("label named like a register", "r3: nop\n", "asm.reserved-name", 1, 1, "'r3' is a register name"),

    // Symbols and expressions.
    .init("undefined symbol", "mov r1, FOO\n", "asm.undefined-symbol", 1, 9, "undefined symbol 'FOO'"),
    .init("constant used before definition", "mov r1, N\n.equ N, 1\n", "asm.undefined-symbol", 1, 9, "must be defined before they are used"),
    .init("parameter used as a value", ".param n, i64\nmov r1, n\n", "asm.undefined-symbol", 2, 9, "read it with ldparam"),
    // ".equ X, 4 / (2 - 2)": '/' at column 11.
    .init("division by zero", ".equ X, 4 / (2 - 2)\n", "asm.division-by-zero", 1, 11, "division by zero"),
    .init("remainder by zero", ".equ X, 4 % 0\n", "asm.division-by-zero", 1, 11, "division by zero"),
    // ".equ X, 0x7fffffffffffffff + 1": 8 characters, an 18-character literal at 9...26, '+' at 28.
    .init("addition overflow", ".equ X, 0x7fffffffffffffff + 1\n", "asm.overflow", 1, 28, "overflows 64-bit signed arithmetic"),
    // 3037000500^2 = 9223372037000250000 > 2^63 - 1; the '*' is at column 20.
    .init("multiplication overflow", ".equ X, 3037000500 * 3037000500\n", "asm.overflow", 1, 20, "overflows 64-bit signed arithmetic"),
    .init("negating the minimum", ".equ X, -(-9223372036854775808)\n", "asm.overflow", 1, 9, "overflows"),
    .init("literal too large", ".equ X, 99999999999999999999\n", "asm.overflow", 1, 9, "does not fit in 64 bits"),
    .init("shift count", ".equ X, 1 << 64\n", "asm.overflow", 1, 11, "shift count 64 is outside 0...63"),
    .init("align by zero", ".equ X, align(5, 0)\n", "asm.division-by-zero", 1, 9, "the alignment must be positive"),
    .init("sizeof of a non-buffer", ".equ A, 1\n.equ X, sizeof(A)\n", "asm.undefined-symbol", 2, 16, "sizeof: 'A' is not a buffer"),
    .init("duplicate constant", ".equ A, 1\n.equ A, 2\n", "asm.duplicate-symbol", 2, 6, "'A' is already defined", note: ("first defined here", 1, 6)),
    .init("constant redefines -D", ".equ A, 2\n", "asm.duplicate-symbol", 1, 6, "already defined with -D", defines: ["A": "1"]),
    .init("constant named like a register", ".equ r5, 1\n", "asm.reserved-name", 1, 6, "'r5' is a register name"),
    .init("expression nested too deep", ".equ X, " + String(repeating: "(", count: 5000) + "1\n", "asm.syntax", 1, 209, "nested deeper than 200"),
    .init("expression syntax", ".equ X, (1 + 2\n", "asm.syntax", 1, 15, "expected ')'"),

    // Lexing.
    .init("unexpected character", "mov r1, 5 $\n", "asm.unexpected-character", 1, 11, "unexpected character '$'"),
    .init("malformed number", "mov r1, 12abc\n", "asm.bad-number", 1, 9, "malformed number '12abc'"),
    .init("float without exponent digits", "fmov r1, 1.5e\n", "asm.bad-number", 1, 10, "exponent has no digits"),
    .init("float in an expression", "fmov r1, 1.5 * 2\n", "asm.syntax", 1, 10, "a float literal cannot be part of an expression"),
    .init("f32bits beyond 32 bits", "fmov r1, f32bits(1 << 32)\n", "asm.range", 1, 10, "f32bits(4294967296) does not fit in 32 bits"),
    .init("float literal too large", "fmov r1, 1e50\n", "asm.range", 1, 10, "out of the f32 range"),
    .init("unterminated string", ".error \"abc\n", "asm.unterminated-string", 1, 8, "unterminated string"),
    .init("invalid UTF-8", Array("nop\n  ".utf8) + [0xFF, 0x0A], "asm.invalid-utf8", 2, 3, "not valid UTF-8"),
    // "add r1, r1, 1" is 13 bytes: the NUL is at column 14.
    .init("NUL byte", Array("nop\nadd r1, r1, 1".utf8) + [0, 0x0A], "asm.nul-byte", 2, 14, "NUL byte"),

    // Directives.
    .init("unknown directive", "nop\n.frob 1\n", "asm.unknown-directive", 2, 1, "unknown directive '.frob'"),
    .init("duplicate param", ".param x, i64\n.param x, f32\n", "asm.duplicate-param", 2, 8, "parameter 'x' is already declared",
          note: ("first declared here", 1, 8)),
    .init("unknown param kind", ".param x, gm.f64\n", "asm.param-kind", 1, 11, "unknown parameter kind 'gm.f64'"),
    // "ldparam r1, y": y at column 13.
    .init("unknown param in ldparam", ".param x, i64\nldparam r1, y\n", "asm.unknown-param", 2, 13, "no parameter 'y'"),
    .init("buffer alignment", ".buffer a, 64, 48\n", "asm.buffer-alignment", 1, 16, "alignment 48 is not a power of two >= 32"),
    // 100000 is a multiple of 32, so b starts at 100000 and ends at 200000: 3392 bytes too many.
    .init("UB overflow", ".buffer a, 100000\n.buffer b, 100000\n", "asm.ub-overflow", 2, 9,
          "the buffers need 200000 bytes, 3392 more than the UB's 196608", note: ("buffer 'a': offset 0, 100000 bytes", 1, 9)),
    .init(".ubsize after code", "nop\n.ubsize 1024\n", "asm.ubsize-late", 2, 1, "must come before the first buffer and instruction"),
    .init(".ubsize not a multiple of 32", ".ubsize 1000\n", "asm.range", 1, 9, "UB size 1000 is not a positive multiple of 32"),
    .init(".error directive", ".ifndef TILE\n.error \"TILE must be given\"\n.endif\n", "asm.error-directive", 2, 1, "TILE must be given"),
    .init(".file out of order", ".file 1 \"a.asm\"\n", "asm.file-number", 1, 7, "expected 0, found 1"),
    .init(".loc of an undeclared file", ".loc 0 1 1\nnop\n", "asm.file-number", 1, 6, "only 0 were declared"),

    // Conditionals.
    .init("unterminated .if", ".if 1\nnop\n", "asm.unterminated-if", 1, 1, "'.if' is not closed by '.endif' before the end of file"),
    .init(".else without .if", "nop\n.else\n", "asm.unbalanced-conditional", 2, 1, "'.else' without '.if'"),
    .init(".endif without .if", ".endif\n", "asm.unbalanced-conditional", 1, 1, "'.endif' without '.if'"),
    .init(".elif after .else", ".if 0\n.else\n.elif 1\n.endif\n", "asm.unbalanced-conditional", 3, 1, "'.elif' after '.else'",
          note: ("'.if' is here", 1, 1)),
    .init(".elif after a taken branch is not evaluated", ".if 1\n.elif 1 / 0\n.endif\nmov r1, 1 / 0\n", "asm.division-by-zero", 4, 11, "division by zero"),

    // -D.
    .init("bad -D name", "nop\n", "asm.bad-define", 0, 0, "-D 1X: '1X' is not a valid name", defines: ["1X": "2"], file: "<command line>"),
    .init("bad -D value", "nop\n", "asm.bad-define", 0, 0, "-D N=3 +: expression ends too early", defines: ["N": "3 +"], file: "<command line>"),

    // Macros.
    .init("recursive macro", ".macro M\n M\n.endm\n M\n", "asm.macro-recursion", 4, 2, "deeper than 64"),
    .init("macro missing argument", ".macro M a, b\nnop\n.endm\nM 1\n", "asm.macro-missing-argument", 4, 1, "macro 'M' needs argument 'b'"),
    .init("unknown named macro argument", ".macro M a\nnop\n.endm\nM c=1\n", "asm.macro-unknown-argument", 4, 3, "macro 'M' has no argument 'c'"),
    .init("too many macro arguments", ".macro M a\nnop\n.endm\nM 1, 2\n", "asm.macro-too-many-arguments", 4, 6, "macro 'M' takes 1 argument"),
    .init("unknown \\name in a macro body", ".macro M a\nmov r1, \\b\n.endm\nM 1\n", "asm.macro-unknown-argument", 4, 1,
          "macro 'M' has no argument 'b'", note: ("in the body of macro 'M'", 2, 9)),
    .init("error inside an expansion", ".macro M\nvadx.f32 0, 0, 0, 1\n.endm\n  M\n", "asm.unknown-mnemonic", 4, 3, "unknown mnemonic 'vadx'",
          note: ("in expansion of macro 'M'", 2, 1)),
    .init("unterminated macro", ".macro M\nnop\n", "asm.unterminated-macro", 1, 8, "macro 'M' is not closed by '.endm'"),
    .init(".endm without .macro", ".endm\n", "asm.unbalanced-macro", 1, 1, "'.endm' without '.macro'"),
    .init("macro named like an instruction", ".macro add\n.endm\n", "asm.duplicate-macro", 1, 8, "has the name of an instruction"),
    .init("unterminated .if in a macro body", ".macro M\n.if 1\n.endm\nM\n", "asm.unterminated-if", 4, 1, "before the end of macro 'M'"),

    // Includes.
    .init("recursive include", ".include \"a.inc\"\n", "asm.include-recursion", 2, 1, "recursive include of 'k/a.inc': k/a.inc -> k/b.inc -> k/a.inc",
          files: ["k/a.inc": ".include \"b.inc\"\n", "k/b.inc": "\n.include \"a.inc\"\n"], path: "k/main.asm", file: "k/b.inc"),
    .init("missing include", ".include \"nope.inc\"\n", "asm.include-not-found", 1, 1, "cannot read include file 'nope.inc' (looked for 'k/nope.inc')",
          path: "k/main.asm", file: "k/main.asm"),
    .init("include of a .asm file", ".include \"other.asm\"\n", "asm.include-extension", 1, 1, "can only include '.inc' files",
          files: ["other.asm": "nop\n"]),
    .init("error inside an included file", ".include \"x.inc\"\n", "asm.unknown-mnemonic", 2, 3, "unknown mnemonic 'frob'",
          files: ["x.inc": "nop\n  frob\n"], file: "x.inc"),
]
