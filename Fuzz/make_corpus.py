#!/usr/bin/env python3
"""Writes the negative corpus of Tests/HostileInputTests/Corpus.

Each case is CATEGORY/NAME.EXT with its expectation in CATEGORY/NAME.expect (`key: value`
lines, docs/Robustness.md). Files without a .expect beside them are auxiliary (included files,
kernels and .npy files that command-line cases name). Binary cases (.vbin, .npy) are built here
from docs/Bytecode.md and numpy.lib.format, with the offsets computed from the spec, so the
expectations do not come from running the code under test.

    python3 Fuzz/make_corpus.py     # rewrites the corpus (idempotent)
"""
import os, shutil, struct, sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "HostileInputTests", "Corpus")
ROOT = os.path.normpath(ROOT)
count = {}


def write(cat, name, data, expect=None):
    d = os.path.join(ROOT, cat)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())
    if expect is not None:
        stem = name.rsplit(".", 1)[0]
        lines = []
        for k, v in expect:
            lines.append(f"{k}: {v}")
        with open(os.path.join(d, stem + ".expect"), "w") as f:
            f.write("\n".join(lines) + "\n")
        count[cat] = count.get(cat, 0) + 1


# ---------------------------------------------------------------------------------------------
# asm-text: malformed assembly text. `at` is FILE:LINE:COL of the first error.

def asm(cat, name, text, eid, at, **more):
    exp = [("id", eid), ("at", at)] + [(k.replace("_", "-"), v) for k, v in more.items()]
    write(cat, name + ".asm", text, exp)


T = "asm-text"
asm(T, "invalid_utf8", b".param x, gm.f32\n  nop \xff\xfe\nend\n", "asm.invalid-utf8", "invalid_utf8.asm:2:7")
asm(T, "nul_byte", b"nop\n\x00end\n", "asm.nul-byte", "nul_byte.asm:2:1")
asm(T, "nul_in_comment", b"nop ; hi\x00\nend\n", "asm.nul-byte", "nul_in_comment.asm:1:9")
asm(T, "utf8_overlong", b"\xc0\xafnop\nend\n", "asm.invalid-utf8", "utf8_overlong.asm:1:1")
asm(T, "utf8_cut_at_eof", b"nop\nend ; \xe2\x82", "asm.invalid-utf8", "utf8_cut_at_eof.asm:2:7")
asm(T, "utf8_surrogate", b"; \xed\xa0\x80\nend\n", "asm.invalid-utf8", "utf8_surrogate.asm:1:3")
asm(T, "utf8_above_10ffff", b"end ; \xf4\x90\x80\x80\n", "asm.invalid-utf8", "utf8_above_10ffff.asm:1:7")
asm(T, "latin1_text", b"; caf\xe9\nend\n", "asm.invalid-utf8", "latin1_text.asm:1:6")
asm(T, "huge_literal_2p63", "mov r1, 9223372036854775808\nend\n", "asm.overflow", "huge_literal_2p63.asm:1:9")
asm(T, "huge_literal_100_digits", "mov r1, " + "9" * 100 + "\nend\n", "asm.overflow", "huge_literal_100_digits.asm:1:9")
asm(T, "huge_hex", "mov r1, 0x1_0000_0000_0000_0000\nend\n", "asm.overflow", "huge_hex.asm:1:9")
asm(T, "overflow_mul", "mov r1, 4611686018427387904 * 2\nend\n", "asm.overflow", "overflow_mul.asm:1:29")
asm(T, "overflow_negate_min", "mov r1, -(-9223372036854775808)\nend\n", "asm.overflow", "overflow_negate_min.asm:1:9")
asm(T, "overflow_add", "mov r1, 9223372036854775807 + 1\nend\n", "asm.overflow", "overflow_add.asm:1:29")
asm(T, "shift_count_64", "mov r1, 1 << 64\nend\n", "asm.overflow", "shift_count_64.asm:1:11")
asm(T, "shift_loses_bits", "mov r1, 3 << 62\nend\n", "asm.overflow", "shift_loses_bits.asm:1:11")
asm(T, "division_by_zero", "mov r1, 5 / (2 - 2)\nend\n", "asm.division-by-zero", "division_by_zero.asm:1:11")
asm(T, "remainder_by_zero", "mov r1, 5 % 0\nend\n", "asm.division-by-zero", "remainder_by_zero.asm:1:11")
asm(T, "min_div_minus_one", "mov r1, -9223372036854775808 / -1\nend\n", "asm.overflow", "min_div_minus_one.asm:1:30")
asm(T, "deep_parentheses", "mov r1, " + "(" * 500 + "1" + ")" * 500 + "\nend\n", "asm.syntax", "deep_parentheses.asm:1:209")
asm(T, "deep_unary_minus", "mov r1, " + "-" * 1000 + "1\nend\n", "asm.syntax", "deep_unary_minus.asm:1:209")
asm(T, "deep_unary_not", "mov r1, " + "!~" * 5000 + "1\nend\n", "asm.syntax", "deep_unary_not.asm:1:209")
asm(T, "deep_if_unterminated", ".if 1\n" * 3000 + "nop\n" + ".endif\n" * 2999 + "end\n", "asm.unterminated-if", "deep_if_unterminated.asm:1:1")
asm(T, "long_line_undefined_symbol", "mov r1, " + "1+" * 200000 + "x\nend\n", "asm.undefined-symbol", f"long_line_undefined_symbol.asm:1:{9 + 400000}")
asm(T, "macro_self_recursion", ".macro M\n        M\n.endm\n        M\n        end\n", "asm.macro-recursion", "macro_self_recursion.asm:4:9")
asm(T, "macro_mutual_recursion", ".macro A\n B\n.endm\n.macro B\n A\n.endm\n A\n end\n", "asm.macro-recursion", "macro_mutual_recursion.asm:7:2")
bomb = "".join(f".macro M{i}\n" + f" M{i-1}\n" * 10 + ".endm\n" for i in range(1, 8))
asm(T, "macro_expansion_bomb", ".macro M0\n nop\n.endm\n" + bomb + " M7\n end\n", "asm.macro-recursion", "macro_expansion_bomb.asm:88:2", seconds=20)
asm(T, "macro_unterminated", ".macro M\n nop\n", "asm.unterminated-macro", "macro_unterminated.asm:1:8")
asm(T, "macro_unbalanced_endm", " nop\n.endm\n end\n", "asm.unbalanced-macro", "macro_unbalanced_endm.asm:2:1")
asm(T, "macro_missing_argument", ".macro M a, b\n mov r1, \\a + \\b\n.endm\n M 1\n end\n", "asm.macro-missing-argument", "macro_missing_argument.asm:4:2")
asm(T, "macro_unknown_argument", ".macro M a\n mov r1, \\a\n.endm\n M a=1, c=2\n end\n", "asm.macro-unknown-argument", "macro_unknown_argument.asm:4:9")
asm(T, "macro_duplicate_argument", ".macro M a\n mov r1, \\a\n.endm\n M 1, a=2\n end\n", "asm.macro-duplicate-argument", "macro_duplicate_argument.asm:4:7")
asm(T, "macro_too_many_arguments", ".macro M a\n mov r1, \\a\n.endm\n M 1, 2\n end\n", "asm.macro-too-many-arguments", "macro_too_many_arguments.asm:4:7")
asm(T, "macro_duplicate", ".macro M\n nop\n.endm\n.macro M\n nop\n.endm\n end\n", "asm.duplicate-macro", "macro_duplicate.asm:4:8")
asm(T, "include_self", '.include "self_loop.inc"\n end\n', "asm.include-recursion", "self_loop.inc:1:1")
write(T, "self_loop.inc", '.include "self_loop.inc"\n')
asm(T, "include_cycle", '.include "cycle_a.inc"\n end\n', "asm.include-recursion", "cycle_b.inc:2:1")
write(T, "cycle_a.inc", ' nop\n.include "cycle_b.inc"\n')
write(T, "cycle_b.inc", ' nop\n.include "cycle_a.inc"\n')
asm(T, "include_too_deep", '.include "chain_0.inc"\n end\n', "asm.include-recursion", "chain_30.inc:1:1")
for i in range(40):
    write(T, f"chain_{i}.inc", f'.include "chain_{i+1}.inc"\n')
