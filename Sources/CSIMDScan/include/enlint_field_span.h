#ifndef ENLINT_FIELD_SPAN_H
#define ENLINT_FIELD_SPAN_H

// The tokenizer's `FieldSpan` as the C code reads and writes it: the tokenizer (at start) and
// the rules (before they hand spans over) check that Swift lays it out this way.

#include <stdint.h>

/// A field's place in the tokenizer's buffer: raw bytes base[start..<end], quotes included;
/// flags 0 for an unquoted field whose raw bytes are its value. Two Int32 and a one-byte
/// option set, stride 12.
typedef struct enlint_field_span {
    int32_t start;
    int32_t end;
    uint8_t flags;
} enlint_field_span;

/// `FieldFlags.quoted`, `FieldFlags.needsUnescape` and `FieldFlags.unclosed` (a quoted field
/// that never closed, whose value runs to the span's end); `FieldSpan.isLaidOutAsInC` checks
/// that Swift agrees.
#define ENLINT_FIELD_QUOTED 1
#define ENLINT_FIELD_NEEDS_UNESCAPE 2
#define ENLINT_FIELD_UNCLOSED 4

#endif
