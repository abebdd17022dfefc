#ifndef ENLINT_TEXT_SCAN_H
#define ENLINT_TEXT_SCAN_H

// Byte tests for the rules that look at the text of values (EN502 invalid email, EN601 formula
// injection, EN602 risky character): a per-value email test, a walk of a batch's email fields,
// and one scan of a whole batch's bytes for the other two. They live in enlint_text_scan.c, which picks an AVX2 version at run time when the
// processor has it (AVX2's 32-byte vectors and three-operand instructions need about half the
// instructions of SSE2; the call itself costs a few), SSE2 otherwise, portable C elsewhere.

#include <stddef.h>
#include <stdint.h>

#include "enlint_field_span.h"

/// Whether the n bytes at p (3 <= n <= 64; anything else says no) are plainly a valid address:
/// printable ASCII without space, ',' or ';'; exactly one '@', neither first nor last; after
/// it, at least one '.', no empty label, and no '.' or '-' at the edge of a label.
///
/// Reads whole vectors from p: bytes past n too when they lie in the same memory page (a load
/// inside a mapped page cannot fault; those bits are masked off); otherwise it copies the n
/// bytes to a zeroed block first.
///
/// A function pointer to the best version, fetched once: a call through it costs less than a
/// call that chooses the version on every address.
typedef int (*enlint_email_test)(const uint8_t *p, size_t n);
enlint_email_test enlint_email_test_best(void);


/// The email fields of a batch of records, without a call per address: record k's is
/// spans[k * stride]. Sets bit k of `empty` for an unquoted empty field (flags 0, no bytes) and
/// bit k of `unsettled` for any other field that is not unquoted and plainly valid (the test
/// above); both bitmaps are zeroed by the caller, `count` bits long. Every byte before
/// `readable_end` may be read (the end of the batch's bytes): the test reads whole vectors,
/// past a field's end where they stay before it, else as the test above does.
void enlint_email_column(const uint8_t *base, const enlint_field_span *spans, size_t stride, size_t count,
                         const uint8_t *readable_end, uint64_t *empty, uint64_t *unsettled);

/// Index of the first risky character in p[0..<n]: '|', '\\', '!', or the UTF-8 of U+201C or
/// U+201D (E2 80 9C, E2 80 9D); n when there is none. Exact: other E2 sequences (en dash,
/// single quotes, the euro sign) and other letters do not stop it. Reads only p[0..<n].
size_t enlint_first_risky(const uint8_t *p, size_t n);

/// Where a scan puts the positions it found: the first `capacity` of them, in order, and how many
/// it found, counting up to capacity + 1 ("more than fit"). `positions` may be NULL when
/// capacity is 0; count starts at 0.
typedef struct {
    uint32_t *positions;
    size_t capacity;
    size_t count;
} enlint_positions;

/// One pass over the bytes of a batch of records p[0..<n] for two rules, each position noted in
/// its sink (a full sink notes no more; the scan stops when both are full). Reads only p[0..<n].
///
/// `formulas` (EN601): the positions where a field of the records may start with a formula
/// trigger ('=', '+', '-', '@', tab, CR: the first byte of the field, or the byte after its
/// opening quote). p[0] must start a record, and every field must start at a record start or
/// right after the delimiter, a '"', LF or CR. Each such position that holds a trigger is
/// looked at, and dismissed when it cannot be a formula: a CR that ends a record, a quote that
/// is not an opening one, or '+'/'-' followed only by digits, spaces, '.', '-', '(' and ')' up
/// to the end of the field (a number or phone number, or a lone dash).
///
/// `risky` (EN602): the position of every risky character (as `enlint_first_risky` finds the
/// first).
void enlint_text_scan(const uint8_t *p, size_t n, uint8_t delimiter, enlint_positions *formulas, enlint_positions *risky);

/// The same with the vector version capped, for tests that compare the versions: 0 portable
/// C, 1 SSE2, 2 AVX2 (each falls back to the best one below it the machine has).
enlint_email_test enlint_email_test_at_level(int level);
void enlint_email_column_at_level(const uint8_t *base, const enlint_field_span *spans, size_t stride, size_t count,
                                  const uint8_t *readable_end, uint64_t *empty, uint64_t *unsettled, int level);
size_t enlint_first_risky_at_level(const uint8_t *p, size_t n, int level);
void enlint_text_scan_at_level(const uint8_t *p, size_t n, uint8_t delimiter, enlint_positions *formulas,
                               enlint_positions *risky, int level);

#endif