asm(T, "include_not_found", '.include "no_such_file.inc"\n end\n', "asm.include-not-found", "include_not_found.asm:1:1")
asm(T, "include_asm_extension", '.include "self_loop.asm"\n end\n', "asm.include-extension", "include_asm_extension.asm:1:1")
asm(T, "include_directory", '.include "."\n end\n', "asm.include-extension", "include_directory.asm:1:1")
asm(T, "unterminated_string", '.error "no end\n end\n', "asm.unterminated-string", "unterminated_string.asm:1:8")
asm(T, "bad_escape", '.error "\\q"\n end\n', "asm.bad-escape", "bad_escape.asm:1:9")
asm(T, "bad_hex_escape", '.error "\\xZZ"\n end\n', "asm.bad-escape", "bad_hex_escape.asm:1:9")
asm(T, "unknown_mnemonic", "vadx.f32 0, 0, 0, 64\nend\n", "asm.unknown-mnemonic", "unknown_mnemonic.asm:1:1")
asm(T, "uppercase_mnemonic", "NOP\nend\n", "asm.unknown-mnemonic", "uppercase_mnemonic.asm:1:1")
asm(T, "unexpected_character", "nop $\nend\n", "asm.unexpected-character", "unexpected_character.asm:1:5")
asm(T, "byte_order_mark", b"\xef\xbb\xbfnop\nend\n", "asm.unexpected-character", "byte_order_mark.asm:1:1")
asm(T, "control_character", b"nop\x01\nend\n", "asm.unexpected-character", "control_character.asm:1:4")
asm(T, "number_with_letters", "mov r1, 12abc\nend\n", "asm.bad-number", "number_with_letters.asm:1:9")
asm(T, "hex_without_digits", "mov r1, 0x\nend\n", "asm.bad-number", "hex_without_digits.asm:1:9")
asm(T, "binary_digit_2", "mov r1, 0b102\nend\n", "asm.bad-number", "binary_digit_2.asm:1:9")
asm(T, "float_beyond_f32", "fmov r1, 1e39\nend\n", "asm.range", "float_beyond_f32.asm:1:10")
asm(T, "float_exponent_huge", "fmov r1, 1e999999999999999999999\nend\n", "asm.range", "float_exponent_huge.asm:1:10")
asm(T, "crlf_error_line_3", "nop\r\nnop\r\nbogus\r\nend\r\n", "asm.unknown-mnemonic", "crlf_error_line_3.asm:3:1")
asm(T, "many_errors", "".join(f"bad{i}\n" for i in range(30)) + "end\n", "asm.unknown-mnemonic", "many_errors.asm:1:1", also="asm.too-many-errors")
asm(T, "error_directive", '.error "unsupported tile size"\nend\n', "asm.error-directive", "error_directive.asm:1:1")
asm(T, "unbalanced_endif", "nop\n.endif\nend\n", "asm.unbalanced-conditional", "unbalanced_endif.asm:2:1")
asm(T, "else_without_if", ".else\nend\n", "asm.unbalanced-conditional", "else_without_if.asm:1:1")
asm(T, "if_without_expression", ".if\nnop\n.endif\nend\n", "asm.syntax", "if_without_expression.asm:1:4")
asm(T, "conditional_across_macro", ".macro M\n.if 1\n.endm\n M\n.endif\n end\n", "asm.unterminated-if", "conditional_across_macro.asm:4:2")
asm(T, "empty_operand", "add r1, , 2\nend\n", "asm.syntax", "add r1, , 2".find(",", 6) and "empty_operand.asm:1:9")
asm(T, "trailing_comma", "mov r1, 2,\nend\n", "asm.operand-count", "trailing_comma.asm:1:11")
asm(T, "only_garbage_bytes", bytes(range(0x21, 0x2f)) + b"\n", "asm.unterminated-string", "only_garbage_bytes.asm:1:2")

# ---------------------------------------------------------------------------------------------
# asm-invalid: well-formed text breaking a rule of the assembler or the program validator.
V = "asm-invalid"
asm(V, "count_out_of_range", ".param x, gm\n ldparam r1, x\n copy_gm_ub 0, r1, 4096, 1, 0, 0\n end\n", "asm.range", "count_out_of_range.asm:3:20")
asm(V, "ub_misaligned", "vadd.f32 16, 0, 0, 64\nend\n", "asm.alignment", "ub_misaligned.asm:1:10")
asm(V, "ub_past_end", "vadd.f32 196608, 0, 0, 64\nend\n", "asm.range", "ub_past_end.asm:1:10")
asm(V, "ld_misaligned", "ld.u32 r1, 2\nend\n", "asm.alignment", "ld_misaligned.asm:1:12")
asm(V, "barrier_s", "pipe_barrier S\nend\n", "asm.barrier-s", "barrier_s.asm:1:14")
asm(V, "set_flag_same_pipe", "set_flag V, V, 0\nwait_flag V, V, 0\nend\n", "bytecode.flag", "set_flag_same_pipe.asm:1:1")
asm(V, "flag_id_8", "set_flag S, V, 8\nwait_flag S, V, 8\nend\n", "asm.range", "flag_id_8.asm:1:16")
asm(V, "operand_count", "vadd.f32 0, 0, 0\nend\n", "asm.operand-count", "operand_count.asm:1:1")
asm(V, "immediate_for_register", "add r1, 5, 3\nend\n", "asm.operand-kind", "immediate_for_register.asm:1:9")
asm(V, "float_for_int", "mov r1, 1.5\nend\n", "asm.operand-kind", "float_for_int.asm:1:9")
asm(V, "float_arithmetic", "fmov r1, 1.5 * 2\nend\n", "asm.syntax", "float_arithmetic.asm:1:10")
asm(V, "missing_suffix", "vadd 0, 0, 0, 64\nend\n", "asm.missing-suffix", "missing_suffix.asm:1:5")
asm(V, "unknown_suffix", "vadd.f64 0, 0, 0, 64\nend\n", "asm.unknown-suffix", "unknown_suffix.asm:1:5")
asm(V, "suffix_not_allowed", "vand.f32 0, 0, 0, 64\nend\n", "asm.suffix-not-allowed", "suffix_not_allowed.asm:1:5")
asm(V, "suffix_on_nop", "nop.f32\nend\n", "asm.suffix-not-allowed", "suffix_on_nop.asm:1:4")
asm(V, "undefined_label", "jmp nowhere\nend\n", "asm.undefined-label", "undefined_label.asm:1:5")
asm(V, "duplicate_label", "a: nop\na: end\n", "asm.duplicate-label", "duplicate_label.asm:2:1")
asm(V, "label_at_end", "jmp last\nend\nlast:\n", "asm.label-at-end", "label_at_end.asm:1:5")
asm(V, "undefined_symbol", "mov r1, FOO\nend\n", "asm.undefined-symbol", "undefined_symbol.asm:1:9")
asm(V, "symbol_used_before_definition", "mov r1, LATER\n.equ LATER, 1\nend\n", "asm.undefined-symbol", "symbol_used_before_definition.asm:1:9")
asm(V, "duplicate_symbol", ".equ A, 1\n.equ A, 2\nend\n", "asm.duplicate-symbol", "duplicate_symbol.asm:2:6")
asm(V, "duplicate_param", ".param x, gm\n.param x, i64\nend\n", "asm.duplicate-param", "duplicate_param.asm:2:8")
asm(V, "param_kind", ".param x, gm.f64\nend\n", "asm.param-kind", "param_kind.asm:1:11")
asm(V, "too_many_params", "".join(f".param p{i}, i64\n" for i in range(256)) + "end\n", "asm.range", "too_many_params.asm:256:8", message="255")
asm(V, "buffer_alignment", ".buffer b, 64, 48\nend\n", "asm.buffer-alignment", "buffer_alignment.asm:1:16")
asm(V, "ub_overflow", ".buffer a, 100000\n.buffer b, 100000\nend\n", "asm.ub-overflow", "ub_overflow.asm:2:9", message="by")
asm(V, "buffer_size_negative", ".buffer a, -32\nend\n", "asm.range", "buffer_size_negative.asm:1:12")
asm(V, "ubsize_late", "nop\n.ubsize 1024\nend\n", "asm.ubsize-late", "ubsize_late.asm:2:1")
asm(V, "ubsize_not_multiple_of_32", ".ubsize 1000\nend\n", "asm.range", "ubsize_not_multiple_of_32.asm:1:9")
asm(V, "ubsize_twice", ".ubsize 1024\n.ubsize 1024\nend\n", "asm.duplicate-symbol", "ubsize_twice.asm:2:1")
asm(V, "unknown_param", "ldparam r1, nope\nend\n", "asm.unknown-param", "unknown_param.asm:1:13")
asm(V, "unknown_directive", ".frobnicate 3\nend\n", "asm.unknown-directive", "unknown_directive.asm:1:1")
asm(V, "file_number_gap", '.file 1 "a.asm"\nend\n', "asm.file-number", "file_number_gap.asm:1:7")
asm(V, "bad_register_r32", "mov r32, 1\nend\n", "asm.bad-register", "bad_register_r32.asm:1:5")
asm(V, "reg_alias_r40", ".reg i, r40\nend\n", "asm.bad-register", "reg_alias_r40.asm:1:9")
asm(V, "label_named_register", "r1: nop\nend\n", "asm.reserved-name", "label_named_register.asm:1:1")
asm(V, "equ_named_register", ".equ r3, 1\nend\n", "asm.reserved-name", "equ_named_register.asm:1:6")
asm(V, "trap_code_too_big", "trap 65536\nend\n", "asm.range", "trap_code_too_big.asm:1:6")
asm(V, "vector_count_too_big", "vadd.f32 0, 0, 0, 16777217\nend\n", "asm.range", "vector_count_too_big.asm:1:19")
asm(V, "wait_flag_same_pipe", "wait_flag MTE2, MTE2, 0\nend\n", "bytecode.flag", "wait_flag_same_pipe.asm:1:1")
asm(V, "bad_condition", "cset r1, r2, 3, xx\nend\n", "asm.operand-kind", "bad_condition.asm:1:17")
asm(V, "bad_rounding_mode", "ftoi r1, r2, up\nend\n", "asm.operand-kind", "bad_rounding_mode.asm:1:14")
asm(V, "bad_pipe", "set_flag S, VEC, 0\nend\n", "asm.operand-kind", "bad_pipe.asm:1:13")
asm(V, "buffers_overlap", ".buffer a, 64, 32, 0\n.buffer b, 64, 32, 32\nend\n", "bytecode.buffer", "buffers_overlap.asm:0:0")
asm(V, "equ_of_define", ".equ N, 4\nend\n", "asm.duplicate-symbol", "equ_of_define.asm:1:6", define="N=8")
asm(V, "sizeof_unknown_buffer", "mov r1, sizeof(nobuf)\nend\n", "asm.undefined-symbol", "sizeof_unknown_buffer.asm:1:16")
asm(V, "align_by_zero", "mov r1, align(5, 0)\nend\n", "asm.division-by-zero", "align_by_zero.asm:1:9")

# ---------------------------------------------------------------------------------------------
# bytecode: malformed .vbin files. `offset` is the byte offset the loader must report.

def le16(v): return struct.pack("<H", v & 0xFFFF)
def le32(v): return struct.pack("<I", v & 0xFFFFFFFF)
def le64(v): return struct.pack("<Q", v & 0xFFFFFFFFFFFFFFFF)
def lstr(s): b = s if isinstance(s, bytes) else s.encode(); return le16(len(b)) + b
def imm(v):  # register-or-immediate immediate, canonical
    return b"\x40" + struct.pack("<i", v) if -2**31 <= v < 2**31 else b"\x41" + struct.pack("<q", v)


def container(sections, fmt=1, isa=1):
    out = b"VBIN" + le16(fmt) + le16(isa)
    for sid, payload in sections:
        out += bytes([sid]) + le32(len(payload)) + payload
    return out


def minimal(code, count, ub=196608, params=le16(0), buffers=le16(0), debug=le16(0) + le32(0)):
    """No params, no buffers, no debug: the first instruction is at byte 35 (docs/Bytecode.md)."""
    return container([(1, params), (2, le32(ub) + buffers), (3, le32(count) + code), (4, debug)])


example = bytes.fromhex(
    "56 42 49 4e 01 00 01 00 01 08 00 00 00 01 00 13 03 00 6f 75 74 02 17 00 00 00 00 00 03 00"
    " 01 00 03 00 62 75 66 00 00 00 00 00 01 00 00 20 00 00 00 03 3c 00 00 00 06 00 00 00 12 01"
    " 00 55 03 40 00 00 00 00 40 00 00 80 3f 40 40 00 00 00 90 01 03 00 91 01 03 00 88 01 40 00"
    " 00 00 00 40 01 00 00 00 40 08 00 00 00 40 00 00 00 00 40 00 00 00 00 3f 04 3d 00 00 00 01"
    " 00 05 00 6b 2e 61 73 6d 06 00 00 00" + " 00 00 03 00 00 00 05 00 00 00 04 00 00 00 05 00"
    " 00 00 05 00 00 00 05 00 00 00 06 00 00 00 05 00 00 00 07 00 00 00 05 00 00 00 08 00 00 00 05 00")
assert len(example) == 180, len(example)


def patch(b, off, new):
    b = bytearray(b)
    b[off:off + len(new)] = new
    return bytes(b)


B = "bytecode"
def vbin(name, data, eid, offset, **more):
    write(B, name + ".vbin", data, [("id", eid), ("offset", offset)] + [(k, v) for k, v in more.items()])

END = b"\x3f"
vbin("empty_file", b"", "bytecode.truncated", 0)
vbin("three_bytes", b"VBI", "bytecode.truncated", 3)
vbin("bad_magic", b"VBIX" + example[4:], "bytecode.magic", 0)
vbin("elf_file", b"\x7fELF\x02\x01\x01" + bytes(57), "bytecode.magic", 0)
vbin("magic_only", b"VBIN", "bytecode.truncated", 4)
vbin("half_format_version", b"VBIN\x01", "bytecode.truncated", 4)
vbin("no_isa_version", b"VBIN\x01\x00", "bytecode.truncated", 6)
vbin("format_version_2", patch(example, 4, le16(2)), "bytecode.version", 4)
vbin("format_version_ffff", patch(example, 4, le16(0xFFFF)), "bytecode.version", 4)
vbin("isa_version_0", patch(example, 6, le16(0)), "bytecode.version", 6)
vbin("isa_version_2", patch(example, 6, le16(2)), "bytecode.version", 6)
vbin("header_only", example[:8], "bytecode.truncated", 8)
vbin("section_header_cut", example[:11], "bytecode.truncated", 8)
vbin("sections_out_of_order", container([(2, le32(196608) + le16(0)), (1, le16(0)), (3, le32(1) + END), (4, le16(0) + le32(0))]), "bytecode.section", 8)
vbin("unknown_section_id", patch(example, 8, b"\x09"), "bytecode.section", 8)
vbin("section_repeated", container([(1, le16(0)), (1, le16(0)), (3, le32(1) + END), (4, le16(0) + le32(0))]), "bytecode.section", 15)
vbin("section_missing_debug", container([(1, le16(0)), (2, le32(196608) + le16(0)), (3, le32(1) + END)]), "bytecode.truncated", 36)
vbin("params_length_huge", patch(example, 9, le32(0xFFFFFFFF)), "bytecode.truncated", 9)
vbin("cut_in_code", example[:100], "bytecode.truncated", 50)
vbin("cut_last_byte", example[:179], "bytecode.truncated", 115)
vbin("trailing_byte", example + b"\x00", "bytecode.trailing", 180)
vbin("trailing_section", example + b"\x04\x00\x00\x00\x00", "bytecode.trailing", 180)
vbin("param_kind_unknown", patch(example, 15, b"\x07"), "bytecode.param", 15)
vbin("param_kind_gm_f64", patch(example, 15, b"\x17"), "bytecode.param", 15)
vbin("param_name_invalid_utf8", patch(example, 18, b"\xff\x75\x74"), "bytecode.utf8", 18)
vbin("param_name_not_identifier", patch(example, 18, b"1ut"), "bytecode.param", 15)
# Found by the bytecode fuzzer: a parameter named like a register loaded, and its disassembly
# did not assemble (the assembler reserves register names).
vbin("param_name_register", patch(example, 18, b"r22"), "bytecode.param", 15)
vbin("param_name_length_past_section", patch(example, 16, le16(200)), "bytecode.truncated", 18)
vbin("params_payload_not_used_up", minimal(END, 1, params=le16(0) + b"\x00"), "bytecode.section", 15)
vbin("duplicate_param_name", minimal(END, 1, params=le16(2) + b"\x01" + lstr("n") + b"\x01" + lstr("n")), "bytecode.param", 19)
vbin("param_count_past_section", minimal(END, 1, params=le16(300)), "bytecode.truncated", 15)
vbin("ub_size_zero", minimal(END, 1, ub=0), "bytecode.buffer", 20)
vbin("ub_size_not_multiple_of_32", minimal(END, 1, ub=100), "bytecode.buffer", 20)
vbin("buffer_alignment_48", patch(example, 45, le32(48)), "bytecode.buffer", 32)
vbin("buffer_past_ub", patch(example, 41, le32(196609)), "bytecode.buffer", 32)
vbin("buffer_offset_misaligned", patch(example, 37, le32(16)), "bytecode.buffer", 32)
vbin("buffer_name_invalid_utf8", patch(example, 34, b"\xc3\x28\x66"), "bytecode.utf8", 34)
vbin("buffer_name_register", patch(example, 34, b"r31"), "bytecode.buffer", 32)
bufs2 = le16(2) + lstr("a") + le32(0) + le32(64) + le32(32) + lstr("b") + le32(32) + le32(64) + le32(32)
vbin("buffers_overlap", minimal(END, 1, buffers=bufs2), "bytecode.buffer", 41)
vbin("buffer_count_past_section", minimal(END, 1, buffers=le16(5000)), "bytecode.truncated", 26)
vbin("instruction_count_huge", minimal(b"", 0x00FFFFFF), "bytecode.truncated", 31)
vbin("instruction_count_ffffffff", minimal(END, 0xFFFFFFFF), "bytecode.truncated", 31)
vbin("instruction_cut_in_operand", minimal(b"\x01\x00", 1), "bytecode.truncated", 37)
vbin("code_not_used_up", minimal(END + END, 1), "bytecode.section", 36)
vbin("opcode_ff", minimal(b"\xff", 1), "bytecode.opcode", 35)
vbin("opcode_in_gap", minimal(b"\x13" + END, 2), "bytecode.opcode", 35)
vbin("suffix_not_allowed", minimal(b"\x40\x06" + imm(0) * 3 + imm(64) + END, 2), "bytecode.suffix", 36)
vbin("suffix_zero", minimal(b"\x40\x00" + imm(0) * 3 + imm(64) + END, 2), "bytecode.suffix", 36)
vbin("suffix_pair_on_single", minimal(b"\x40\x32" + imm(0) * 3 + imm(64) + END, 2), "bytecode.suffix", 36)
vbin("reg_operand_32", minimal(b"\x01\x20" + imm(1) + END, 2), "bytecode.operand", 36)
vbin("tag_register_32", minimal(b"\x01\x00\x20" + END, 2), "bytecode.operand", 37)
vbin("tag_unknown_42", minimal(b"\x01\x00\x42" + le32(0) + END, 2), "bytecode.operand", 37)
vbin("tag_41_fits_in_32_bits", minimal(b"\x01\x00\x41" + le64(5) + END, 2), "bytecode.operand", 37)
vbin("label_past_end", minimal(b"\x38" + le32(5) + END, 2), "bytecode.branch", 35)
vbin("label_ffffffff", minimal(b"\x39\x01" + imm(0) + le32(0xFFFFFFFF) + END, 2), "bytecode.branch", 35)
vbin("pipe_value_4", minimal(b"\x90\x04\x01\x00" + END, 2), "bytecode.operand", 35)
vbin("barrier_s", minimal(b"\x92\x00" + END, 2), "bytecode.barrier", 35)
vbin("barrier_5", minimal(b"\x92\x05" + END, 2), "bytecode.operand", 35)
vbin("flag_id_8", minimal(b"\x90\x00\x01\x08" + END, 2), "bytecode.flag", 35)
vbin("flag_same_pipe", minimal(b"\x90\x01\x01\x00" + END, 2), "bytecode.flag", 35)
vbin("cond_6", minimal(b"\x0f\x01\x02" + imm(0) + b"\x06" + END, 2), "bytecode.operand", 35)
vbin("round_5", minimal(b"\x29\x01\x02\x05" + END, 2), "bytecode.operand", 35)
vbin("param_index_without_params", minimal(b"\x12\x01\x00" + END, 2), "bytecode.param", 35)
vbin("trap_code_range", minimal(b"\x37" + imm(65536) + END, 2), "bytecode.range", 35)
vbin("ub_operand_misaligned", minimal(b"\x55\x03" + imm(16) + imm(0) + imm(8) + END, 2), "bytecode.alignment", 35)
vbin("ub_operand_past_ub", minimal(b"\x55\x03" + imm(196608) + imm(0) + imm(8) + END, 2), "bytecode.range", 35)
vbin("ub_operand_negative", minimal(b"\x55\x03" + imm(-32) + imm(0) + imm(8) + END, 2), "bytecode.range", 35)
vbin("ubbyte_misaligned", minimal(b"\x30\x05\x01" + imm(2) + END, 2), "bytecode.alignment", 35)
vbin("ubbyte_element_past_ub", minimal(b"\x30\x01\x01" + imm(196608) + END, 2), "bytecode.range", 35)
vbin("float_immediate_64_bit", minimal(b"\x20\x01" + imm(1 << 40) + END, 2), "bytecode.float", 35)
vbin("vector_count_2p24_plus_1", minimal(b"\x55\x03" + imm(0) + imm(0) + imm((1 << 24) + 1) + END, 2), "bytecode.range", 35)
dbg_bad_count = le16(1) + lstr("k.asm") + le32(3) + (le16(0) + le32(1) + le16(1)) * 3
vbin("debug_count_mismatch", minimal(END, 1, debug=dbg_bad_count), "bytecode.debug", 50)
dbg_bad_file = le16(1) + lstr("k.asm") + le32(1) + le16(1) + le32(1) + le16(1)
vbin("debug_file_index", minimal(END, 1, debug=dbg_bad_file), "bytecode.debug", 54)
vbin("debug_locations_cut", minimal(END, 1, debug=le16(1) + lstr("k.asm") + le32(1) + le16(0)), "bytecode.truncated", 50)
vbin("debug_path_invalid_utf8", minimal(END, 1, debug=le16(1) + lstr(b"\xfe\xff") + le32(0)), "bytecode.utf8", 45)
vbin("debug_file_count_huge", minimal(END, 1, debug=le16(0xFFFF) + le32(0)), "bytecode.truncated", 47)

# ---------------------------------------------------------------------------------------------
# npy: bad .npy files, read from bytes and from the file. `message` is a fragment of the error.
N = "npy"

def npy_bytes(header, data=b"", version=(1, 0), pad=True, length=None):
    h = header.encode("latin-1") if isinstance(header, str) else header
    pre = 12 if version[0] >= 2 else 10
    if pad:
        h = h + b" " * ((64 - (pre + len(h) + 1) % 64) % 64) + b"\n"
    n = len(h) if length is None else length
    lenfield = le32(n) if version[0] >= 2 else le16(n)
    return b"\x93NUMPY" + bytes(version) + lenfield + h + data


def npy(name, data, eid, message=None):
    exp = [("id", eid)] + ([("message", message)] if message else [])
    write(N, name + ".npy", data, exp)

good = "{'descr': '<f4', 'fortran_order': False, 'shape': (4,), }"
npy("empty_file", b"", "npy.magic")
npy("bad_magic", b"\x93NUMPX\x01\x00" + npy_bytes(good, bytes(16))[8:], "npy.magic")
npy("text_file", b"descr,shape\nf4,4\n", "npy.magic")
npy("magic_only", b"\x93NUMPY", "npy.header", "preamble")
npy("version_4", npy_bytes(good, bytes(16), version=(4, 0)), "npy.version", "4.0")
npy("version_1_1", npy_bytes(good, bytes(16), version=(1, 1)), "npy.version", "1.1")
npy("cut_in_length", b"\x93NUMPY\x01\x00\x40", "npy.header", "preamble")
npy("header_length_past_end", npy_bytes(good, bytes(16), length=60000), "npy.header", "past the end")
npy("v2_header_length_4g", npy_bytes(good, bytes(16), version=(2, 0), length=0xFFFFFFFF), "npy.header", "past the end")
npy("header_not_dict", npy_bytes("[1, 2, 3]"), "npy.header", "not a dictionary")
npy("header_binary_garbage", npy_bytes(bytes(range(128, 192))), "npy.header", "malformed header")
npy("header_nul_bytes", npy_bytes(b"{'descr': '<f4'\x00, 'fortran_order': False, 'shape': (4,), }", bytes(16)), "npy.header")
npy("header_empty", npy_bytes(b"", pad=False), "npy.header", "end of header")
npy("missing_descr", npy_bytes("{'fortran_order': False, 'shape': (4,), }", bytes(16)), "npy.header", "lacks the key 'descr'")
npy("missing_shape", npy_bytes("{'descr': '<f4', 'fortran_order': False, }", bytes(16)), "npy.header", "lacks the key 'shape'")
npy("extra_key", npy_bytes("{'descr': '<f4', 'fortran_order': False, 'shape': (4,), 'x': 1, }", bytes(16)), "npy.header", "unexpected key 'x'")
npy("repeated_key", npy_bytes("{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (4,), }", bytes(16)), "npy.header", "repeats the key 'descr'")
npy("big_endian_f4", npy_bytes("{'descr': '>f4', 'fortran_order': False, 'shape': (4,), }", bytes(16)), "npy.endian", "big-endian")
npy("big_endian_i8", npy_bytes("{'descr': '>i8', 'fortran_order': False, 'shape': (2,), }", bytes(16)), "npy.endian", "big-endian")
npy("complex_dtype", npy_bytes("{'descr': '<c8', 'fortran_order': False, 'shape': (2,), }", bytes(16)), "npy.dtype")
npy("structured_dtype", npy_bytes("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (4,), }", bytes(16)), "npy.dtype", "structured")
npy("no_byte_order_f4", npy_bytes("{'descr': '|f4', 'fortran_order': False, 'shape': (4,), }", bytes(16)), "npy.dtype", "no byte order")
npy("descr_empty", npy_bytes("{'descr': '', 'fortran_order': False, 'shape': (4,), }", bytes(16)), "npy.dtype")
npy("fortran_order_string", npy_bytes("{'descr': '<f4', 'fortran_order': 'yes', 'shape': (4,), }", bytes(16)), "npy.order")
npy("shape_negative_axis_1", npy_bytes("{'descr': '<f4', 'fortran_order': False, 'shape': (2, -3), }"), "npy.shape", "axis 1")
npy("shape_product_overflows", npy_bytes("{'descr': '<f4', 'fortran_order': False, 'shape': (4611686018427387904, 4), }"), "npy.shape", "64 bits")
npy("shape_bytes_overflow", npy_bytes("{'descr': '<f8', 'fortran_order': False, 'shape': (2305843009213693952,), }"), "npy.shape", "64 bits")
npy("shape_axis_beyond_int64", npy_bytes("{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999,), }"), "npy.shape", "axis 0")
npy("huge_shape_no_data", npy_bytes("{'descr': '<f4', 'fortran_order': False, 'shape': (1000000, 1000000), }"), "npy.size", "4000000000000 bytes")
npy("huge_shape_fortran", npy_bytes("{'descr': '<f4', 'fortran_order': True, 'shape': (100000, 100000, 100), }", bytes(64)), "npy.size")
npy("shape_not_tuple", npy_bytes("{'descr': '<f4', 'fortran_order': False, 'shape': 4, }", bytes(16)), "npy.header", "tuple")
npy("shape_parenthesised_int", npy_bytes("{'descr': '<f4', 'fortran_order': False, 'shape': (4), }", bytes(16)), "npy.header", "tuple")
npy("shape_float", npy_bytes("{'descr': '<f4', 'fortran_order': False, 'shape': (2.5,), }", bytes(16)), "npy.header")
npy("shape_string_axis", npy_bytes("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 'x'), }", bytes(16)), "npy.header", "axis 1")
npy("data_too_short", npy_bytes(good, bytes(12)), "npy.size", "holds 12")
npy("data_trailing", npy_bytes(good, bytes(20)), "npy.size", "holds 20")
npy("deep_nesting", npy_bytes("{'descr': '<f4', 'fortran_order': False, 'shape': " + "(" * 40 + ")" * 40 + ", }"), "npy.header", "nesting")
npy("unterminated_string", npy_bytes("{'descr': '<f4, 'fortran_order': False, 'shape': (4,), }", bytes(16)), "npy.header")
npy("escape_in_string", npy_bytes("{'descr': '<\\x66\\x34', 'fortran_order': False, 'shape': (4,), }", bytes(16)), "npy.header", "escape")
npy("unterminated_dict", npy_bytes("{'descr': '<f4', 'fortran_order': False, 'shape': (4,)", bytes(16)), "npy.header")
npy("text_after_dict", npy_bytes("{'descr': '<f4', 'fortran_order': False, 'shape': (4,), } x", bytes(16)), "npy.header", "after the dictionary")
npy("non_string_key", npy_bytes("{1: '<f4', 'fortran_order': False, 'shape': (4,), }", bytes(16)), "npy.header", "keys must be strings")

# ---------------------------------------------------------------------------------------------
# Command lines: NAME.args holds the command (vasm or vrun) then one argument per line; $DIR is
# the case's directory, $TMP a scratch directory. `exit` is the exit code, `stderr` fragments.

def cli(cat, name, args, exit_code, *fragments, **more):
    exp = [("exit", exit_code)] + [("stderr", f) for f in fragments] + [(k, v) for k, v in more.items()]
    write(cat, name + ".args", "\n".join(args) + "\n", exp)

CV = "cli-vasm"
write(CV, "ok.asm", ".param x, gm.f32\n ldparam r1, x\n end\n")
write(CV, "broken.asm", " nop\n vadx.f32 0, 0, 0, 64\n end\n")
write(CV, "garbage.vbin", b"NOT A VBIN FILE")
write(CV, "truncated.vbin", example[:100])
cli(CV, "no_arguments", ["vasm"], 64, "missing argument", "vasm --help")
cli(CV, "unknown_option", ["vasm", "--frobnicate", "$DIR/ok.asm"], 64, "unknown option '--frobnicate'")
cli(CV, "output_without_value", ["vasm", "$DIR/ok.asm", "-o"], 64, "needs a value")
cli(CV, "output_twice", ["vasm", "$DIR/ok.asm", "-o", "$TMP/a.vbin", "-o", "$TMP/b.vbin"], 64, "more than once")
cli(CV, "ub_size_not_number", ["vasm", "$DIR/ok.asm", "--ub-size", "abc"], 64, "not a valid number")
cli(CV, "ub_size_not_multiple", ["vasm", "$DIR/ok.asm", "--ub-size", "100"], 64, "not a multiple of 32")
cli(CV, "ub_size_zero", ["vasm", "$DIR/ok.asm", "--ub-size", "0"], 64, "--ub-size")
cli(CV, "ub_size_huge", ["vasm", "$DIR/ok.asm", "--ub-size", "99999999999999999999"], 64, "--ub-size")
cli(CV, "disassemble_with_define", ["vasm", "-d", "$DIR/garbage.vbin", "-D", "X=1"], 64, "apply to assembly")
cli(CV, "two_inputs", ["vasm", "$DIR/ok.asm", "$DIR/ok.asm"], 64, "unexpected argument")
cli(CV, "define_without_name", ["vasm", "$DIR/ok.asm", "-D", "=5"], 64, "-D needs NAME")
cli(CV, "define_twice", ["vasm", "$DIR/ok.asm", "-D", "X=1", "-DX=2"], 64, "more than once")
cli(CV, "define_bad_value", ["vasm", "$DIR/ok.asm", "-o", "$TMP/ok.vbin", "-D", "X=1+"], 1, "[asm.bad-define]", "<command line>")
cli(CV, "define_bad_name", ["vasm", "$DIR/ok.asm", "-o", "$TMP/ok.vbin", "-D", "1X=2"], 1, "[asm.bad-define]")
cli(CV, "input_not_found", ["vasm", "$DIR/no_such.asm", "-o", "$TMP/x.vbin"], 1, "[asm.file-not-found]")
cli(CV, "assembly_error", ["vasm", "$DIR/broken.asm", "-o", "$TMP/x.vbin"], 1, "broken.asm:2:2: error", "[asm.unknown-mnemonic]")
cli(CV, "output_dir_missing", ["vasm", "$DIR/ok.asm", "-o", "$TMP/no/such/dir/x.vbin"], 1, "cannot open")
cli(CV, "disassemble_missing", ["vasm", "-d", "$DIR/no_such.vbin"], 1, "[vasm.file-not-found]")
cli(CV, "disassemble_garbage", ["vasm", "-d", "$DIR/garbage.vbin"], 1, "byte 0: error", "[bytecode.magic]")
cli(CV, "disassemble_truncated", ["vasm", "-d", "$DIR/truncated.vbin"], 1, "byte 50: error", "[bytecode.truncated]")
cli(CV, "empty_argument", ["vasm", ""], 1, "[asm.file-not-found]")

CR = "cli-vrun"
write(CR, "k.asm", ".param x, gm.f32\n.param n, i64\n.param s, f32\n ldparam r1, n\n end\n")
write(CR, "loop.asm", "loop: add r1, r1, 1\n jmp loop\n")
write(CR, "broken.asm", " nop\n bogus\n end\n")
write(CR, "garbage.vbin", b"\x00" * 64)
write(CR, "m_bad.json", "{ \"cores\": 8, ")
write(CR, "m_unknown_field.json", "{ \"coresss\": 8 }")
write(CR, "m_negative_cores.json", "{ \"cores\": -1 }")
write(CR, "m_wrong_type.json", "{ \"cores\": \"many\" }")
write(CR, "m_binary.json", b"\xff\xfe\x00\x01")
BIND = ["--alloc", "x=f32[64]", "--param", "n=1", "--param", "s=1.5"]
cli(CR, "no_arguments", ["vrun"], 64, "missing argument", "vrun --help")
cli(CR, "unknown_option", ["vrun", "$DIR/k.asm", "--fast"], 64, "unknown option '--fast'")
cli(CR, "cores_zero", ["vrun", "$DIR/k.asm", "--cores", "0"] + BIND, 64, "--cores")
cli(CR, "cores_more_than_machine", ["vrun", "$DIR/k.asm", "--cores", "49"] + BIND, 64, "has 48 cores")
cli(CR, "cores_not_number", ["vrun", "$DIR/k.asm", "--cores", "two"] + BIND, 64, "not a valid number")
cli(CR, "threads_zero", ["vrun", "$DIR/k.asm", "--threads", "0"] + BIND, 64, "--threads")
cli(CR, "machine_unknown_preset", ["vrun", "$DIR/k.asm", "--machine", "910c"] + BIND, 64, "unknown machine '910c'")
cli(CR, "machine_file_missing", ["vrun", "$DIR/k.asm", "--machine", "$DIR/none.json"] + BIND, 1, "[machine.io]")
cli(CR, "machine_file_bad_json", ["vrun", "$DIR/k.asm", "--machine", "$DIR/m_bad.json"] + BIND, 1, "[machine.json]")
cli(CR, "machine_file_binary", ["vrun", "$DIR/k.asm", "--machine", "$DIR/m_binary.json"] + BIND, 1, "[machine.json]")
cli(CR, "machine_unknown_field", ["vrun", "$DIR/k.asm", "--machine", "$DIR/m_unknown_field.json"] + BIND, 1, "[machine.unknown-field]")
cli(CR, "machine_negative_cores", ["vrun", "$DIR/k.asm", "--machine", "$DIR/m_negative_cores.json"] + BIND, 1, "[machine.range]")
cli(CR, "machine_wrong_type", ["vrun", "$DIR/k.asm", "--machine", "$DIR/m_wrong_type.json"] + BIND, 1, "[machine.type]")
cli(CR, "kernel_wrong_extension", ["vrun", "$DIR/k.txt"] + BIND, 64, "must be a .asm or .vbin")
cli(CR, "kernel_vbin_missing", ["vrun", "$DIR/none.vbin"], 1, "[vrun.file-not-found]")
cli(CR, "kernel_vbin_garbage", ["vrun", "$DIR/garbage.vbin"], 1, "byte 0", "[bytecode.magic]")
cli(CR, "kernel_asm_missing", ["vrun", "$DIR/none.asm"], 1, "[asm.file-not-found]")
cli(CR, "kernel_asm_broken", ["vrun", "$DIR/broken.asm"], 1, "broken.asm:2:2", "[asm.unknown-mnemonic]")
cli(CR, "define_with_vbin", ["vrun", "$DIR/garbage.vbin", "-D", "X=1"], 64, "-D applies to .asm")
cli(CR, "param_not_integer", ["vrun", "$DIR/k.asm", "--alloc", "x=f32[64]", "--param", "n=abc", "--param", "s=1"], 64, "is not a 64-bit integer")
cli(CR, "param_integer_overflow", ["vrun", "$DIR/k.asm", "--alloc", "x=f32[64]", "--param", "n=9223372036854775808", "--param", "s=1"], 64, "is not a 64-bit integer")
cli(CR, "param_float_overflow", ["vrun", "$DIR/k.asm", "--alloc", "x=f32[64]", "--param", "n=1", "--param", "s=1e39"], 64, "fits in f32")
cli(CR, "param_without_value", ["vrun", "$DIR/k.asm", "--param", "n"], 64, "--param needs NAME=VALUE")
cli(CR, "param_unknown", ["vrun", "$DIR/k.asm", "--param", "m=1"] + BIND, 64, "no parameter 'm'")
cli(CR, "param_bound_twice", ["vrun", "$DIR/k.asm", "--param", "n=2"] + BIND, 64, "bound twice")
cli(CR, "param_unbound", ["vrun", "$DIR/k.asm", "--param", "n=2"], 64, "not bound", "--alloc x=f32[DIMS]")
cli(CR, "alloc_bad_spec", ["vrun", "$DIR/k.asm", "--alloc", "x=f32(64)", "--param", "n=1", "--param", "s=1"], 64, "expected TYPE[DIMS]")
cli(CR, "alloc_negative_dim", ["vrun", "$DIR/k.asm", "--alloc", "x=f32[-4]", "--param", "n=1", "--param", "s=1"], 64, "expected TYPE[DIMS]")
cli(CR, "alloc_huge", ["vrun", "$DIR/k.asm", "--alloc", "x=f32[1000000000000,1000000000000]", "--param", "n=1", "--param", "s=1"], 64, "is larger than")
cli(CR, "trace_cores_without_trace", ["vrun", "$DIR/k.asm", "--trace-cores", "0"] + BIND, 64, "add --trace FILE.json")
cli(CR, "trace_window_backwards", ["vrun", "$DIR/k.asm", "--trace", "$TMP/t.json", "--trace-window", "5:1"] + BIND, 64, "must be before END")
cli(CR, "trace_cores_not_running", ["vrun", "$DIR/k.asm", "--cores", "2", "--trace", "$TMP/t.json", "--trace-cores", "5"] + BIND, 64, "core 5 does not run")
cli(CR, "trace_cores_garbage", ["vrun", "$DIR/k.asm", "--trace", "$TMP/t.json", "--trace-cores", "1-"] + BIND, 64, "not a list of cores")
cli(CR, "max_cycles_negative", ["vrun", "$DIR/k.asm", "--max-cycles", "-1"] + BIND, 64, "not a positive number")
cli(CR, "max_cycles_nan", ["vrun", "$DIR/k.asm", "--max-cycles", "nan"] + BIND, 64, "not a positive number")
cli(CR, "max_instructions_runaway", ["vrun", "$DIR/loop.asm", "--cores", "2", "--max-instructions", "1000"], 1, "[budget.instructions]", "loop.asm:1:7")
cli(CR, "json_with_runtime_error", ["vrun", "$DIR/loop.asm", "--cores", "1", "--max-instructions", "100", "--json"], 1, "[budget.instructions]", stdout="\"budget.instructions\"")
cli(CR, "out_to_missing_dir", ["vrun", "$DIR/k.asm", "--cores", "1", "--out", "x=$TMP/no/dir/x.npy"] + BIND, 1, "[vrun.write]")

# ---------------------------------------------------------------------------------------------
# tensors: .npy inputs that do not match the kernel's .param (dtype) or its use (shape), bound
# through vrun. The kernel copies n f32 elements of x to z.
TN = "tensors"
write(TN, "copy_f32.asm", """.param x, gm.f32
.param z, gm.f32
.param n, i64
.buffer b, 4096
        ldparam r1, x
        ldparam r2, z
        ldparam r3, n
        shl r3, r3, 2
        copy_gm_ub_pad b, r1, 1, r3, 0, 0
        set_flag MTE2, MTE3, 0
        wait_flag MTE2, MTE3, 0
        copy_ub_gm_pad r2, b, 1, r3, 0, 0
        end
""")
write(TN, "typed.asm", ".param i, gm.i32\n.param u, gm.u8\n.param w, gm.u32\n.param h, gm.f16\n end\n")


def arr(descr, shape, itemsize, fortran=False):
    n = 1
    for s in shape:
        n *= s
    shp = "(" + ", ".join(str(s) for s in shape) + ("," if len(shape) == 1 else "") + ")"
    return npy_bytes("{'descr': '%s', 'fortran_order': %s, 'shape': %s, }" % (descr, "True" if fortran else "False", shp), bytes(n * itemsize))

write(TN, "f32_64.npy", arr("<f4", [64], 4))
write(TN, "f32_16.npy", arr("<f4", [16], 4))
write(TN, "f16_64.npy", arr("<f2", [64], 2))
write(TN, "f64_64.npy", arr("<f8", [64], 8))
write(TN, "i64_64.npy", arr("<i8", [64], 8))
write(TN, "i32_64.npy", arr("<i4", [64], 4))
write(TN, "bool_64.npy", arr("|b1", [64], 1))
write(TN, "f32_big_endian.npy", arr(">f4", [64], 4))
write(TN, "f32_negative_axis.npy", npy_bytes("{'descr': '<f4', 'fortran_order': False, 'shape': (8, -8), }"))
write(TN, "f32_short_data.npy", arr("<f4", [64], 4)[:-4])
X64 = ["--alloc", "z=f32[64]", "--param", "n=64", "--cores", "1"]
cli(TN, "f16_for_f32", ["vrun", "$DIR/copy_f32.asm", "--in", "x=$DIR/f16_64.npy"] + X64, 1, "[vrun.dtype]", "f16_64.npy", "float16")
cli(TN, "f64_for_f32", ["vrun", "$DIR/copy_f32.asm", "--in", "x=$DIR/f64_64.npy"] + X64, 1, "[vrun.dtype]", "f64_64.npy", "float64")
cli(TN, "i32_for_f32", ["vrun", "$DIR/copy_f32.asm", "--in", "x=$DIR/i32_64.npy"] + X64, 1, "[vrun.dtype]", "int32")
cli(TN, "i64_for_i32", ["vrun", "$DIR/typed.asm", "--in", "i=$DIR/i64_64.npy", "--alloc", "u=u8[4]", "--alloc", "w=u32[4]", "--alloc", "h=f16[4]"], 1, "[vrun.dtype]", "int64")
cli(TN, "bool_for_u8", ["vrun", "$DIR/typed.asm", "--alloc", "i=i32[4]", "--in", "u=$DIR/bool_64.npy", "--alloc", "w=u32[4]", "--alloc", "h=f16[4]"], 1, "[vrun.dtype]", "bool")
cli(TN, "f32_for_f16", ["vrun", "$DIR/typed.asm", "--alloc", "i=i32[4]", "--alloc", "u=u8[4]", "--alloc", "w=u32[4]", "--in", "h=$DIR/f32_64.npy"], 1, "[vrun.dtype]", "gm.f16")
cli(TN, "npy_for_u32", ["vrun", "$DIR/typed.asm", "--alloc", "i=i32[4]", "--alloc", "u=u8[4]", "--in", "w=$DIR/i32_64.npy", "--alloc", "h=f16[4]"], 64, "no uint32 dtype")
cli(TN, "alloc_wrong_type", ["vrun", "$DIR/copy_f32.asm", "--in", "x=$DIR/f32_64.npy", "--alloc", "z=f16[64]", "--param", "n=64", "--cores", "1"], 64, "is gm.f32, not gm.f16")
cli(TN, "shape_too_small_for_n", ["vrun", "$DIR/copy_f32.asm", "--in", "x=$DIR/f32_16.npy"] + X64, 1, "[gm.bounds]", "copy_f32.asm:9:9")
cli(TN, "output_too_small_for_n", ["vrun", "$DIR/copy_f32.asm", "--in", "x=$DIR/f32_64.npy", "--alloc", "z=f32[8]", "--param", "n=64", "--cores", "1"], 1, "[gm.bounds]", "copy_f32.asm:12:9")
cli(TN, "big_endian_input", ["vrun", "$DIR/copy_f32.asm", "--in", "x=$DIR/f32_big_endian.npy"] + X64, 1, "[npy.endian]", "f32_big_endian.npy")
cli(TN, "negative_axis_input", ["vrun", "$DIR/copy_f32.asm", "--in", "x=$DIR/f32_negative_axis.npy"] + X64, 1, "[npy.shape]", "f32_negative_axis.npy", "axis 1")
cli(TN, "short_data_input", ["vrun", "$DIR/copy_f32.asm", "--in", "x=$DIR/f32_short_data.npy"] + X64, 1, "[npy.size]", "f32_short_data.npy")
cli(TN, "input_missing", ["vrun", "$DIR/copy_f32.asm", "--in", "x=$DIR/none.npy"] + X64, 1, "[vrun.file-not-found]", "none.npy")
cli(TN, "input_for_scalar", ["vrun", "$DIR/copy_f32.asm", "--in", "x=$DIR/f32_64.npy", "--alloc", "z=f32[64]", "--in", "n=$DIR/f32_64.npy"], 64, "scalar")
cli(TN, "out_for_scalar", ["vrun", "$DIR/copy_f32.asm", "--in", "x=$DIR/f32_64.npy", "--out", "n=$TMP/n.npy"] + X64, 64, "only GM buffers")
cli(TN, "input_is_kernel_text", ["vrun", "$DIR/copy_f32.asm", "--in", "x=$DIR/copy_f32.asm"] + X64, 1, "[npy.magic]", "copy_f32.asm")

# ---------------------------------------------------------------------------------------------
# runtime: kernels that assemble but break a rule of the machine. `arg` lines bind parameters
# (NAME=TYPE[COUNT] zero GM buffer, NAME=bytes:N untyped, NAME=i64:V, NAME=f32:V); `cores`,
# `budget` (instructions), `cycles` (cycle budget), `strict` set RunOptions. Expected: id, at
# (FILE:LINE:COL or `-` for none), core, pc, pipe.
R = "runtime"
XZ = ".param x, gm.f32\n.param z, gm.f32\n.buffer a, 256\n.buffer b, 256\n"  # kernels start on line 5
XZARGS = [("arg", "x=f32[64]"), ("arg", "z=f32[64]")]


def rt(name, text, eid, at, core=0, pc=None, pipe=None, args=(), **more):
    exp = [("id", eid), ("at", at)]
    exp.append(("core", "-" if core is None else core))
    if pc is not None: exp.append(("pc", pc))
    if pipe is not None: exp.append(("pipe", pipe))
    exp += list(args) + [(k, v) for k, v in more.items()]
    write(R, name + ".asm", text, exp)

rt("ub_bounds_vector", "mov r1, 196608 - 128\nvadd.f32 r1, r1, r1, 64\nend\n", "ub.bounds", "ub_bounds_vector.asm:2:1", pc=1, pipe="V")
rt("ub_bounds_scalar", "mov r1, 196608\nld.u32 r2, r1\nend\n", "ub.bounds", "ub_bounds_scalar.asm:2:1", pc=1, pipe="S")
rt("ub_address_negative", "mov r1, -32\nvdup.f32 r1, 1.0, 8\nend\n", "ub.bounds", "ub_address_negative.asm:2:1", pc=1, pipe="V")
rt("ub_misaligned_vector", "mov r1, 16\nvdup.f32 r1, 1.0, 8\nend\n", "ub.align", "ub_misaligned_vector.asm:2:1", pc=1, pipe="V")
rt("ub_misaligned_scalar", "mov r1, 2\nst.u32 7, r1\nend\n", "ub.align", "ub_misaligned_scalar.asm:2:1", pc=1, pipe="S")
rt("gm_null_address", XZ + "copy_gm_ub a, 0, 1, 8, 0, 0\nend\n", "gm.bounds", "gm_null_address.asm:5:1", pc=0, pipe="MTE2", args=XZARGS)
rt("gm_past_buffer", XZ + "ldparam r1, x\nadd r1, r1, 32\ncopy_gm_ub a, r1, 1, 8, 0, 0\nend\n", "gm.bounds", "gm_past_buffer.asm:7:1", pc=2, pipe="MTE2", args=XZARGS)
rt("gm_scalar_store_low", XZ + "stg.u32 1, 4\nend\n", "gm.bounds", "gm_scalar_store_low.asm:5:1", pc=0, pipe="S", args=XZARGS)
rt("gm_address_huge", XZ + "mov r1, 0x7fffffffffffff00\nldg.u32 r2, r1\nend\n", "gm.bounds", "gm_address_huge.asm:6:1", pc=1, pipe="S", args=XZARGS)
rt("gm_atomic_misaligned", XZ + "ldparam r1, z\nadd r1, r1, 2\nst.u32 0, b\nset_flag S, MTE3, 0\nwait_flag S, MTE3, 0\nscatter_add.f32 r1, a, b, 1, 4\nend\n",
   "gm.align", "gm_atomic_misaligned.asm:10:1", pc=5, pipe="MTE3", args=XZARGS)
rt("race_ub_copy_then_vector", XZ + "ldparam r1, x\ncopy_gm_ub a, r1, 1, 8, 0, 0\nvadds.f32 b, a, 1.0, 64\nend\n", "race.ub", "race_ub_copy_then_vector.asm:7:1", pc=2, pipe="V", args=XZARGS)
rt("race_ub_scalar_store", XZ + "st.u32 7, a\nvadds.f32 b, a, 1.0, 8\nend\n", "race.ub", "race_ub_scalar_store.asm:6:1", pc=1, pipe="V", args=XZARGS)
rt("race_gm_two_cores_write", XZ + "ldparam r1, z\nvdup.f32 a, 1.0, 64\nset_flag V, MTE3, 0\nwait_flag V, MTE3, 0\ncopy_ub_gm r1, a, 1, 8, 0, 0\nend\n",
   "race.gm-write", "race_gm_two_cores_write.asm:9:1", core=1, args=XZARGS + [("cores", 2)])
rt("race_gm_read_other_core", XZ + "ldparam r1, z\ncoreid r2\nbne r2, 0, reader\nvdup.f32 a, 1.0, 64\nset_flag V, MTE3, 0\nwait_flag V, MTE3, 0\ncopy_ub_gm r1, a, 1, 8, 0, 0\nend\nreader: copy_gm_ub b, r1, 1, 8, 0, 0\nend\n",
   "race.gm-read", "race_gm_read_other_core.asm:13:9", core=1, args=XZARGS + [("cores", 2)])
rt("race_gm_atomic_other_core", XZ + "ldparam r1, z\ncoreid r2\nbne r2, 0, reader\nst.u32 0, b\nset_flag S, MTE3, 0\nwait_flag S, MTE3, 0\nscatter_add.f32 r1, a, b, 1, 4\nend\nreader: copy_gm_ub a, r1, 1, 8, 0, 0\nend\n",
   "race.gm-atomic", "race_gm_atomic_other_core.asm:13:9", core=1, args=XZARGS + [("cores", 2)])
rt("race_gm_pipes_mte3_mte2", XZ + "ldparam r1, z\ncopy_ub_gm r1, a, 1, 8, 0, 0\ncopy_gm_ub b, r1, 1, 8, 0, 0\nend\n", "race.gm-pipes", "race_gm_pipes_mte3_mte2.asm:6:1", pc=1, pipe="MTE3", args=XZARGS)
rt("race_gm_pipes_scalar_store", XZ + "ldparam r1, z\nstg.u32 7, r1\ncopy_gm_ub b, r1, 1, 8, 0, 0\nend\n", "race.gm-pipes", "race_gm_pipes_scalar_store.asm:7:1", pc=2, pipe="MTE2", args=XZARGS)
rt("race_gm_own_atomic_read", XZ + "ldparam r1, z\nst.u32 0, b\nset_flag S, MTE3, 0\nwait_flag S, MTE3, 0\nscatter_add.f32 r1, a, b, 1, 4\npipe_barrier ALL\nldg.f32 r3, r1\nend\n",
   "race.gm-atomic-read", "race_gm_own_atomic_read.asm:11:1", pc=6, pipe="S", args=XZARGS)
rt("deadlock_wait_unset_flag", "nop\nwait_flag V, S, 3\nend\n", "deadlock", "deadlock_wait_unset_flag.asm:2:1", pc=1, pipe="S")
rt("deadlock_pipe_waits_at_end", "wait_flag MTE2, V, 0\nend\n", "deadlock", "deadlock_pipe_waits_at_end.asm:2:1", message="waits for every pipe to drain")
rt("deadlock_full_queue", "wait_flag S, V, 0\n" + "vdup.f32 0, 1.0, 8\n" * 16 + "set_flag S, V, 0\nend\n", "deadlock", "deadlock_full_queue.asm:17:1", pc=16, pipe="S")
rt("deadlock_two_cores_one_waits", "coreid r1\nbne r1, 1, done\nwait_flag MTE3, S, 0\ndone: end\n", "deadlock", "deadlock_two_cores_one_waits.asm:3:1", core=1, pc=2, args=[("cores", 2)])
rt("flag_set_twice", "set_flag S, V, 1\nset_flag S, V, 1\nend\n", "flag.double-set", "flag_set_twice.asm:2:1", pc=1, pipe="S")
rt("flag_set_twice_in_pipe", "set_flag V, MTE2, 2\nset_flag V, MTE2, 2\nend\n", "flag.double-set", "flag_set_twice_in_pipe.asm:2:1", pc=1, pipe="V")
rt("flag_left_set", "nop\nset_flag MTE3, V, 0\nend\n", "flag.left-set", "flag_left_set.asm:3:1", pc=2, pipe="S")
rt("budget_runaway_loop", "loop: add r1, r1, 1\njmp loop\n", "budget.instructions", "budget_runaway_loop.asm:1:7", budget=1000)
rt("budget_runaway_loop_4_cores", "coreid r2\nloop: add r1, r1, r2\njmp loop\n", "budget.instructions", "budget_runaway_loop_4_cores.asm:3:1", budget=500, cores=4)
rt("budget_cycles", "vdup.f32 0, 1.0, 16384\nend\n", "budget.cycles", "-", core=None, cycles=50)
rt("divide_by_zero", "mov r1, 7\ndiv r2, r1, r3\nend\n", "scalar.div-zero", "divide_by_zero.asm:2:1", pc=1, pipe="S")
rt("remainder_by_zero", "rem r2, r1, 0\nend\n", "scalar.div-zero", "remainder_by_zero.asm:1:1", pc=0)
rt("ftoi_nan", "fmov r1, nan\nftoi r2, r1, rn\nend\n", "scalar.ftoi", "ftoi_nan.asm:2:1", pc=1)
rt("ftoi_too_big", "fmov r1, 1e30\nftoi r2, r1, rz\nend\n", "scalar.ftoi", "ftoi_too_big.asm:2:1", pc=1)
rt("ran_past_end", "nop\nnop\n", "pc.end", "ran_past_end.asm:2:1", pc=1)
rt("trap_42", "nop\ntrap 42\nend\n", "trap", "trap_42.asm:2:1", pc=1, message="trap 42")
rt("trap_on_core_3", "coreid r1\nbne r1, 3, ok\ntrap 7\nok: end\n", "trap", "trap_on_core_3.asm:3:1", core=3, pc=2, cores=4)
rt("sync_all_mismatch", "coreid r1\nbne r1, 0, done\nsync_all\ndone: end\n", "deadlock.sync-all", "sync_all_mismatch.asm:3:1", core=0, cores=2)
rt("gather_offset_outside_ub", "st.u32 196608, 0\nset_flag S, V, 0\nwait_flag S, V, 0\ngather.f32 64, 128, 0, 1\nend\n", "gather.offset", "gather_offset_outside_ub.asm:4:1", pc=3, pipe="V")
rt("gather_offset_negative", "st.i32 -2, 0\nset_flag S, V, 0\nwait_flag S, V, 0\ngather.f16 64, 128, 0, 1\nend\n", "gather.offset", "gather_offset_negative.asm:4:1", pc=3, pipe="V")
rt("gather_offset_odd", "st.u32 3, 0\nset_flag S, V, 0\nwait_flag S, V, 0\ngather.f16 64, 128, 0, 1\nend\n", "gather.offset", "gather_offset_odd.asm:4:1", pc=3, pipe="V")
rt("gather_same_address", "gather.f32 64, 64, 0, 1\nend\n", "gather.same", "gather_same_address.asm:1:1", pc=0)
rt("gather_straddle_strict", "st.u32 30, 0\nset_flag S, V, 0\nwait_flag S, V, 0\ngather.f32 64, 128, 0, 1\nend\n", "gather.straddle", "gather_straddle_strict.asm:4:1", pc=3, strict=1)
rt("vector_count_negative", "mov r1, -1\nvdup.f32 0, 1.0, r1\nend\n", "vector.count", "vector_count_negative.asm:2:1", pc=1, pipe="V")
rt("vector_count_huge", "mov r1, 0x7fffffffffffffff\nvdup.f32 0, 1.0, r1\nend\n", "vector.count", "vector_count_huge.asm:2:1", pc=1, pipe="V")
rt("vector_group_not_dividing", "vgsum.f32 0, 256, 3, 64\nend\n", "vector.group", "vector_group_not_dividing.asm:1:1", pc=0)
rt("dma_count_zero", XZ + "ldparam r1, x\nmov r2, 0\ncopy_gm_ub a, r1, r2, 8, 0, 0\nend\n", "dma.range", "dma_count_zero.asm:7:1", pc=2, pipe="MTE2", args=XZARGS)
rt("dma_gap_negative", XZ + "ldparam r1, x\nmov r2, -1000\ncopy_gm_ub a, r1, 2, 1, r2, 0\nend\n", "dma.range", "dma_gap_negative.asm:7:1", pc=2, pipe="MTE2", args=XZARGS)
rt("atomic_size_not_elements", XZ + "ldparam r1, z\nscatter_add.f32 r1, a, b, 1, 6\nend\n", "dma.atomic-size", "atomic_size_not_elements.asm:6:1", pc=1, pipe="MTE3", args=XZARGS)
rt("args_missing", XZ + "end\n", "args.missing", "-", core=None, args=[("arg", "x=f32[64]")])
rt("args_unknown", XZ + "end\n", "args.unknown", "-", core=None, args=XZARGS + [("arg", "w=i64:1")])
rt("args_scalar_for_buffer", XZ + "end\n", "args.type", "-", core=None, args=[("arg", "x=i64:3"), ("arg", "z=f32[64]")])
rt("args_odd_bytes_for_f32", XZ + "end\n", "args.type", "-", core=None, args=[("arg", "x=bytes:6"), ("arg", "z=f32[64]")])
rt("args_wrong_element_type", XZ + "end\n", "args.type", "-", core=None, args=[("arg", "x=f16[2]"), ("arg", "z=f32[64]")])
rt("args_buffer_for_scalar", ".param n, i64\nend\n", "args.type", "-", core=None, args=[("arg", "n=f32[4]")])
rt("args_too_many_cores", "end\n", "args.cores", "-", core=None, cores=49)
rt("args_ub_bigger_than_machine", ".ubsize 262144\nend\n", "args.ub", "-", core=None)


# ---------------------------------------------------------------------------------------------
# Crashes found by this work (docs/Robustness.md, "Findings"), fixed since: overflow-safe bounds
# messages and vbcast, trap reporting a register's value, bounded machine JSON fields. A new
# finding that would kill the test process can be added with `pending="..."` until it is fixed.
rt("ub_address_near_int64_max_vector", "mov r2, 0x7fffffffffffffe0\nvdup.f32 r2, 1.0, 8\nend\n", "ub.bounds", "ub_address_near_int64_max_vector.asm:2:1", pc=1, pipe="V")
rt("ub_address_near_int64_max_scalar", "mov r2, 0x7ffffffffffffffc\nld.u32 r3, r2\nend\n", "ub.bounds", "ub_address_near_int64_max_scalar.asm:2:1", pc=1, pipe="S")
rt("vbcast_huge_repeat", "mov r2, 0x7fffffffffffffff\nvbcast.f32 64, 256, r2, 8\ntrap 1\nend\n", "trap", "vbcast_huge_repeat.asm:3:1", pc=2)
rt("trap_code_in_register", "mov r2, 77\ntrap r2\nend\n", "trap", "trap_code_in_register.asm:2:1", pc=1, message="trap 77")
write(CR, "m_ub_2p32.json", '{ "ubBytes": 4294967296 }')
write(CR, "m_ub_huge.json", '{ "ubBytes": 1000000000000 }')
write(CR, "m_queue_huge.json", '{ "queueDepth": 1000000000000 }')
write(CR, "m_cores_huge.json", '{ "cores": 1000000000000 }')
cli(CR, "machine_ub_bytes_2p32", ["vrun", "$DIR/k.asm", "--cores", "1", "--machine", "$DIR/m_ub_2p32.json"] + BIND, 1, "[machine.range]")
cli(CR, "machine_ub_bytes_huge", ["vrun", "$DIR/k.asm", "--cores", "1", "--machine", "$DIR/m_ub_huge.json"] + BIND, 1, "[machine.range]")
cli(CR, "machine_queue_depth_huge", ["vrun", "$DIR/k.asm", "--cores", "1", "--machine", "$DIR/m_queue_huge.json"] + BIND, 1, "[machine.range]")
cli(CR, "machine_cores_huge", ["vrun", "$DIR/k.asm", "--machine", "$DIR/m_cores_huge.json"] + BIND, 1, "[machine.range]")

# Reading devices: the file readers (ISA.readWholeFile) stop a file that is not a regular file
# after 64 MiB instead of reading /dev/zero until memory runs out.
write(CR, "debug_dev_zero.asm", '.file 0 "/dev/zero"\n.loc 0 1 1\n nop\n end\n')
cli(CR, "profile_debug_path_dev_zero", ["vrun", "$DIR/debug_dev_zero.asm", "--cores", "1", "--profile"], 0, stdout="profile")
cli(CR, "in_dev_zero", ["vrun", "$DIR/k.asm", "--cores", "1", "--in", "x=/dev/zero", "--param", "n=1", "--param", "s=1"], 1, "/dev/zero")
cli(CR, "machine_dev_zero", ["vrun", "$DIR/k.asm", "--cores", "1", "--machine", "/dev/zero"] + BIND, 1, "/dev/zero")
cli(CV, "input_dev_zero", ["vasm", "/dev/zero", "-o", "$TMP/z.vbin"], 1, "/dev/zero")

total = sum(count.values())
for c in sorted(count):
    print(f"{c:12} {count[c]}")
print(f"{'total':12} {total}")
